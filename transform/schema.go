package transform

import (
	"fmt"
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/shopspring/decimal"

	"github.com/pairstat/pairstat/ingest"
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

// table is one table's name and Arrow schema.
type table struct {
	name   string
	schema *arrow.Schema
}

// tables declares the tables, in load order: each Arrow schema is the
// column names and types of the DuckDB table of the same name after its
// source_id column (queries checks the two against each other).
func tables() []table {
	return []table{
		{"projects", schema(str("name"), str("name_cell"), str("industry"),
			dec("investment"), str("investment_cell"),
			date("signed_on"), str("signed_cell"), date("started_on"), str("started_cell"),
			date("produced_on"), str("produced_cell"), str("note"))},
		{"funds", schema(i32("parent_row"), i32("year"), str("year_cell"), date("paid_on"),
			str("field"), str("item"), dec("amount"), str("amount_cell"))},
		{"assistance", schema(str("name"), str("place"), str("status"), boolean("delivered"),
			date("done_on"), i32("year"), str("status_cell"), str("when_cell"))},
		{"figures", figureSchema()},
		// Yearly targets (年度目标任务) of indicator tables, shaped as
		// figures; region all is the pair's. A target is never a value.
		{"targets", figureSchema()},
	}
}

// TableNames lists the tables in load order (a new slice at each call).
func TableNames() []string {
	var names []string
	for _, t := range tables() {
		names = append(names, t.name)
	}
	return names
}

// Schema returns the Arrow schema of the table name, nil for a name that is
// not one of TableNames.
func Schema(name string) *arrow.Schema {
	for _, t := range tables() {
		if t.name == name {
			return t.schema
		}
	}
	return nil
}

// batchRows is how many rows a record batch holds at most. Batches are
// what the loader inserts while the workbook is still being read, so they
// are kept small enough to overlap reading and to bound memory: a few are
// alive at once (being built, waiting, being inserted), some 2 MB each on a
// text-heavy ledger. Twice as many rows cost such a ledger 6 MB of peak and
// saved 3% of its time (README, Performance).
const batchRows = 8 * 1024

// valKind tells what a val holds.
type valKind uint8

const (
	kindNull valKind = iota
	kindStr
	kindInt  // n
	kindBool // n: 1 for true
	kindDate // n: days since 1970-01-01 (Arrow Date32)
	kindDec  // n: the value × 10^decimalScale, as DECIMAL(18,6) stores it
	kindCell // the name of the cell at column n, row m, like "C7"
)

// val is one value of a table row: NULL or a value of the column's type.
// Rows are built of vals, not of interfaces, so that converting a row
// allocates nothing.
type val struct {
	kind valKind
	s    string
	n, m int64
}

var null = val{}

func strVal(s string) val { return val{kind: kindStr, s: s} }
func intVal(n int) val    { return val{kind: kindInt, n: int64(n)} }
func boolVal(b bool) val {
	if b {
		return val{kind: kindBool, n: 1}
	}
	return val{kind: kindBool}
}
func dateVal(d parse.Day) val {
	return val{kind: kindDate, n: int64(arrow.Date32FromTime(d.Time()))}
}

// cellVal names the cell at col and row; NULL without a column (col 0).
func cellVal(col, row int) val {
	if col == 0 {
		return null
	}
	return val{kind: kindCell, n: int64(col), m: int64(row)}
}

// tableBuilder accumulates rows of one table into record batches, and
// hands each full batch to sink, or keeps it when sink is nil.
type tableBuilder struct {
	name    string
	b       *array.RecordBuilder
	fields  []array.Builder
	rows    int
	total   int64 // rows in every batch made
	sink    Sink
	batches []arrow.RecordBatch
	err     error // from sink: the conversion stops
	cell    []byte
	dataLen []int // bytes of text per column in the last full batch
}

func newTableBuilder(mem memory.Allocator, name string, s *arrow.Schema, sink Sink) *tableBuilder {
	b := array.NewRecordBuilder(mem, s)
	return &tableBuilder{name: name, b: b, fields: b.Fields(), sink: sink}
}

// append adds one row; values are in schema order.
func (t *tableBuilder) append(values ...val) error {
	if len(values) != len(t.fields) {
		return fmt.Errorf("%s: %d values for %d columns", t.name, len(values), len(t.fields))
	}
	if t.rows == 0 {
		t.reserve()
	}
	for i, v := range values {
		if err := t.appendValue(t.fields[i], v); err != nil {
			return fmt.Errorf("column %s: %w", t.b.Schema().Field(i).Name, err)
		}
	}
	t.rows++
	if t.rows == batchRows {
		t.flush()
		if t.err != nil {
			return sinkError{t.err}
		}
	}
	return nil
}

// sinkError carries the error of a Sink out of a row's conversion.
type sinkError struct{ err error }

func (e sinkError) Error() string { return e.err.Error() }

func (t *tableBuilder) appendValue(b array.Builder, v val) error {
	switch b := b.(type) {
	case *array.StringBuilder:
		switch v.kind {
		case kindNull:
			b.AppendNull()
		case kindStr:
			b.Append(v.s)
		case kindCell:
			t.cell = appendCellName(t.cell[:0], int(v.n), int(v.m))
			b.BinaryBuilder.Append(t.cell)
		default:
			return fmt.Errorf("value of kind %d for a text column", v.kind)
		}
		return nil
	case *array.Int32Builder:
		if v.kind == kindInt {
			b.Append(int32(v.n))
			return nil
		}
	case *array.BooleanBuilder:
		if v.kind == kindBool {
			b.Append(v.n == 1)
			return nil
		}
	case *array.Date32Builder:
		if v.kind == kindDate {
			b.Append(arrow.Date32(v.n))
			return nil
		}
	case *array.Decimal128Builder:
		if v.kind == kindDec {
			b.Append(decimal128.FromI64(v.n))
			return nil
		}
	default:
		return fmt.Errorf("no appender for %T", b)
	}
	if v.kind == kindNull {
		b.AppendNull()
		return nil
	}
	return fmt.Errorf("value of kind %d for a %s column", v.kind, b.Type())
}

// appendCellName appends the name of the cell at col and row, like "C7",
// to dst: ingest.CellName without allocating.
func appendCellName(dst []byte, col, row int) []byte {
	if col < 1 || col > maxCol || row < 1 || row > maxRow {
		return append(dst, ingest.CellName(col, row)...)
	}
	var letters [3]byte
	i := len(letters)
	for col > 0 {
		col--
		i--
		letters[i] = byte('A' + col%26)
		col /= 26
	}
	dst = append(dst, letters[i:]...)
	return strconv.AppendInt(dst, int64(row), 10)
}

// Excel's last column (XFD) and row.
const (
	maxCol = 16384
	maxRow = 1048576
)

// firstRows is the room the builders are given for a table's first batch:
// most sheets are far smaller than a batch, and reserving a whole batch for
// them made and cleared megabytes per workbook. Beyond it the builders grow
// by doubling, which copies each row at most once more.
const firstRows = 1024

// reserve sizes the builders for the next batch: after a full batch, for a
// full batch again, its texts as long as those of the batch before (growing
// them row by row would copy them over and over); else for firstRows.
func (t *tableBuilder) reserve() {
	if t.dataLen == nil {
		t.dataLen = make([]int, len(t.fields))
	}
	rows := firstRows
	if t.total > 0 {
		rows = batchRows
	}
	for i, f := range t.fields {
		f.Reserve(rows)
		if sb, ok := f.(*array.StringBuilder); ok && t.dataLen[i] > 0 {
			sb.ReserveData(t.dataLen[i])
		}
	}
}

// flush makes a batch of the rows appended since the last one.
func (t *tableBuilder) flush() {
	if t.rows == 0 {
		return
	}
	for i, f := range t.fields {
		if sb, ok := f.(*array.StringBuilder); ok && t.rows == batchRows {
			t.dataLen[i] = sb.DataLen()
		}
	}
	batch := t.b.NewRecordBatch()
	t.total += int64(t.rows)
	t.rows = 0
	if t.sink == nil {
		t.batches = append(t.batches, batch)
		return
	}
	if t.err != nil {
		batch.Release()
		return
	}
	t.err = t.sink(t.name, batch)
}

// finish flushes the last rows, releases the builder and returns the
// batches kept (none with a sink).
func (t *tableBuilder) finish() []arrow.RecordBatch {
	t.flush()
	t.b.Release()
	return t.batches
}

// scaled converts coef × 10^exp × factor to the fixed DECIMAL(18,6)
// representation, rounding half away from zero to the sixth decimal place;
// tooLarge when the value is 10^12 or more in size, which DECIMAL(18,6)
// cannot hold. Numbers as parse.NumberParts returns them (at most 15
// significant digits) and the catalog's factors (powers of ten) take an
// int64 path; others go through decimal arithmetic, with the same result.
func scaled(coef int64, exp int, factor decimal.Decimal) (n int64, tooLarge bool) {
	if n, tooLarge, ok := scaledInt64(coef, exp, factor); ok {
		return n, tooLarge
	}
	v := decimal.New(coef, int32(exp)).Mul(factor)
	if v.Abs().GreaterThanOrEqual(maxDecimal) {
		return 0, true
	}
	return v.Shift(decimalScale).Round(0).IntPart(), false
}

// pow10 holds 10^0 … 10^18.
var pow10 = func() (p [19]int64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// scaledInt64 is scaled in int64 arithmetic; ok is false when the operands
// are too large for it.
func scaledInt64(dc int64, exp int, factor decimal.Decimal) (n int64, tooLarge, ok bool) {
	const limit = 1_000_000_000_000_000_000 // 10^18: 10^12 at scale 6
	if dc <= -1e15 || dc >= 1e15 || factor.NumDigits() > 18 {
		return 0, false, false
	}
	fc := factor.CoefficientInt64()
	x := exp + int(factor.Exponent()) + decimalScale
	for fc != 0 && fc%10 == 0 {
		fc /= 10
		x++
	}
	if fc <= -1000 || fc >= 1000 {
		return 0, false, false
	}
	p := dc * fc // |dc| < 10^15, |fc| < 10^3: no overflow
	switch {
	case p == 0:
		return 0, false, true
	case x >= 0:
		for ; x > 0; x-- {
			if p <= -limit/10 || p >= limit/10 {
				return 0, true, true
			}
			p *= 10
		}
		if p <= -limit || p >= limit {
			return 0, true, true
		}
		return p, false, true
	case x < -18:
		return 0, false, false // beyond pow10; decimal arithmetic decides
	default:
		// The value is p / div before rounding; |p| < 10^18, so it fits.
		div := pow10[-x]
		q, r := p/div, p%div
		if r < 0 {
			r = -r
		}
		if r >= div-r { // r ≥ div/2: half away from zero
			if p < 0 {
				q--
			} else {
				q++
			}
		}
		return q, false, true
	}
}
