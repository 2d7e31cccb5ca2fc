-- engine_version: the linked DuckDB library's version (queries.EngineVersion).
-- Output columns: version.
SELECT version() AS version;
