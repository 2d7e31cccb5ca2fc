-- rejects: the problems recorded for rejected source $1, in the order they
-- were recorded (the workbook's order: file, then sheets, rows, columns).
-- rejects is append-only, so rowid is that order; sorting by the cell text
-- would put C10 before C9.
-- Output columns: file, sheet, cell, value, reason, fix, reason_zh, fix_zh.
SELECT file, sheet, cell, value, reason, fix, reason_zh, fix_zh
FROM rejects WHERE source_id = $1
ORDER BY rowid;
