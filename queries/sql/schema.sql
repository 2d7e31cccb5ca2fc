-- schema: creates pairstat's tables when they do not exist yet.
-- Money and counts are DECIMAL(18,6) (万元 to one fen); dates are DATE.
CREATE SEQUENCE IF NOT EXISTS source_ids START 1;

-- Every file seen: path relative to its inbox, content hash, size and
-- modification time. status: loaded | duplicate | superseded | rejected |
-- ignored (not a spreadsheet).
CREATE TABLE IF NOT EXISTS sources (
    id            BIGINT NOT NULL,
    path          VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    size          BIGINT NOT NULL,
    modified      TIMESTAMP,
    status        VARCHAR NOT NULL,
    duplicate_of  BIGINT,
    superseded_by BIGINT,
    rows          BIGINT,
    seen_at       TIMESTAMP NOT NULL
);

-- location: the file's absolute path on disk when it was recorded (NULL in
-- databases older than it), to tell a file from another of the same path
-- in another inbox.
ALTER TABLE sources ADD COLUMN IF NOT EXISTS location VARCHAR;

-- One line per problem of a rejected file.
CREATE TABLE IF NOT EXISTS rejects (
    source_id BIGINT NOT NULL,
    file      VARCHAR NOT NULL,
    sheet     VARCHAR,
    cell      VARCHAR,
    value     VARCHAR,
    reason    VARCHAR NOT NULL,
    fix       VARCHAR,
    reason_zh VARCHAR,
    fix_zh    VARCHAR,
    rejected_at TIMESTAMP NOT NULL
);

-- What each table of a loaded file's sheets was recognised as (a sheet
-- may stack several tables: table 1, 2, …; 0 for a skipped sheet).
-- footer_rows: the sign-off and note rows, not read as data ("12-14,18").
CREATE TABLE IF NOT EXISTS sheets (
    source_id  BIGINT NOT NULL,
    sheet      VARCHAR NOT NULL,
    kind       VARCHAR,
    skipped    VARCHAR,
    header_row INTEGER,
    region     VARCHAR,
    rows       INTEGER,
    excluded   INTEGER
);
ALTER TABLE sheets ADD COLUMN IF NOT EXISTS "table" INTEGER;
ALTER TABLE sheets ADD COLUMN IF NOT EXISTS first_row INTEGER;
ALTER TABLE sheets ADD COLUMN IF NOT EXISTS footer_rows VARCHAR;

-- The cross-checks (审核) a loaded file failed, and the units assumed:
-- kind total | subtotal | breakdown | dates | unit; and the conflicts of
-- its figures with other figures of the database (ledger | restated) and
-- of its targets with other targets (restated target; conflicts.sql),
-- recorded anew after every load; expected and found are the two figures
-- with their unit (or dates); the message in English and Chinese.
CREATE TABLE IF NOT EXISTS warnings (
    source_id  BIGINT NOT NULL,
    file       VARCHAR NOT NULL,
    sheet      VARCHAR NOT NULL,
    cell       VARCHAR,
    kind       VARCHAR NOT NULL,
    expected   VARCHAR,
    found      VARCHAR,
    message    VARCHAR NOT NULL,
    message_zh VARCHAR NOT NULL,
    warned_at  TIMESTAMP NOT NULL
);

-- Project ledger rows (产业共建项目台账). role: data | total | breakdown.
CREATE TABLE IF NOT EXISTS projects (
    source_id       BIGINT NOT NULL,
    sheet           VARCHAR NOT NULL,
    "row"           INTEGER NOT NULL,
    role            VARCHAR NOT NULL,
    region          VARCHAR,
    name            VARCHAR,
    name_cell       VARCHAR,
    industry        VARCHAR,
    investment      DECIMAL(18,6),
    investment_cell VARCHAR,
    signed_on       DATE,
    signed_cell     VARCHAR,
    started_on      DATE,
    started_cell    VARCHAR,
    produced_on     DATE,
    produced_cell   VARCHAR,
    note            VARCHAR
);

-- Fund ledger rows (帮扶资金), amounts in 万元.
CREATE TABLE IF NOT EXISTS funds (
    source_id   BIGINT NOT NULL,
    sheet       VARCHAR NOT NULL,
    "row"       INTEGER NOT NULL,
    role        VARCHAR NOT NULL,
    region      VARCHAR,
    parent_row  INTEGER,
    year        INTEGER,
    year_cell   VARCHAR,
    paid_on     DATE,
    field       VARCHAR,
    item        VARCHAR,
    amount      DECIMAL(18,6),
    amount_cell VARCHAR
);

-- Assistance project list rows (帮扶项目).
CREATE TABLE IF NOT EXISTS assistance (
    source_id   BIGINT NOT NULL,
    sheet       VARCHAR NOT NULL,
    "row"       INTEGER NOT NULL,
    role        VARCHAR NOT NULL,
    region      VARCHAR,
    name        VARCHAR,
    place       VARCHAR,
    status      VARCHAR,
    delivered   BOOLEAN,
    done_on     DATE,
    year        INTEGER,
    status_cell VARCHAR,
    when_cell   VARCHAR
);

-- Indicator values reported directly (long and wide indicator tables), in
-- the indicator's unit. period_from/period_to are months (NULL: the year).
CREATE TABLE IF NOT EXISTS figures (
    source_id   BIGINT NOT NULL,
    sheet       VARCHAR NOT NULL,
    "row"       INTEGER NOT NULL,
    role        VARCHAR NOT NULL,
    region      VARCHAR,
    indicator   VARCHAR,
    year        INTEGER,
    period_from INTEGER,
    period_to   INTEGER,
    cumulative  BOOLEAN,
    value       DECIMAL(18,6),
    unit        VARCHAR,
    value_cell  VARCHAR
);

-- Yearly targets (年度目标任务) of indicator tables, shaped as figures, in
-- the indicator's unit; region 'all' is the pair's targets. A target is
-- never a value: no view of values reads this table. Superseded with its
-- workbook like every table (the rows of a superseded source are deleted).
CREATE TABLE IF NOT EXISTS targets (
    source_id   BIGINT NOT NULL,
    sheet       VARCHAR NOT NULL,
    "row"       INTEGER NOT NULL,
    role        VARCHAR NOT NULL,
    region      VARCHAR,
    indicator   VARCHAR,
    year        INTEGER,
    period_from INTEGER,
    period_to   INTEGER,
    cumulative  BOOLEAN,
    value       DECIMAL(18,6),
    unit        VARCHAR,
    value_cell  VARCHAR
);

-- The catalog's indicators, rewritten from the catalog at every open.
CREATE TABLE IF NOT EXISTS indicators (
    code      VARCHAR NOT NULL,
    position  INTEGER NOT NULL,
    name_zh   VARCHAR NOT NULL,
    name_en   VARCHAR NOT NULL,
    area      VARCHAR,
    unit      VARCHAR NOT NULL
);

-- Views of the loaded sources' values; rewritten at every open.
-- ledger_facts(detail): which ledger column feeds which indicator — the one
-- place that says so. One row per ledger cell that can count towards an
-- indicator: indicator, year, region, source_id, sheet, "row", role, cell,
-- value (1 for a counted project), label (project or item name),
-- event_date (the DATE the value counts on: signed, started, in
-- production, paid, done; NULL for year-only rows). With detail false the
-- texts that only say where a value stands (sheet, cell, label) and the
-- event date are NULL: DuckDB does not prune the columns a query leaves
-- unused through UNION ALL, and reading those texts took the totals half
-- their time.
CREATE OR REPLACE MACRO ledger_facts(detail) AS TABLE
WITH live AS (SELECT id FROM sources WHERE status = 'loaded')
SELECT 'projects_signed' AS indicator, year(signed_on) AS year, region, source_id,
       CASE WHEN detail THEN sheet END AS sheet, "row", role,
       CASE WHEN detail THEN signed_cell END AS cell, 1::DECIMAL(18,6) AS value,
       CASE WHEN detail THEN name END AS label, CASE WHEN detail THEN signed_on END AS event_date
FROM projects WHERE signed_on IS NOT NULL AND source_id IN (SELECT id FROM live)
UNION ALL
SELECT 'investment_signed', year(signed_on), region, source_id, CASE WHEN detail THEN sheet END, "row", role,
       CASE WHEN detail THEN investment_cell END, investment, CASE WHEN detail THEN name END,
       CASE WHEN detail THEN signed_on END
FROM projects WHERE investment IS NOT NULL AND (signed_on IS NOT NULL OR role <> 'data') -- a 合计 row: traced, never summed
  AND source_id IN (SELECT id FROM live)
UNION ALL
SELECT 'projects_started', year(started_on), region, source_id, CASE WHEN detail THEN sheet END, "row", role,
       CASE WHEN detail THEN started_cell END, 1, CASE WHEN detail THEN name END,
       CASE WHEN detail THEN started_on END
FROM projects WHERE started_on IS NOT NULL AND source_id IN (SELECT id FROM live)
UNION ALL
SELECT 'projects_in_production', year(produced_on), region, source_id, CASE WHEN detail THEN sheet END, "row", role,
       CASE WHEN detail THEN produced_cell END, 1, CASE WHEN detail THEN name END,
       CASE WHEN detail THEN produced_on END
FROM projects WHERE produced_on IS NOT NULL AND source_id IN (SELECT id FROM live)
UNION ALL
SELECT 'assistance_projects', year, region, source_id, CASE WHEN detail THEN sheet END, "row", role,
       CASE WHEN detail THEN status_cell END, 1, CASE WHEN detail THEN name END,
       CASE WHEN detail THEN done_on END
FROM assistance WHERE delivered AND source_id IN (SELECT id FROM live)
UNION ALL
SELECT 'assistance_funds', year, region, source_id, CASE WHEN detail THEN sheet END, "row", role,
       CASE WHEN detail THEN amount_cell END, amount, CASE WHEN detail THEN coalesce(item, field) END,
       CASE WHEN detail THEN paid_on END
FROM funds WHERE amount IS NOT NULL AND source_id IN (SELECT id FROM live);

-- indicator_facts(detail): every cell that can count towards an indicator,
-- one row per cell — indicator, year, region, source_id, sheet, "row", role,
-- cell, value, label, basis (ledger or figure), period_from, period_to,
-- cumulative, event_date: the ledgers' cells (ledger_facts) and the
-- directly reported figures (label: the indicator; no event date). detail
-- is as in ledger_facts. Totals, traces and exports all read it, so a total
-- is always the sum of the cells a trace lists.
CREATE OR REPLACE MACRO indicator_facts(detail) AS TABLE
SELECT indicator, year, region, source_id, sheet, "row", role, cell, value, label, 'ledger' AS basis,
       NULL::INTEGER AS period_from, NULL::INTEGER AS period_to, NULL::BOOLEAN AS cumulative, event_date
FROM ledger_facts(detail)
UNION ALL
SELECT indicator, year, region, source_id, CASE WHEN detail THEN sheet END, "row", role,
       CASE WHEN detail THEN value_cell END, value, CASE WHEN detail THEN indicator END, 'figure', period_from, period_to, cumulative,
       NULL
FROM figures WHERE value IS NOT NULL AND indicator IS NOT NULL
  AND source_id IN (SELECT id FROM sources WHERE status = 'loaded');

-- indicator_cells: indicator_facts with every detail, for traces and exports.
CREATE OR REPLACE VIEW indicator_cells AS SELECT * FROM indicator_facts(true);

-- ledger_totals: year, region, indicator, value — the ledgers' data rows,
-- counted and summed.
CREATE OR REPLACE VIEW ledger_totals AS
SELECT year, region, indicator, sum(value)::DECIMAL(38,6) AS value
FROM indicator_facts(false)
WHERE basis = 'ledger' AND role = 'data' AND year IS NOT NULL AND region IS NOT NULL
GROUP BY ALL;

-- figure_reports: the directly reported figures (data rows) with the
-- months they cover (from_month … upto; a figure with no period is the
-- year's, 1–12, cumulative) and whether each counts. Of a year, region and
-- indicator, the latest cumulative report counts (a year-to-date figure
-- holds the earlier ones), and so does each report of a single period
-- after the months it covers (1–6月 cumulative, then 7–9月); a period
-- reported again (the same months, in another row or workbook) counts once,
-- the later report (the workbook loaded last, then the row lowest on its
-- sheet) — restatements.sql lists those that differ.
CREATE OR REPLACE VIEW figure_reports AS
WITH reports AS (
    SELECT *,
           coalesce(period_from, 1) AS from_month,
           coalesce(period_to, 12) AS upto,
           coalesce(cumulative, true) AS is_cumulative,
           coalesce(period_to - period_from + 1, 12) AS months
    FROM indicator_cells
    WHERE basis = 'figure' AND role = 'data' AND year IS NOT NULL AND region IS NOT NULL
),
ranked AS (
    SELECT *,
           row_number() OVER (PARTITION BY year, region, indicator, is_cumulative
                              ORDER BY upto DESC, source_id DESC, "row" DESC) AS rank,
           row_number() OVER (PARTITION BY year, region, indicator, from_month, upto
                              ORDER BY source_id DESC, "row" DESC) AS restated,
           max(upto) FILTER (WHERE is_cumulative) OVER (PARTITION BY year, region, indicator) AS covered
    FROM reports
)
SELECT *,
       CASE WHEN is_cumulative THEN rank = 1
            ELSE restated = 1 AND from_month > coalesce(covered, 0) END AS counts
FROM ranked;

-- figure_totals: year, region, indicator, value (the sum of the counted
-- reports), partial (a year whose counted reports do not reach December).
CREATE OR REPLACE VIEW figure_totals AS
SELECT year, region, indicator,
       sum(value) FILTER (WHERE counts)::DECIMAL(38,6) AS value,
       coalesce(max(upto) FILTER (WHERE is_cumulative), 0)
           + coalesce(sum(months) FILTER (WHERE counts AND NOT is_cumulative), 0) < 12 AS partial
FROM figure_reports GROUP BY ALL;

-- fact_status: indicator_cells, each with its status — the one place that
-- says whether a cell counts, and why not: counted | total row | breakdown
-- row | unassigned (a data row without year or region) | ledger wins (a
-- direct figure where a ledger reports the same year, region and indicator)
-- | earlier report (a figure that does not count: see figure_reports). The
-- values whose status is 'counted' sum to the totals of their year, region
-- and indicator.
CREATE OR REPLACE VIEW fact_status AS
SELECT c.*,
       CASE
           WHEN c.role = 'total' THEN 'total row'
           WHEN c.role = 'breakdown' THEN 'breakdown row'
           WHEN c.year IS NULL OR c.region IS NULL THEN 'unassigned'
           WHEN c.basis = 'ledger' THEN 'counted'
           WHEN EXISTS (SELECT 1 FROM ledger_totals l
                        WHERE l.year = c.year AND l.region = c.region AND l.indicator = c.indicator)
               THEN 'ledger wins'
           WHEN NOT r.counts THEN 'earlier report'
           ELSE 'counted'
       END AS status
FROM indicator_cells c
LEFT JOIN figure_reports r
       ON c.basis = 'figure' AND r.source_id = c.source_id AND r.sheet = c.sheet
      AND r."row" = c."row" AND r.cell = c.cell AND r.indicator = c.indicator;

-- totals: the yearly totals of the loaded sources — year, region,
-- indicator, value (DECIMAL(38,6), in unit), unit, partial, basis (ledger,
-- figure, or mixed for region 'all'), and the indicator's position, name_zh
-- and name_en. A direct figure for the same year, region and indicator as
-- a ledger is not added (the ledger wins; see conflicts.sql). Region 'all'
-- sums the regions. ledger_totals is computed once (MATERIALIZED):
-- referenced twice as a view, every fact row would be read and summed
-- twice.
CREATE OR REPLACE VIEW totals AS
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
SELECT r.year, r.region, r.indicator, r.value, i.unit, r.partial, r.basis, i.position, i.name_zh, i.name_en
FROM regional r JOIN indicators i ON i.code = r.indicator;

-- target_status: the loaded targets (年度目标任务), one row per target cell,
-- each with its status — the one place that says which target is in force:
-- target (the one of its year, region and indicator: the latest report of
-- the year, then the workbook loaded last, then the row lowest on its
-- sheet) | earlier target | total row | breakdown row | unassigned (no year
-- or region). Region 'all' is the pair's own target, never a sum of the
-- regions'. A target never enters a total.
CREATE OR REPLACE VIEW target_status AS
WITH cells AS (
    SELECT * FROM targets
    WHERE value IS NOT NULL AND indicator IS NOT NULL
      AND source_id IN (SELECT id FROM sources WHERE status = 'loaded')
),
ranked AS (
    SELECT source_id, sheet, "row", value_cell,
           row_number() OVER (PARTITION BY year, region, indicator
                              ORDER BY coalesce(period_to, 12) DESC, source_id DESC, "row" DESC) AS rank
    FROM cells WHERE role = 'data' AND year IS NOT NULL AND region IS NOT NULL
)
SELECT c.*,
       CASE
           WHEN c.role = 'total' THEN 'total row'
           WHEN c.role = 'breakdown' THEN 'breakdown row'
           WHEN c.year IS NULL OR c.region IS NULL THEN 'unassigned'
           WHEN r.rank = 1 THEN 'target'
           ELSE 'earlier target'
       END AS status
FROM cells c
LEFT JOIN ranked r
       ON r.source_id = c.source_id AND r.sheet = c.sheet AND r."row" = c."row" AND r.value_cell = c.value_cell;

-- completion: each target in force with its actual — the total of the same
-- year, region and indicator (for 'all', the both-regions total; NULL when
-- there is none yet) — and completion = actual ÷ target, exact: rounded
-- half-up (away from zero) to 4 places on the integers of the DECIMAL
-- figures (NULL without an actual or for a zero target). Columns: year,
-- region, indicator, target, actual, unit, completion, position, name_zh,
-- name_en, area.
CREATE OR REPLACE VIEW completion AS
WITH pairs AS (
    SELECT t.year, t.region, t.indicator, t.value AS target, a.value AS actual,
           (t.value::DECIMAL(38,6) * 1000000)::HUGEINT AS b, (a.value::DECIMAL(38,6) * 1000000)::HUGEINT AS n
    FROM target_status t
    LEFT JOIN totals a USING (year, region, indicator)
    WHERE t.status = 'target'
)
SELECT p.year, p.region, p.indicator, p.target::DECIMAL(18,6) AS target, p.actual::DECIMAL(38,6) AS actual,
       i.unit,
       CASE WHEN p.n IS NOT NULL AND p.b <> 0 THEN
           (sign(p.n) * sign(p.b) * ((2 * abs(p.n) * 10000 + abs(p.b)) // (2 * abs(p.b))))::DECIMAL(38,0) / 10000
       END::DECIMAL(38,4) AS completion,
       i.position, i.name_zh, i.name_en, i.area
FROM pairs p JOIN indicators i ON i.code = p.indicator;

-- selected(years, region_code, codes, y, r, ind): whether a row of year y,
-- region r and indicator ind is one the exports' filters select: years
-- INTEGER[], region_code (a region code or 'all'), codes (indicator codes,
-- VARCHAR[]); NULL: no filter. The one place the export macros filter.
CREATE OR REPLACE MACRO selected(years, region_code, codes, y, r, ind) AS
    (years::INTEGER[] IS NULL OR list_contains(years::INTEGER[], y::INTEGER))
    AND (region_code::VARCHAR IS NULL OR r = region_code::VARCHAR)
    AND (codes::VARCHAR[] IS NULL OR list_contains(codes::VARCHAR[], ind));

-- export_targets(years, region_code, codes): the targets in force with
-- their actuals and completion (the completion view), filtered as in
-- export_totals, ordered like the totals.
-- Output columns: year, region, indicator, target, actual, unit,
-- completion, name_zh, name_en, area.
CREATE OR REPLACE MACRO export_targets(years, region_code, codes) AS TABLE
SELECT year::INTEGER AS year, region, indicator, target, actual, unit, completion, name_zh, name_en, area
FROM completion
WHERE selected(years, region_code, codes, year, region, indicator)
ORDER BY year, position, region = 'all', region;

-- export_totals(years, region_code, codes): the yearly totals (the totals
-- view) filtered by lists and named, for exports (export_totals.sql and
-- the Parquet copies).
-- Output columns: year, region, indicator, value, unit, partial, basis,
-- name_zh, name_en.
-- years INTEGER[], region_code (a region code or 'all'), codes (indicator
-- codes, VARCHAR[]); NULL: no filter. year is INTEGER and value
-- DECIMAL(38,6), exact, in unit.
CREATE OR REPLACE MACRO export_totals(years, region_code, codes) AS TABLE
SELECT year::INTEGER AS year, region, indicator, value, unit, partial, basis, name_zh, name_en
FROM totals
WHERE selected(years, region_code, codes, year, region, indicator)
ORDER BY year, position, region = 'all', region;

-- export_facts(years, region_code, codes): the normalized facts behind the
-- totals — every value that can count towards an indicator, with its
-- provenance — for exports (export_facts.sql and the Parquet copies).
-- Output columns: indicator, year, region, value, unit, event_date, status,
-- role, basis, period_from, period_to, cumulative, label, file, sha256,
-- source_id, sheet, row, cell.
-- value is DECIMAL(18,6) in unit (1 for a counted project); event_date and
-- status are those of the fact_status view (the date the value counts on;
-- whether it counts, and why not). The filters are as in export_totals.
CREATE OR REPLACE MACRO export_facts(years, region_code, codes) AS TABLE
SELECT c.indicator, c.year::INTEGER AS year, c.region, c.value::DECIMAL(18,6) AS value, i.unit,
       c.event_date, c.status, c.role, c.basis, c.period_from, c.period_to, c.cumulative, c.label,
       s.path AS file, s.sha256, c.source_id, c.sheet, c."row"::INTEGER AS "row", c.cell
FROM fact_status c
JOIN sources s ON s.id = c.source_id
LEFT JOIN indicators i ON i.code = c.indicator
WHERE selected(years, region_code, codes, c.year, c.region, c.indicator)
ORDER BY s.path, c.source_id, c.sheet, c."row", i.position, c.indicator, c.cell;

-- schema_version: the hash of this file as last applied; an open runs the
-- file only when it has changed (queries.Open), which empties the table here
-- and records the new hash (schema_version_record.sql).
CREATE TABLE IF NOT EXISTS schema_version (hash VARCHAR NOT NULL);
DELETE FROM schema_version;
