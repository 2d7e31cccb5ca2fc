-- sources_insert: records sources, one row per (…) tuple: the loader
-- repeats the tuple below once per source (queries.values).
INSERT INTO sources (id, path, sha256, size, modified, status, duplicate_of, rows, seen_at, location)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
