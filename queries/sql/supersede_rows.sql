-- supersede_rows: deletes the rows of the superseded sources from every
-- table of transform.TableNames, after supersede.sql marked them. No
-- output columns.
DELETE FROM projects WHERE source_id IN (SELECT id FROM sources WHERE status = 'superseded');
DELETE FROM funds WHERE source_id IN (SELECT id FROM sources WHERE status = 'superseded');
DELETE FROM assistance WHERE source_id IN (SELECT id FROM sources WHERE status = 'superseded');
DELETE FROM figures WHERE source_id IN (SELECT id FROM sources WHERE status = 'superseded');
DELETE FROM targets WHERE source_id IN (SELECT id FROM sources WHERE status = 'superseded');
