package transform

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/shopspring/decimal"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/transform/parse"
)

// scaledByDecimal is scaled done with decimal arithmetic only: the
// reference for the int64 path.
func scaledByDecimal(d, factor decimal.Decimal) (int64, bool) {
	v := d.Mul(factor)
	if v.Abs().GreaterThanOrEqual(maxDecimal) {
		return 0, true
	}
	return v.Shift(decimalScale).Round(0).IntPart(), false
}

// TestScaled checks the int64 path of scaled against decimal arithmetic on
// numbers as parse.NumberParts reads them and on every factor of the catalog,
// rounding halves and the DECIMAL(18,6) limit included.
func TestScaled(t *testing.T) {
	factors := []string{"0.0001", "0.1", "1", "100", "10000", "3.5", "0.00000001", "123456789"}
	texts := []string{"0", "-0", "1", "-1", "0.5", "0.0000005", "-0.0000005", "0.00000049", "0.0000015",
		"12345.67", "-12345.675", "999999999999.999", "1000000000000", "-999999999999.9999995",
		"1.25E+6", "1e-7", "5e-7", "-5e-7", "123456789012345", "99999999999999.9", "1e300", "1e-300", "12%"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		digits := rng.Int64N(1_000_000_000_000_000)
		texts = append(texts, fmt.Sprintf("%de%d", digits-500_000_000_000_000, rng.IntN(40)-25))
	}
	for _, f := range factors {
		factor := decimal.RequireFromString(f)
		for _, text := range texts {
			coef, exp, err := parse.NumberParts(text)
			if err != nil {
				t.Fatalf("parse.NumberParts(%q): %v", text, err)
			}
			d := decimal.New(coef, int32(exp))
			n, tooLarge := scaled(coef, exp, factor)
			wantN, wantTooLarge := scaledByDecimal(d, factor)
			if n != wantN || tooLarge != wantTooLarge {
				t.Fatalf("scaled(%s, %s) = %d, %v; decimal arithmetic gives %d, %v", d, factor, n, tooLarge, wantN, wantTooLarge)
			}
		}
	}
}

// TestAppendCellName checks the cell names written into the tables against
// ingest.CellName.
func TestAppendCellName(t *testing.T) {
	for _, col := range []int{-1, 0, 1, 2, 26, 27, 52, 53, 702, 703, 16384, 16385} {
		for _, row := range []int{-1, 0, 1, 9, 10, 1048576, 1048577} {
			if got, want := string(appendCellName(nil, col, row)), ingest.CellName(col, row); got != want {
				t.Errorf("appendCellName(%d, %d) = %q, want %q", col, row, got, want)
			}
		}
	}
}

// TestTableBuilderBatchSizes appends rows of every column type to a table
// across the sizes where the builders' room changes (the first batch's
// firstRows, a full batch, several) and reads every value back from the
// batches: what is reserved or grown must never lose or shift a value.
func TestTableBuilderBatchSizes(t *testing.T) {
	schema := Schema("projects")
	value := func(field, row int) val {
		if (row+field)%7 == 0 {
			return null
		}
		switch schema.Field(field).Type.ID() {
		case arrow.STRING:
			if field%2 == 0 {
				return cellVal(field+1, row+1)
			}
			return strVal(fmt.Sprintf("行%d·列%d", row, field))
		case arrow.INT32:
			return intVal(row*3 + field)
		case arrow.BOOL:
			return boolVal(row%2 == 0)
		case arrow.DATE32:
			return val{kind: kindDate, n: int64(row - field)}
		case arrow.DECIMAL128:
			return val{kind: kindDec, n: int64(row)*1_000_001 - int64(field)}
		}
		t.Fatalf("no test value for column %s", schema.Field(field).Name)
		return null
	}
	for _, rows := range []int{1, firstRows, firstRows + 1, batchRows - 1, batchRows, batchRows + 1, 2*batchRows + 5} {
		tb := newTableBuilder(memory.DefaultAllocator, "projects", schema, nil)
		values := make([]val, schema.NumFields())
		for r := range rows {
			for f := range values {
				values[f] = value(f, r)
			}
			if err := tb.append(values...); err != nil {
				t.Fatal(err)
			}
		}
		tb.flush()
		r := 0
		for _, batch := range tb.batches {
			if batch.NumRows() > batchRows {
				t.Errorf("%d rows: a batch of %d rows, more than %d", rows, batch.NumRows(), batchRows)
			}
			for i := range int(batch.NumRows()) {
				for f := range schema.NumFields() {
					want, col := value(f, r), batch.Column(f)
					if want.kind == kindNull {
						if !col.IsNull(i) {
							t.Fatalf("%d rows: row %d, %s is %v, want NULL", rows, r, schema.Field(f).Name, col.ValueStr(i))
						}
						continue
					}
					var got, wantText string
					switch c := col.(type) {
					case *array.String:
						got, wantText = c.Value(i), want.s
						if want.kind == kindCell {
							wantText = ingest.CellName(int(want.n), int(want.m))
						}
					case *array.Int32:
						got, wantText = fmt.Sprint(c.Value(i)), fmt.Sprint(want.n)
					case *array.Boolean:
						got, wantText = fmt.Sprint(c.Value(i)), fmt.Sprint(want.n == 1)
					case *array.Date32:
						got, wantText = fmt.Sprint(int64(c.Value(i))), fmt.Sprint(want.n)
					case *array.Decimal128:
						got, wantText = c.Value(i).BigInt().String(), fmt.Sprint(want.n)
					}
					if got != wantText {
						t.Fatalf("%d rows: row %d, %s is %q, want %q", rows, r, schema.Field(f).Name, got, wantText)
					}
				}
				r++
			}
			batch.Release()
		}
		if r != rows {
			t.Errorf("%d rows appended, %d read back", rows, r)
		}
	}
}
