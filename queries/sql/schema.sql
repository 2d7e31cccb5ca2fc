-- schema: creates pairstat's tables when they do not exist yet.
-- Money and counts are DECIMAL(18,6) (万元 to one fen); dates are DATE.
CREATE SEQUENCE IF NOT EXISTS source_ids START 1;

-- Every file seen. status: loaded | duplicate | superseded | rejected.
CREATE TABLE IF NOT EXISTS sources (
    id            BIGINT NOT NULL,
    path          VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    size          BIGINT NOT NULL,
    status        VARCHAR NOT NULL,
    duplicate_of  BIGINT,
    superseded_by BIGINT,
    rows          BIGINT,
    seen_at       TIMESTAMP NOT NULL
);

-- One line per problem of a rejected file.
CREATE TABLE IF NOT EXISTS rejects (
    source_id BIGINT NOT NULL,
    file      VARCHAR NOT NULL,
    sheet     VARCHAR,
    cell      VARCHAR,
    value     VARCHAR,
    reason    VARCHAR NOT NULL,
    fix       VARCHAR,
    rejected_at TIMESTAMP NOT NULL
);

-- What each sheet of a loaded file was recognised as.
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

-- The catalog's indicators, rewritten from the catalog at every open.
CREATE TABLE IF NOT EXISTS indicators (
    code      VARCHAR NOT NULL,
    position  INTEGER NOT NULL,
    name_zh   VARCHAR NOT NULL,
    name_en   VARCHAR NOT NULL,
    area      VARCHAR,
    unit      VARCHAR NOT NULL
);

-- Views of the loaded sources' yearly values; rewritten at every open.
-- ledger_totals: year, region, indicator, value — counted and summed from the
-- ledgers (data rows only).
CREATE OR REPLACE VIEW ledger_totals AS
WITH live AS (SELECT id FROM sources WHERE status = 'loaded')
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
GROUP BY ALL HAVING count(amount) > 0;

-- figure_totals: year, region, indicator, value, partial — the directly
-- reported figures: the latest cumulative report of a year (partial when it
-- does not reach December), else the sum of non-cumulative periods.
CREATE OR REPLACE VIEW figure_totals AS
WITH live AS (SELECT id FROM sources WHERE status = 'loaded'),
reports AS (
    SELECT year, region, indicator, value, source_id, "row",
           coalesce(period_to, 12) AS upto,
           coalesce(cumulative, true) AS cumulative,
           coalesce(period_to - period_from + 1, 12) AS months
    FROM figures
    WHERE role = 'data' AND indicator IS NOT NULL AND year IS NOT NULL AND value IS NOT NULL
      AND region IS NOT NULL AND source_id IN (SELECT id FROM live)
)
SELECT year, region, indicator,
       coalesce(arg_max(value, (upto, source_id, "row")) FILTER (WHERE cumulative),
                sum(value) FILTER (WHERE NOT cumulative)) AS value,
       coalesce(max(upto) FILTER (WHERE cumulative),
                sum(months) FILTER (WHERE NOT cumulative)) < 12 AS partial
FROM reports GROUP BY ALL;
