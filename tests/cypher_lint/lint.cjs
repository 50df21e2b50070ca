// Lint Cypher offline with Neo4j's language support library (the parser and semantic analysis of the Cypher 5
// front end). Reads [{"name", "text"}] as JSON on stdin; writes [{"name", "diagnostics": [...]}] on stdout.
// Undeclared $parameters are not errors here: the statements are templates run with their parameters.
'use strict';
const { lintCypherQuery, isNotParamError } = require('@neo4j-cypher/language-support');

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const results = JSON.parse(input).map(({ name, text }) => {
    const { diagnostics } = lintCypherQuery(text, { defaultLanguage: 'CYPHER 5' });
    return {
      name,
      diagnostics: diagnostics.filter(isNotParamError).map((d) => ({
        severity: SEVERITY[d.severity] || String(d.severity),
        message: d.message,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
      })),
    };
  });
  process.stdout.write(JSON.stringify(results));
});
