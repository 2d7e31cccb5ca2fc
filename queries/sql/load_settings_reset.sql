-- load_settings_reset: DuckDB's settings back to their defaults after a load.
RESET threads;
RESET write_buffer_row_group_count;
