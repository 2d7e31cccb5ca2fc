-- targets: the export_targets macro of schema.sql — the targets in force
-- with their actuals and completion.
-- Output columns: year, region, indicator, target, actual, unit,
-- completion, name_zh, name_en, area.
-- $1 years (INTEGER[]), $2 region (a region code or 'all'), $3 indicator
-- codes (VARCHAR[]); NULL: no filter.
FROM export_targets($1, $2, $3);
