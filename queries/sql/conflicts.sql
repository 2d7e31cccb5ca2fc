-- conflicts: a year, region and indicator reported both by a ledger and as a
-- direct figure with a different value; the ledger's value counts.
-- Output columns: year, region, indicator, ledger_value, figure_value.
SELECT l.year, l.region, l.indicator, l.value AS ledger_value, f.value AS figure_value
FROM ledger_totals l JOIN figure_totals f USING (year, region, indicator)
WHERE l.value <> f.value
ORDER BY l.year, l.region, l.indicator;
