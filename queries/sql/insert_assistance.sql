-- insert_assistance: inserts, by column name, the rows of the Arrow view
-- pairstat_load that the loader registers with assistance's schema and a source_id.
INSERT INTO assistance BY NAME SELECT * FROM pairstat_load;
