// count_all: every node and every relationship in the database (both answered from the count store).
CALL { MATCH (n) RETURN count(n) AS nodes }
CALL { MATCH ()-[r]->() RETURN count(r) AS rels }
RETURN nodes, rels
