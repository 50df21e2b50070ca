// judgement_delete: remove one judgement, returning what it was. Parameters: $id = string.
MATCH (j:Judgement {id: $id})
WITH j, j.body AS body
DELETE j
RETURN body
