-- source_warnings: the warnings (failed cross-checks, assumed units) of
-- every loaded or superseded file, in the order they were recorded.
-- Output columns: source_id, sheet, cell, message, message_zh.
SELECT source_id, sheet, coalesce(cell, '') AS cell, message, message_zh
FROM warnings
ORDER BY source_id, rowid;
