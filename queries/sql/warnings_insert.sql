-- warnings_insert: records failed cross-checks and assumed units, one row
-- per (…) tuple: the loader repeats the tuple below once per warning
-- (queries.values).
INSERT INTO warnings (source_id, file, sheet, cell, kind, expected, found, message, message_zh, warned_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
