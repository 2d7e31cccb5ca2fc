package ingest_test

import (
	"testing"

	"github.com/pairstat/pairstat/ingest"
)

// TestCellText: each type as `pairstat cells` shows it.
func TestCellText(t *testing.T) {
	const (
		number = ingest.Number
		date   = ingest.Date
		boolT  = ingest.Bool
		text   = ingest.Text
	)
	for _, tc := range []struct {
		cell     ingest.Cell
		date1904 bool
		typ      ingest.CellType
		want     string
	}{
		{ingest.Cell{Type: number, Value: "0.30000000000000004"}, false, number, "0.3"},
		{ingest.Cell{Type: number, Value: "1250000"}, false, number, "1250000"},
		{ingest.Cell{Type: number, Value: "0.0000001"}, false, number, "1E-07"},
		{ingest.Cell{Type: date, Value: "45003"}, false, date, "2023-03-18"},
		{ingest.Cell{Type: date, Value: "45003.5"}, false, date, "2023-03-18 12:00:00"},
		{ingest.Cell{Type: date, Value: "43541"}, true, date, "2023-03-18"},
		{ingest.Cell{Type: date, Value: "59"}, false, date, "1900-02-28"},
		{ingest.Cell{Type: date, Value: "2023-03-18T00:00:00Z"}, false, date, "2023-03-18"},
		// Numbers in a date format that are no date: shown as numbers.
		{ingest.Cell{Type: date, Value: "-1"}, false, number, "-1"},
		{ingest.Cell{Type: date, Value: "3000000"}, false, number, "3000000"},
		{ingest.Cell{Type: boolT, Value: "1"}, false, boolT, "TRUE"},
		{ingest.Cell{Type: boolT, Value: "0"}, false, boolT, "FALSE"},
		{ingest.Cell{Type: text, Value: "塘厦镇"}, false, text, "塘厦镇"},
	} {
		if typ, got := tc.cell.Shown(tc.date1904); typ != tc.typ || got != tc.want {
			t.Errorf("%v %q (1904: %v) = %v %q, want %v %q", tc.cell.Type, tc.cell.Value, tc.date1904, typ, got, tc.typ, tc.want)
		}
	}
}
