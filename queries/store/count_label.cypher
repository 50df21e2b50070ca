// count_label: how many nodes carry one schema label (answered from the count store, no scan).
// The store joins one copy per schema label with UNION ALL. __LABEL__ is a whitelisted schema label.
MATCH (n:__LABEL__)
RETURN '__LABEL__' AS name, count(n) AS count
