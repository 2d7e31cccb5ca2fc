-- known: every source, for the cache of an ingest run (queries.CacheSources).
-- Output columns: id, path, sha256, size, modified, status, location ('' when
-- not recorded).
SELECT id, path, sha256, size, modified, status, coalesce(location, '') FROM sources ORDER BY id;
