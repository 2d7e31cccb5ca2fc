-- parquet_totals: writes export_totals.sql's rows, in its order, to the Parquet
-- file $4. $1..$3 are export_totals.sql's filters.
COPY (FROM export_totals($1, $2, $3)) TO $4 (FORMAT parquet);
