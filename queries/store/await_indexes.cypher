// await_indexes: wait (up to 300 s) until every index is online, so queries right after `schema apply` use them.
CALL db.awaitIndexes(300)
