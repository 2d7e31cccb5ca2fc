-- indicators_insert: one indicator of the catalog: $1 code, $2 position,
-- $3 name_zh, $4 name_en, $5 area, $6 unit.
INSERT INTO indicators (code, position, name_zh, name_en, area, unit) VALUES ($1, $2, $3, $4, $5, $6);
