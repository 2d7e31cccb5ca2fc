-- export_totals: the yearly totals (the totals view, as totals.sql reads
-- it) filtered by lists and named, for exports.
-- Output columns: year, region, indicator, value, unit, partial, basis,
-- name_zh, name_en.
-- $1 years (INTEGER[]), $2 region (a region code or 'all'), $3 indicator
-- codes (VARCHAR[]); NULL: no filter.
-- year is INTEGER and value DECIMAL(38,6), exact, in unit.
SELECT year::INTEGER AS year, region, indicator, value, unit, partial, basis, name_zh, name_en
FROM totals
WHERE ($1::INTEGER[] IS NULL OR list_contains($1::INTEGER[], year::INTEGER))
  AND ($2::VARCHAR IS NULL OR region = $2::VARCHAR)
  AND ($3::VARCHAR[] IS NULL OR list_contains($3::VARCHAR[], indicator))
ORDER BY year, position, region = 'all', region;
