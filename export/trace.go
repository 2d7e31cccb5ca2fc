package export

import (
	"io"

	"github.com/pairstat/pairstat/queries"
)

// TraceHeader is the columns of a trace in CSV, JSON and the table for
// people (the keys of `pairstat trace --format json`).
var TraceHeader = []string{"file", "sheet", "cell", "region", "value", "status", "label", "check"}

// TraceRecords are the traced cells as records under TraceHeader.
func TraceRecords(rows []queries.TraceRow) [][]string {
	records := make([][]string, len(rows))
	for i, r := range rows {
		records[i] = []string{r.File, r.Sheet, r.Cell, r.Region, r.Value, r.Status, r.Label, r.Check}
	}
	return records
}

// WriteTraceJSON writes the traced cells as an indented JSON array of
// objects with TraceHeader's keys, every value a string.
func WriteTraceJSON(w io.Writer, rows []queries.TraceRow) error {
	records := TraceRecords(rows)
	nulls := make([][]bool, len(records))
	for i := range nulls {
		nulls[i] = make([]bool, len(TraceHeader))
	}
	return WriteQueryJSON(w, &queries.Table{Columns: TraceHeader, Rows: records, Nulls: nulls})
}
