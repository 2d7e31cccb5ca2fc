-- insert_figures: inserts, by column name, the rows of the Arrow view
-- pairstat_load that the loader registers with figures's schema and a source_id.
INSERT INTO figures BY NAME SELECT * FROM pairstat_load;
