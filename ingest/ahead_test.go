package ingest_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pairstat/pairstat/ingest"
)

// The census of a sheet runs ahead of its row stream: a limit exceeded
// deep in the sheet (a text token of 2 MiB in row 3,001) ends the stream
// before the row that holds it, and the error is the census's.
func TestCensusAheadStopsBeforeTheRow(t *testing.T) {
	var rows strings.Builder
	for r := 1; r <= 3000; r++ {
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d"><v>%d</v></c></row>`, r, r, r)
	}
	rows.WriteString(`<row r="3001"><c r="A3001" t="inlineStr"><is><t>` + strings.Repeat(" ", 2<<20) + `x</t></is></c></row>`)
	rows.WriteString(`<row r="3002"><c r="A3002"><v>1</v></c></row>`)
	path := writeParts(t, "深.xlsx", oneSheet(rows.String()))
	wb, err := ingest.Open(path, "深.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	// The census may have reached the row before Rows returns: then Rows
	// says so.
	n := 0
	rs, err := wb.Rows("台账")
	if err == nil {
		for rs.Next() {
			n++
		}
		err = rs.Err()
		rs.Close()
	}
	var ce *ingest.CellError
	if !errors.Is(err, ingest.ErrLimit) || !errors.As(err, &ce) || ce.Sheet != "台账" ||
		!strings.Contains(err.Error(), "longer than 1 MiB") {
		t.Fatalf("after %d rows: %v, want the census's limit on a token over 1 MiB in sheet 台账", n, err)
	}
	if n > 3000 {
		t.Errorf("the stream yielded %d rows: it decoded row 3,001 before the census passed it", n)
	}
}
