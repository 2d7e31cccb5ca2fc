-- rejects_insert: records the problems of a rejected source, one row per
-- (…) tuple: the loader repeats the tuple below once per problem
-- (queries.values).
INSERT INTO rejects (source_id, file, sheet, cell, value, reason, fix, reason_zh, fix_zh, rejected_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
