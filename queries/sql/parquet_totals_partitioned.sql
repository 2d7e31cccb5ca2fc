-- parquet_totals_partitioned: writes export_totals.sql's rows to the folder $4,
-- partitioned year=…/region=… (Hive style). $1..$3 are export_totals.sql's
-- filters.
COPY (FROM export_totals($1, $2, $3)) TO $4 (FORMAT parquet, PARTITION_BY (year, region));
