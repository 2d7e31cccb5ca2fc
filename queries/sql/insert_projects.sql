-- insert_projects: inserts, by column name, the rows of the Arrow view
-- pairstat_load that the loader registers with projects's schema and a source_id.
INSERT INTO projects BY NAME SELECT * FROM pairstat_load;
