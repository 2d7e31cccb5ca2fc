-- seen: what the database knows of a path and its content ($1 path, $2 sha256,
-- $3 the file's location).
-- Output columns: status, id (of the newest record of this path and content;
-- '' and 0 when none), loaded_as (a loaded source with the same content under
-- another path; 0 when none), elsewhere (the location of a loaded source of
-- this path recorded at another location; '' when none).
SELECT coalesce((SELECT status FROM sources WHERE path = $1 AND sha256 = $2 ORDER BY id DESC LIMIT 1), ''),
       coalesce((SELECT id FROM sources WHERE path = $1 AND sha256 = $2 ORDER BY id DESC LIMIT 1), 0),
       coalesce((SELECT min(id) FROM sources WHERE sha256 = $2 AND status = 'loaded' AND path <> $1), 0),
       coalesce((SELECT max(location) FROM sources
                 WHERE path = $1 AND status = 'loaded' AND location IS NOT NULL AND location <> $3), '');
