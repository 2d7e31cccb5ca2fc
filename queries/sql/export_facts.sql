-- export_facts: the normalized facts behind the totals — every value that
-- can count towards an indicator, with its provenance — for exports.
-- Output columns: indicator, year, region, value, unit, event_date, status,
-- role, basis, period_from, period_to, cumulative, label, file, sha256,
-- source_id, sheet, row, cell.
-- value is DECIMAL(18,6) in unit (1 for a counted project); event_date and
-- status are those of the fact_status view (the date the value counts on;
-- whether it counts, and why not).
-- $1 years (INTEGER[]), $2 region code, $3 indicator codes (VARCHAR[]);
-- NULL: no filter.
SELECT c.indicator, c.year::INTEGER AS year, c.region, c.value::DECIMAL(18,6) AS value, i.unit,
       c.event_date, c.status, c.role, c.basis, c.period_from, c.period_to, c.cumulative, c.label,
       s.path AS file, s.sha256, c.source_id, c.sheet, c."row"::INTEGER AS "row", c.cell
FROM fact_status c
JOIN sources s ON s.id = c.source_id
LEFT JOIN indicators i ON i.code = c.indicator
WHERE ($1::INTEGER[] IS NULL OR list_contains($1::INTEGER[], c.year::INTEGER))
  AND ($2::VARCHAR IS NULL OR c.region = $2::VARCHAR)
  AND ($3::VARCHAR[] IS NULL OR list_contains($3::VARCHAR[], c.indicator))
ORDER BY s.path, c.source_id, c.sheet, c."row", i.position, c.indicator, c.cell;
