-- totals: yearly indicator totals of the loaded sources.
-- Output columns: year, region, indicator, value, unit, partial, basis.
-- A direct figure for the same year, region and indicator as a ledger is not
-- added (the ledger wins; see conflicts.sql). Region 'all' sums the regions.
-- $1..$3 filter year, region and indicator (NULL: no filter).
-- ledger_totals is computed once (MATERIALIZED): referenced twice as a
-- view, every fact row would be read and summed twice.
WITH ledger AS MATERIALIZED (SELECT * FROM ledger_totals),
combined AS (
    SELECT year, region, indicator, value, false AS partial, 'ledger' AS basis FROM ledger
    UNION ALL
    SELECT f.year, f.region, f.indicator, f.value, f.partial, 'figure'
    FROM figure_totals f ANTI JOIN ledger l USING (year, region, indicator)
),
regional AS (
    SELECT * FROM combined
    UNION ALL
    SELECT year, 'all', indicator, sum(value), bool_or(partial),
           CASE WHEN count(DISTINCT basis) = 1 THEN min(basis) ELSE 'mixed' END
    FROM combined GROUP BY year, indicator
)
SELECT r.year, r.region, r.indicator, r.value, i.unit, r.partial, r.basis
FROM regional r JOIN indicators i ON i.code = r.indicator
WHERE ($1 IS NULL OR r.year = $1)
  AND ($2 IS NULL OR r.region = $2)
  AND ($3 IS NULL OR r.indicator = $3)
ORDER BY r.year, i.position, r.region = 'all', r.region;
