-- insert_targets: inserts, by column name, the rows of the Arrow view
-- pairstat_load that the loader registers with targets's schema and a source_id.
INSERT INTO targets BY NAME SELECT * FROM pairstat_load;
