-- A table, then a row in it.
CREATE TABLE test_thing (id INTEGER PRIMARY KEY, name VARCHAR(50));
INSERT INTO test_thing (id, name) VALUES (1, 'one');
