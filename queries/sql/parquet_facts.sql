-- parquet_facts: writes export_facts.sql's rows, in its order, to the Parquet
-- file $4. $1..$3 are export_facts.sql's filters.
COPY (FROM export_facts($1, $2, $3)) TO $4 (FORMAT parquet);
