-- export_facts: the export_facts macro of schema.sql, for exports.
-- Output columns: indicator, year, region, value, unit, event_date, status,
-- role, basis, period_from, period_to, cumulative, label, file, sha256,
-- source_id, sheet, row, cell.
-- $1 years (INTEGER[]), $2 region code, $3 indicator codes (VARCHAR[]);
-- NULL: no filter.
FROM export_facts($1, $2, $3);
