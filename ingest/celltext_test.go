package ingest_test

import (
	"testing"

	"github.com/pairstat/pairstat/ingest"
)

func TestCellText(t *testing.T) {
	for _, tc := range []struct {
		cell     ingest.Cell
		date1904 bool
		want     string
	}{
		{ingest.Cell{Type: ingest.Number, Value: "0.30000000000000004"}, false, "0.3"},
		{ingest.Cell{Type: ingest.Number, Value: "1250000"}, false, "1250000"},
		{ingest.Cell{Type: ingest.Number, Value: "0.0000001"}, false, "1E-07"},
		{ingest.Cell{Type: ingest.Date, Value: "45003"}, false, "2023-03-18"},
		{ingest.Cell{Type: ingest.Date, Value: "45003.5"}, false, "2023-03-18 12:00:00"},
		{ingest.Cell{Type: ingest.Date, Value: "43541"}, true, "2023-03-18"},
		{ingest.Cell{Type: ingest.Date, Value: "59"}, false, "1900-02-28"},
		{ingest.Cell{Type: ingest.Date, Value: "2023-03-18T00:00:00Z"}, false, "2023-03-18"},
		{ingest.Cell{Type: ingest.Bool, Value: "1"}, false, "TRUE"},
		{ingest.Cell{Type: ingest.Bool, Value: "0"}, false, "FALSE"},
		{ingest.Cell{Type: ingest.Text, Value: "塘厦镇"}, false, "塘厦镇"},
	} {
		if got := tc.cell.Text(tc.date1904); got != tc.want {
			t.Errorf("%v %q (1904: %v) = %q, want %q", tc.cell.Type, tc.cell.Value, tc.date1904, got, tc.want)
		}
	}
}
