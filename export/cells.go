package export

import (
	"encoding/csv"
	"io"

	"github.com/pairstat/pairstat/ingest"
)

// WriteCellsCSV writes what pairstat reads from the sheets of wb, as
// `pairstat cells` shows it (SPEC §5): the header sheet,cell,type,value,
// then one record per non-empty cell in sheet and row order, each value
// as ingest.Cell.Text gives it. On an error (a sheet that cannot be read)
// what was written before it is flushed.
func WriteCellsCSV(w io.Writer, wb *ingest.Workbook, sheets []string) error {
	out := csv.NewWriter(w)
	out.Write([]string{"sheet", "cell", "type", "value"})
	for _, sheet := range sheets {
		if err := writeSheetCells(out, wb, sheet); err != nil {
			out.Flush()
			return err
		}
	}
	out.Flush()
	return out.Error()
}

func writeSheetCells(out *csv.Writer, wb *ingest.Workbook, sheet string) error {
	rows, err := wb.Rows(sheet)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r := rows.Row()
		for _, c := range r.Cells {
			typ, text := c.Shown(wb.Date1904)
			if err := out.Write([]string{sheet, r.Ref(c.Col), typ.String(), text}); err != nil {
				return err
			}
		}
	}
	return rows.Err()
}
