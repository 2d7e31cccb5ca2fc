-- schema_version: the hash of schema.sql as last applied (queries.Open).
-- Output columns: hash.
SELECT max(hash) FROM schema_version;
