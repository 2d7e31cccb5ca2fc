-- threads_one: DuckDB works on one thread (queries.OneThread).
SET threads = 1;
