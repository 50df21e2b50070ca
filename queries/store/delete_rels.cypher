// delete_rels: delete the relationships given as {source, type, target} rows; returns how many were deleted.
// Parameters: $rows = [{source: string, type: string, target: string}].
UNWIND $rows AS row
MATCH (:Node {id: row.source})-[r]->(:Node {id: row.target})
WHERE type(r) = row.type
DELETE r
RETURN count(*) AS deleted
