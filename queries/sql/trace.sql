-- trace: the cells behind the total of indicator $2 in year $1 (region $3,
-- NULL for all), and the rows excluded from it, each with its status (the
-- fact_status view); then the target cells (年度目标任务) of the same year,
-- indicator and region, with the statuses of the target_status view:
-- target (in force) and earlier target as they are, the others prefixed
-- (target total row, target breakdown row, target unassigned) so that they
-- are never read as a value's. A target never counts.
-- Output columns: file, sheet, cell, region, value, status, label, check.
-- check, for total and breakdown rows: ok, or mismatch when the row failed
-- its cross-check (a warning names its cell). A total row is listed under
-- the year of the rows it covers; one covering several years (year NULL)
-- under each year of its sheet.
-- The values whose status is 'counted' sum to the total.
WITH cells AS (
    SELECT c.source_id, c.sheet, c."row", c.cell, c.region, c.year, c.role, c.value, c.status, c.label,
           false AS is_target, s.path AS file
    FROM fact_status c JOIN sources s ON s.id = c.source_id
    WHERE c.indicator = $2 AND ($3 IS NULL OR c.region = $3)
    UNION ALL
    SELECT t.source_id, t.sheet, t."row", t.value_cell, t.region, t.year, t.role, t.value,
           CASE WHEN t.status IN ('target', 'earlier target') THEN t.status ELSE 'target ' || t.status END,
           t.indicator, true, s.path
    FROM target_status t JOIN sources s ON s.id = t.source_id
    WHERE t.indicator = $2 AND ($3 IS NULL OR t.region = $3)
),
contributing AS (
    SELECT DISTINCT source_id, sheet, is_target FROM cells WHERE year = $1 AND role = 'data'
),
listed AS (
    SELECT * FROM cells c
    WHERE c.year = $1
       OR (c.year IS NULL AND c.role <> 'data' AND EXISTS (
           SELECT 1 FROM contributing k
           WHERE k.source_id = c.source_id AND k.sheet = c.sheet AND k.is_target = c.is_target))
)
SELECT file, sheet, cell, region, value, status, label,
       CASE WHEN role <> 'data' THEN
           CASE WHEN EXISTS (SELECT 1 FROM warnings w
                             WHERE w.source_id = listed.source_id AND w.sheet = listed.sheet AND w.cell = listed.cell
                               AND w.kind IN ('total', 'subtotal', 'breakdown'))
                THEN 'mismatch' ELSE 'ok' END
       END AS "check"
FROM listed
ORDER BY file, sheet, "row", cell;
