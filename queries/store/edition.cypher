// edition: the server's edition ('community' or 'enterprise'); property-existence constraints need enterprise.
CALL dbms.components() YIELD edition
RETURN edition
