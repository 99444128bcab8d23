-- A row written, then a failing statement: the row must be rolled back with the script.
INSERT INTO msfhir_schema_version (version, description, applied_at) VALUES (99, 'written_before_failure', CURRENT_TIMESTAMP);
INSERT INTO no_such_table VALUES (1);
