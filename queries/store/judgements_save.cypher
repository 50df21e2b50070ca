// judgements_save: store analysts' judgements beside the graph. :Judgement nodes carry no :Node label, so no
// traversal, count or export of the graph sees them. Parameters: $rows = [{id, at, body}], body being the JSON form.
UNWIND $rows AS row
MERGE (j:Judgement {id: row.id})
SET j.at = row.at, j.body = row.body
RETURN count(*) AS saved
