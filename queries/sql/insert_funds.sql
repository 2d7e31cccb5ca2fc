-- insert_funds: inserts, by column name, the rows of the Arrow view
-- pairstat_load that the loader registers with funds's schema and a source_id.
INSERT INTO funds BY NAME SELECT * FROM pairstat_load;
