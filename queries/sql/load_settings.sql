-- load_settings: DuckDB's settings during a load (queries.LoadSettings).
-- One thread: a load is a stream of small statements, which worker threads
-- only slow down while the CPUs are busy reading workbooks.
SET threads = 1;
-- A large workbook's rows go to the database file one row group (122,880
-- rows) at a time as they come, instead of five row groups being held in
-- memory until the transaction commits.
SET write_buffer_row_group_count = 1;
