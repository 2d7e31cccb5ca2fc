-- rejects: the problems recorded for rejected source $1.
-- Output columns: file, sheet, cell, value, reason, fix.
SELECT file, sheet, cell, value, reason, fix
FROM rejects WHERE source_id = $1
ORDER BY sheet NULLS FIRST, cell NULLS FIRST, reason;
