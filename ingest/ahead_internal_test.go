package ingest

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/pairstat/pairstat/ingest/hostile"
)

// A stream closed early stops its census: nothing goes on reading the rest
// of a large sheet (here a million rows) once its rows are not wanted.
func TestCensusAheadStopsWhenClosed(t *testing.T) {
	const total = 1_000_000
	path := filepath.Join(t.TempDir(), "大.xlsx")
	parts := hostile.Workbook([]hostile.Sheet{{Name: "台账", Part: hostile.Part{
		Head: []byte(hostile.SheetOpen), Body: []byte(strings.Repeat(`<row><c><v>1</v></c></row>`, 10_000)),
		Repeat: total / 10_000, Tail: []byte(hostile.SheetClose)}}}, nil)
	if err := hostile.WriteFile(path, parts); err != nil {
		t.Fatal(err)
	}
	wb, err := Open(path, "大.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rs, err := wb.Rows("台账")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10 && rs.Next(); i++ {
	}
	if err := rs.Close(); err != nil {
		t.Fatal(err)
	}
	if s := rs.census; !s.over || s.rows >= total {
		t.Errorf("after Close the census is over: %v, and counted %d of the %d rows; want it stopped short", s.over, s.rows, total)
	}
}
