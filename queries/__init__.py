"""Every traversal of the graph: named, parameterised queries that answer alike on both stores.

``queries.registry.run_query(store, name, params)`` runs one; ``queries.registry.QUERIES`` lists them. The Cypher
each runs on Neo4j lives in ``queries/cypher/*.cypher`` (the store's own statements in ``queries/store/``).
This package imports nothing on import, so the Neo4j store can read its Cypher files cheaply.
"""
