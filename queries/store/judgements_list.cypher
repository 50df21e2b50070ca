// judgements_list: every stored judgement in the order they apply (by time, then id). Parameters: none.
MATCH (j:Judgement)
RETURN j.body AS body
ORDER BY j.at, j.id
