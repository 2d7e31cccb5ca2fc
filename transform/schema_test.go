package transform

import (
	"fmt"
	"math/rand/v2"
	"testing"

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
// numbers as parse.Number returns them and on every factor of the catalog,
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
			d, err := parse.Number(text)
			if err != nil {
				t.Fatalf("parse.Number(%q): %v", text, err)
			}
			coef, exp, err := parse.NumberParts(text)
			if err != nil {
				t.Fatalf("parse.NumberParts(%q): %v", text, err)
			}
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
