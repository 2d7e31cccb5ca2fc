-- ledger_files: the files of the ledger rows of year $1, region $2 and
-- indicator $3, for a ledger conflict's warning (see conflicts.sql).
-- Output columns: path.
SELECT DISTINCT s.path
FROM ledger_facts(false) x JOIN sources s ON s.id = x.source_id
WHERE x.year = $1 AND x.region = $2 AND x.indicator = $3 AND x.role = 'data'
ORDER BY s.path;
