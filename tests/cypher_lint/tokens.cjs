// How Neo4j's own parser reads each query: its tokens classified in context (keyword, variable, label, comment…)
// and, when "lint" is set, its errors, for the read-only guard's differential test. Reads [{"name", "text", "lint"}]
// as JSON on stdin;
// writes [{"name", "tokens": [[type, text]...], "errors": [message...]}] on stdout.
'use strict';
const { highlightSyntax, lintCypherQuery, isNotParamError } = require('@neo4j-cypher/language-support');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const results = JSON.parse(input).map(({ name, text, lint }) => {
    const tokens = highlightSyntax(text).map((t) => [t.tokenType, t.token]);
    const { diagnostics } = lint ? lintCypherQuery(text, { defaultLanguage: 'CYPHER 5' }) : { diagnostics: [] };
    const errors = diagnostics.filter((d) => isNotParamError(d) && d.severity === 1).map((d) => d.message);
    return { name, tokens, errors };
  });
  process.stdout.write(JSON.stringify(results));
});
