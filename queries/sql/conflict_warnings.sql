-- conflict_warnings: the recorded warnings of conflicts between figures
-- and between targets (kinds ledger, restated and restated target), in the
-- order conflicts.sql lists them, to compare with the conflicts found now.
-- Output columns: source_id, file, sheet, cell, kind, expected, found.
SELECT source_id, file, sheet, coalesce(cell, ''), kind, coalesce(expected, ''), coalesce(found, '')
FROM warnings WHERE kind IN ('ledger', 'restated', 'restated target')
ORDER BY rowid;
