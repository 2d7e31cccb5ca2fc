package queries

import (
	"context"
	"database/sql"
	_ "embed" // the statements below
	"fmt"
	"strings"
)

// The statements, one embedded sql/*.sql file each: a missing file fails
// the build. They are set once by go:embed and never written.
var (
	//go:embed sql/schema.sql
	schemaSQL string
	//go:embed sql/schema_version.sql
	schemaVersionSQL string
	//go:embed sql/schema_version_record.sql
	schemaVersionRecordSQL string
	//go:embed sql/indicators.sql
	indicatorsSQL string
	//go:embed sql/indicators_clear.sql
	indicatorsClearSQL string
	//go:embed sql/indicators_insert.sql
	indicatorsInsertSQL string
	//go:embed sql/load_settings.sql
	loadSettingsSQL string
	//go:embed sql/load_settings_reset.sql
	loadSettingsResetSQL string
	//go:embed sql/engine_version.sql
	engineVersionSQL string

	//go:embed sql/begin.sql
	beginSQL string
	//go:embed sql/commit.sql
	commitSQL string
	//go:embed sql/rollback.sql
	rollbackSQL string

	//go:embed sql/known.sql
	knownSQL string
	//go:embed sql/unchanged.sql
	unchangedSQL string
	//go:embed sql/seen.sql
	seenSQL string
	//go:embed sql/touch.sql
	touchSQL string
	//go:embed sql/next_ids.sql
	nextIDsSQL string
	//go:embed sql/sources_insert.sql
	sourcesInsertSQL string
	//go:embed sql/sheets_insert.sql
	sheetsInsertSQL string
	//go:embed sql/warnings_insert.sql
	warningsInsertSQL string
	//go:embed sql/conflict_warnings.sql
	conflictWarningsSQL string
	//go:embed sql/conflict_warnings_clear.sql
	conflictWarningsClearSQL string
	//go:embed sql/rejects_insert.sql
	rejectsInsertSQL string
	//go:embed sql/rejects.sql
	rejectsSQL string
	//go:embed sql/sources.sql
	sourcesSQL string
	//go:embed sql/source_warnings.sql
	sourceWarningsSQL string
	//go:embed sql/supersede.sql
	supersedeSQL string
	//go:embed sql/supersede_records.sql
	supersedeRecordsSQL string
	//go:embed sql/supersede_rows.sql
	supersedeRowsSQL string

	//go:embed sql/insert_projects.sql
	insertProjectsSQL string
	//go:embed sql/insert_funds.sql
	insertFundsSQL string
	//go:embed sql/insert_assistance.sql
	insertAssistanceSQL string
	//go:embed sql/insert_figures.sql
	insertFiguresSQL string
	//go:embed sql/insert_targets.sql
	insertTargetsSQL string
	//go:embed sql/drop_load_view.sql
	dropLoadViewSQL string

	//go:embed sql/totals.sql
	totalsSQL string
	//go:embed sql/conflicts.sql
	conflictsSQL string
	//go:embed sql/ledger_files.sql
	ledgerFilesSQL string
	//go:embed sql/trace.sql
	traceSQL string
	//go:embed sql/targets.sql
	targetsSQL string
	//go:embed sql/export_totals.sql
	exportTotalsSQL string
	//go:embed sql/export_facts.sql
	exportFactsSQL string
	//go:embed sql/export_sources.sql
	exportSourcesSQL string
	//go:embed sql/parquet_totals.sql
	parquetTotalsSQL string
	//go:embed sql/parquet_totals_partitioned.sql
	parquetTotalsPartitionedSQL string
	//go:embed sql/parquet_facts.sql
	parquetFactsSQL string
	//go:embed sql/parquet_facts_partitioned.sql
	parquetFactsPartitionedSQL string
	//go:embed sql/parquet_targets.sql
	parquetTargetsSQL string
	//go:embed sql/parquet_targets_partitioned.sql
	parquetTargetsPartitionedSQL string
)

// loadView is the name of the Arrow view the insert_<table>.sql statements
// read.
const loadView = "pairstat_load"

// insertSQL is the statement that inserts the rows of loadView into table,
// "" for a table that is not one of transform.TableNames.
func insertSQL(table string) string {
	switch table {
	case "projects":
		return insertProjectsSQL
	case "funds":
		return insertFundsSQL
	case "assistance":
		return insertAssistanceSQL
	case "figures":
		return insertFiguresSQL
	case "targets":
		return insertTargetsSQL
	}
	return ""
}

// querier runs a query: a *sql.DB or a *sql.Conn.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryRows runs stmt with args and scans each row with scan, in order; no
// rows is a nil slice.
func queryRows[T any](ctx context.Context, q querier, stmt string, args []any, scan func(*sql.Rows) (T, error)) ([]T, error) {
	rows, err := q.QueryContext(ctx, stmt, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// values collects the rows of one multi-row INSERT: stmt is an embedded
// INSERT … VALUES (?, …) whose one tuple is repeated once per row.
type values struct {
	stmt string
	rows int
	args []any
}

func (v *values) add(row ...any) {
	v.rows++
	v.args = append(v.args, row...)
}

// insert runs the statement; it does nothing without rows.
func (v *values) insert(ctx context.Context, conn *sql.Conn) error {
	if v.rows == 0 {
		return nil
	}
	stmt := strings.TrimRight(strings.TrimSpace(v.stmt), ";")
	i := strings.LastIndex(stmt, "VALUES ")
	if i < 0 {
		return fmt.Errorf("not an INSERT … VALUES statement: %s", stmt)
	}
	head, tuple := stmt[:i+len("VALUES ")], stmt[i+len("VALUES "):]
	_, err := conn.ExecContext(ctx, head+strings.TrimSuffix(strings.Repeat(tuple+", ", v.rows), ", "), v.args...)
	return err
}
