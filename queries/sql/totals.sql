-- totals: yearly indicator totals of the loaded sources (the totals view).
-- Output columns: year, region, indicator, value, unit, partial, basis.
-- $1..$3 filter year, region and indicator (NULL: no filter).
SELECT year, region, indicator, value, unit, partial, basis
FROM totals
WHERE ($1 IS NULL OR year = $1)
  AND ($2 IS NULL OR region = $2)
  AND ($3 IS NULL OR indicator = $3)
ORDER BY year, position, region = 'all', region;
