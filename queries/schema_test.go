package queries

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/pairstat/pairstat/transform"
)

// duckType is the DuckDB type DESCRIBE names for an Arrow type of
// transform's tables.
func duckType(t *testing.T, dt arrow.DataType) string {
	t.Helper()
	switch dt := dt.(type) {
	case *arrow.StringType:
		return "VARCHAR"
	case *arrow.Int32Type:
		return "INTEGER"
	case *arrow.Int64Type:
		return "BIGINT"
	case *arrow.BooleanType:
		return "BOOLEAN"
	case *arrow.Date32Type:
		return "DATE"
	case *arrow.Decimal128Type:
		return fmt.Sprintf("DECIMAL(%d,%d)", dt.Precision, dt.Scale)
	}
	t.Fatalf("no DuckDB type for %v", dt)
	return ""
}

// TestSchemaMatchesDeclaration checks that each table of schema.sql has the
// columns, names and types in order, of its Go declaration
// (transform.Schema after source_id), that the load has its insert, and
// that a superseded source's rows are deleted from it.
func TestSchemaMatchesDeclaration(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "schema.duckdb"), false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, table := range transform.TableNames() {
		var want []string
		for _, f := range withIDSchema(table).Fields() {
			want = append(want, f.Name+" "+duckType(t, f.Type))
		}
		got, err := queryRows(ctx, db.sql, "DESCRIBE "+table, nil, func(rows *sql.Rows) (string, error) {
			cols, err := rows.Columns()
			if err != nil {
				return "", err
			}
			values := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range values {
				ptrs[i] = &values[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return "", err
			}
			return fmt.Sprint(values[0], " ", values[1]), nil // column_name, column_type
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("DESCRIBE %s =\n%v\nwant (transform.Schema)\n%v", table, got, want)
		}
		if !strings.Contains(insertSQL(table), "INSERT INTO "+table+" BY NAME ") {
			t.Errorf("no insert_%s.sql inserting by name", table)
		}
		if !strings.Contains(supersedeRowsSQL, "DELETE FROM "+table+" ") {
			t.Errorf("supersede_rows.sql does not delete from %s", table)
		}
	}
}
