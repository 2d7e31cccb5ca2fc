-- totals: yearly indicator totals of the loaded sources.
-- Output columns: year, region, indicator, value, unit, partial, basis.
-- Ledgers are counted by SQL; a direct figure for the same year, region and
-- indicator as a ledger is not added (the ledger wins). Of cumulative
-- reports the latest of the year counts; partial marks a year without a
-- full-year report. Region 'all' sums the regions. $1..$3 filter year,
-- region and indicator (NULL: no filter).
WITH live AS (
    SELECT id FROM sources WHERE status = 'loaded'
),
ledger AS (
    SELECT year(signed_on) AS year, region, 'projects_signed' AS indicator, count(*)::DECIMAL(38,6) AS value
    FROM projects WHERE role = 'data' AND signed_on IS NOT NULL AND source_id IN (SELECT id FROM live) GROUP BY ALL
    UNION ALL
    SELECT year(signed_on), region, 'investment_signed', sum(investment)
    FROM projects WHERE role = 'data' AND signed_on IS NOT NULL AND source_id IN (SELECT id FROM live)
    GROUP BY ALL HAVING count(investment) > 0
    UNION ALL
    SELECT year(started_on), region, 'projects_started', count(*)
    FROM projects WHERE role = 'data' AND started_on IS NOT NULL AND source_id IN (SELECT id FROM live) GROUP BY ALL
    UNION ALL
    SELECT year(produced_on), region, 'projects_in_production', count(*)
    FROM projects WHERE role = 'data' AND produced_on IS NOT NULL AND source_id IN (SELECT id FROM live) GROUP BY ALL
    UNION ALL
    SELECT year, region, 'assistance_projects', count(*)
    FROM assistance WHERE role = 'data' AND delivered AND year IS NOT NULL AND source_id IN (SELECT id FROM live) GROUP BY ALL
    UNION ALL
    SELECT year, region, 'assistance_funds', sum(amount)
    FROM funds WHERE role = 'data' AND year IS NOT NULL AND source_id IN (SELECT id FROM live)
    GROUP BY ALL HAVING count(amount) > 0
),
reports AS (
    SELECT year, region, indicator, value, source_id, "row",
           coalesce(period_to, 12) AS upto,
           coalesce(cumulative, true) AS cumulative,
           coalesce(period_to - period_from + 1, 12) AS months
    FROM figures
    WHERE role = 'data' AND indicator IS NOT NULL AND year IS NOT NULL AND value IS NOT NULL
      AND region IS NOT NULL AND source_id IN (SELECT id FROM live)
),
direct AS (
    SELECT year, region, indicator,
           coalesce(arg_max(value, (upto, source_id, "row")) FILTER (WHERE cumulative),
                    sum(value) FILTER (WHERE NOT cumulative)) AS value,
           coalesce(max(upto) FILTER (WHERE cumulative),
                    sum(months) FILTER (WHERE NOT cumulative)) < 12 AS partial
    FROM reports GROUP BY ALL
),
combined AS (
    SELECT year, region, indicator, value, false AS partial, 'ledger' AS basis FROM ledger
    UNION ALL
    SELECT d.year, d.region, d.indicator, d.value, d.partial, 'figure'
    FROM direct d ANTI JOIN ledger l USING (year, region, indicator)
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
