-- threads_reset: DuckDB's threads back to its default.
RESET threads;
