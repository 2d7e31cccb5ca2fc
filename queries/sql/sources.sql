-- sources: every file the database has seen, newest record of a path
-- first after its older ones (ordered by path, then id), for the web
-- page's files list.
-- Output columns: id, path, status, size, modified, rows, seen_at,
-- duplicate_of, superseded_by.
-- status is loaded, rejected, duplicate, superseded or ignored (every
-- record of a path but its newest is superseded, or loaded when a newer
-- version was rejected); rows counts the spreadsheet rows loaded (0 unless
-- loaded, or superseded after it was loaded); duplicate_of and
-- superseded_by are source ids, 0 when none.
SELECT id, path, status, size, modified, coalesce(rows, 0) AS rows, seen_at,
       coalesce(duplicate_of, 0) AS duplicate_of, coalesce(superseded_by, 0) AS superseded_by
FROM sources
ORDER BY path, id;
