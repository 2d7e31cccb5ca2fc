package transform

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/shopspring/decimal"

	"github.com/pairstat/pairstat/transform/parse"
)

// Money and counts are stored as DECIMAL(18,6): 万元 to one fen, counts exact.
const (
	decimalPrecision = 18
	decimalScale     = 6
)

// Row roles: only data rows are summed; totals and breakdowns are kept for
// tracing and cross-checks.
const (
	roleData      = "data"
	roleTotal     = "total"
	roleBreakdown = "breakdown"
)

var (
	decimalType = &arrow.Decimal128Type{Precision: decimalPrecision, Scale: decimalScale}
	maxDecimal  = decimal.New(1, decimalPrecision-decimalScale)
)

// provenance are the leading columns of every table: where a row came from
// and what it is. The loader prepends the source id.
var provenance = []arrow.Field{
	{Name: "sheet", Type: arrow.BinaryTypes.String},
	{Name: "row", Type: arrow.PrimitiveTypes.Int32},
	{Name: "role", Type: arrow.BinaryTypes.String},
	{Name: "region", Type: arrow.BinaryTypes.String, Nullable: true},
}

func schema(fields ...arrow.Field) *arrow.Schema {
	for i := range fields {
		fields[i].Nullable = true
	}
	return arrow.NewSchema(append(append([]arrow.Field{}, provenance...), fields...), nil)
}

func str(name string) arrow.Field { return arrow.Field{Name: name, Type: arrow.BinaryTypes.String} }
func i32(name string) arrow.Field { return arrow.Field{Name: name, Type: arrow.PrimitiveTypes.Int32} }
func dec(name string) arrow.Field { return arrow.Field{Name: name, Type: decimalType} }
func date(name string) arrow.Field {
	return arrow.Field{Name: name, Type: arrow.FixedWidthTypes.Date32}
}
func boolean(name string) arrow.Field {
	return arrow.Field{Name: name, Type: arrow.FixedWidthTypes.Boolean}
}

// Tables maps each table name to its Arrow schema: the column order of the
// DuckDB table of the same name after its source_id column.
var Tables = map[string]*arrow.Schema{
	"projects": schema(str("name"), str("name_cell"), str("industry"),
		dec("investment"), str("investment_cell"),
		date("signed_on"), str("signed_cell"), date("started_on"), str("started_cell"),
		date("produced_on"), str("produced_cell"), str("note")),
	"funds": schema(i32("parent_row"), i32("year"), str("year_cell"), date("paid_on"),
		str("field"), str("item"), dec("amount"), str("amount_cell")),
	"assistance": schema(str("name"), str("place"), str("status"), boolean("delivered"),
		date("done_on"), i32("year"), str("status_cell"), str("when_cell")),
	"figures": schema(str("indicator"), i32("year"), i32("period_from"), i32("period_to"),
		boolean("cumulative"), dec("value"), str("unit"), str("value_cell")),
}

// TableNames lists the tables in load order.
var TableNames = []string{"projects", "funds", "assistance", "figures"}

// batchRows is how many rows a record batch holds at most.
const batchRows = 64 * 1024

// tableBuilder accumulates rows of one table into record batches.
type tableBuilder struct {
	b       *array.RecordBuilder
	rows    int
	batches []arrow.RecordBatch
}

func newTableBuilder(mem memory.Allocator, s *arrow.Schema) *tableBuilder {
	return &tableBuilder{b: array.NewRecordBuilder(mem, s)}
}

// append adds one row; values are in schema order. nil is NULL; the Go
// types are string, int, decimal.Decimal (already in the target unit),
// parse.Day and bool.
func (t *tableBuilder) append(values ...any) error {
	for i, v := range values {
		if err := appendValue(t.b.Field(i), v); err != nil {
			return fmt.Errorf("column %s: %w", t.b.Schema().Field(i).Name, err)
		}
	}
	t.rows++
	if t.rows == batchRows {
		t.flush()
	}
	return nil
}

func appendValue(b array.Builder, v any) error {
	if v == nil {
		b.AppendNull()
		return nil
	}
	switch b := b.(type) {
	case *array.StringBuilder:
		b.Append(v.(string))
	case *array.Int32Builder:
		b.Append(int32(v.(int)))
	case *array.BooleanBuilder:
		b.Append(v.(bool))
	case *array.Date32Builder:
		b.Append(arrow.Date32FromTime(v.(parse.Day).Time()))
	case *array.Decimal128Builder:
		n, err := toDecimal128(v.(decimal.Decimal))
		if err != nil {
			return err
		}
		b.Append(n)
	default:
		return fmt.Errorf("no appender for %T", b)
	}
	return nil
}

// toDecimal128 converts d to the fixed DECIMAL(18,6) representation,
// rounding half away from zero to the sixth decimal place.
func toDecimal128(d decimal.Decimal) (decimal128.Num, error) {
	if d.Abs().GreaterThanOrEqual(maxDecimal) {
		return decimal128.Num{}, fmt.Errorf("%s is too large (at most 12 digits before the decimal point)", d)
	}
	return decimal128.FromBigInt(d.Shift(decimalScale).Round(0).BigInt()), nil
}

func (t *tableBuilder) flush() {
	if t.rows > 0 {
		t.batches = append(t.batches, t.b.NewRecordBatch())
		t.rows = 0
	}
}

// finish returns the batches built and releases the builder.
func (t *tableBuilder) finish() []arrow.RecordBatch {
	t.flush()
	t.b.Release()
	return t.batches
}
