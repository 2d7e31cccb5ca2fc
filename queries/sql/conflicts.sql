-- conflicts: the figures of a year, region and indicator that disagree
-- with what counts instead of them, each with the place of the figure that
-- does not count (kind, then source_id, file, sheet, cell, value) and of
-- what counts (counted_value; counted_file, counted_sheet, counted_cell):
--   ledger:   a direct figure where a ledger reports the same year, region
--             and indicator with another total; the ledger counts (no
--             file, sheet or cell: it is the sum of rows; ledger_files.sql
--             names its files).
--   restated: a report of the same months (the year's, or a period's) as a
--             later one, with another value; the later counts.
--   restated target: a target (年度目标任务) cell that is not in force
--             because another target of the same year, region (or 'all')
--             and indicator with another value is (target_status says
--             which: the latest report of the year, then the workbook
--             loaded last, then the row lowest on its sheet).
-- Equal figures (and equal targets) are no conflict.
-- Output columns: kind, year, region, indicator, source_id, file, sheet,
-- cell, value, counted_value, counted_file, counted_sheet, counted_cell.
WITH ledger_conflicts AS (
    SELECT 'ledger' AS kind, l.year, l.region, l.indicator,
           arg_max(r.source_id, r.upto) AS source_id, arg_max(r.sheet, r.upto) AS sheet,
           arg_max(r.cell, r.upto) AS cell, f.value, l.value AS counted_value
    FROM ledger_totals l
    JOIN figure_totals f USING (year, region, indicator)
    JOIN figure_reports r USING (year, region, indicator)
    WHERE l.value <> f.value AND r.counts
    GROUP BY ALL
),
restated AS (
    SELECT 'restated' AS kind, e.year, e.region, e.indicator, e.source_id, e.sheet, e.cell, e.value,
           k.value AS counted_value, k.source_id AS counted_source, k.sheet AS counted_sheet, k.cell AS counted_cell
    FROM figure_reports e
    JOIN figure_reports k
      ON k.year = e.year AND k.region = e.region AND k.indicator = e.indicator
     AND k.from_month = e.from_month AND k.upto = e.upto AND k.restated = 1
    WHERE e.restated > 1 AND e.value <> k.value
),
restated_targets AS (
    SELECT 'restated target' AS kind, e.year, e.region, e.indicator, e.source_id, e.sheet, e.value_cell AS cell,
           e.value, k.value AS counted_value, k.source_id AS counted_source, k.sheet AS counted_sheet,
           k.value_cell AS counted_cell
    FROM target_status e
    JOIN target_status k
      ON k.year = e.year AND k.region = e.region AND k.indicator = e.indicator AND k.status = 'target'
    WHERE e.status = 'earlier target' AND e.value <> k.value
)
SELECT c.kind, c.year, c.region, c.indicator, c.source_id, s.path AS file, c.sheet, c.cell, c.value,
       c.counted_value, NULL AS counted_file, NULL AS counted_sheet, NULL AS counted_cell
FROM ledger_conflicts c JOIN sources s ON s.id = c.source_id
UNION ALL
SELECT r.kind, r.year, r.region, r.indicator, r.source_id, s.path, r.sheet, r.cell, r.value,
       r.counted_value, k.path, r.counted_sheet, r.counted_cell
FROM (SELECT * FROM restated UNION ALL SELECT * FROM restated_targets) r
JOIN sources s ON s.id = r.source_id JOIN sources k ON k.id = r.counted_source
ORDER BY 2, 3, 4, 1, 6, 7, 8;
