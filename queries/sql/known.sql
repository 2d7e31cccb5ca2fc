-- known: every source, for the cache of an ingest run (queries.CacheSources).
-- Output columns: id, path, sha256, size, modified, status.
SELECT id, path, sha256, size, modified, status FROM sources ORDER BY id;
