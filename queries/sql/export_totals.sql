-- export_totals: the yearly totals of totals.sql, filtered by lists and
-- named, for exports.
-- Output columns: year, region, indicator, value, unit, partial, basis,
-- name_zh, name_en.
-- The query of totals.sql stands in for the marker line in FROM below (its
-- own filters $1..$3 are bound to NULL), so the totals are defined once.
-- $4 years (INTEGER[]), $5 region (a region code or 'all'), $6 indicator
-- codes (VARCHAR[]); NULL: no filter.
-- year is INTEGER and value DECIMAL(38,6), exact, in unit.
SELECT t.year::INTEGER AS year, t.region, t.indicator, t.value, t.unit, t.partial, t.basis,
       i.name_zh, i.name_en
FROM (
/*totals*/
) t JOIN indicators i ON i.code = t.indicator
WHERE ($4::INTEGER[] IS NULL OR list_contains($4::INTEGER[], t.year::INTEGER))
  AND ($5::VARCHAR IS NULL OR t.region = $5::VARCHAR)
  AND ($6::VARCHAR[] IS NULL OR list_contains($6::VARCHAR[], t.indicator))
ORDER BY t.year, i.position, t.region = 'all', t.region;
