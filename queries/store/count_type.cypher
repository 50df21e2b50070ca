// count_type: how many relationships have one schema type (answered from the count store, no scan).
// The store joins one copy per schema type with UNION ALL. __TYPE__ is a whitelisted relationship type.
MATCH ()-[r:__TYPE__]->()
RETURN '__TYPE__' AS name, count(r) AS count
