-- export_facts: the normalized facts behind the totals — every value that
-- can count towards an indicator, with its provenance — for exports.
-- Output columns: indicator, year, region, value, unit, event_date, status,
-- role, basis, period_from, period_to, cumulative, label, file, sha256,
-- source_id, sheet, row, cell.
-- value is DECIMAL(18,6) in unit (1 for a counted project); event_date is
-- the DATE the value counts on (signed, started, in production, paid, done;
-- NULL for direct figures and year-only rows).
-- status is as in trace.sql: counted | total row | breakdown row |
-- earlier report | ledger wins, and 'unassigned' for a data row without
-- year or region; the values whose status is 'counted' sum to the totals of
-- their year, region and indicator.
-- $1 years (INTEGER[]), $2 region code, $3 indicator codes (VARCHAR[]);
-- NULL: no filter.
SELECT c.indicator, c.year::INTEGER AS year, c.region, c.value::DECIMAL(18,6) AS value, i.unit,
       CASE
           WHEN c.indicator IN ('projects_signed', 'investment_signed') THEN p.signed_on
           WHEN c.indicator = 'projects_started' THEN p.started_on
           WHEN c.indicator = 'projects_in_production' THEN p.produced_on
           WHEN c.indicator = 'assistance_funds' THEN f.paid_on
           WHEN c.indicator = 'assistance_projects' THEN a.done_on
       END AS event_date,
       CASE
           WHEN c.role = 'total' THEN 'total row'
           WHEN c.role = 'breakdown' THEN 'breakdown row'
           WHEN c.year IS NULL OR c.region IS NULL THEN 'unassigned'
           WHEN c.basis = 'ledger' THEN 'counted'
           WHEN EXISTS (SELECT 1 FROM ledger_totals l
                        WHERE l.year = c.year AND l.region = c.region AND l.indicator = c.indicator)
               THEN 'ledger wins'
           WHEN coalesce(c.cumulative, true) AND r.rank <> 1 THEN 'earlier report'
           ELSE 'counted'
       END AS status,
       c.role, c.basis, c.period_from, c.period_to, c.cumulative, c.label,
       s.path AS file, s.sha256, c.source_id, c.sheet, c."row"::INTEGER AS "row", c.cell
FROM indicator_cells c
JOIN sources s ON s.id = c.source_id
LEFT JOIN indicators i ON i.code = c.indicator
LEFT JOIN figure_reports r
       ON c.basis = 'figure' AND r.source_id = c.source_id AND r.sheet = c.sheet
      AND r."row" = c."row" AND r.cell = c.cell AND r.indicator = c.indicator
LEFT JOIN projects p
       ON c.basis = 'ledger' AND p.source_id = c.source_id AND p.sheet = c.sheet AND p."row" = c."row"
      AND c.indicator IN ('projects_signed', 'investment_signed', 'projects_started', 'projects_in_production')
LEFT JOIN funds f
       ON c.basis = 'ledger' AND f.source_id = c.source_id AND f.sheet = c.sheet AND f."row" = c."row"
      AND c.indicator = 'assistance_funds'
LEFT JOIN assistance a
       ON c.basis = 'ledger' AND a.source_id = c.source_id AND a.sheet = c.sheet AND a."row" = c."row"
      AND c.indicator = 'assistance_projects'
WHERE ($1::INTEGER[] IS NULL OR list_contains($1::INTEGER[], c.year::INTEGER))
  AND ($2::VARCHAR IS NULL OR c.region = $2::VARCHAR)
  AND ($3::VARCHAR[] IS NULL OR list_contains($3::VARCHAR[], c.indicator))
ORDER BY s.path, c.source_id, c.sheet, c."row", i.position, c.indicator, c.cell;
