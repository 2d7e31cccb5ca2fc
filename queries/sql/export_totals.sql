-- export_totals: the export_totals macro of schema.sql, for exports.
-- Output columns: year, region, indicator, value, unit, partial, basis,
-- name_zh, name_en.
-- $1 years (INTEGER[]), $2 region (a region code or 'all'), $3 indicator
-- codes (VARCHAR[]); NULL: no filter.
FROM export_totals($1, $2, $3);
