-- schema_version_record: records $1, the hash of schema.sql just applied.
INSERT INTO schema_version (hash) VALUES ($1);
