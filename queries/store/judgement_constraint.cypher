// judgement_constraint: one judgement per id (run by `claimgraph schema apply`). Parameters: none.
CREATE CONSTRAINT judgement_id IF NOT EXISTS FOR (j:Judgement) REQUIRE j.id IS UNIQUE
