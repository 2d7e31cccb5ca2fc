package export

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"

	"github.com/pairstat/pairstat/queries"
)

// utf8BOM is the byte-order mark that makes Excel on Windows read a CSV
// file as UTF-8.
const utf8BOM = "\ufeff"

// totalsHeader is the CSV contract of SPEC §5: these five columns first.
var totalsHeader = []string{"year", "region", "indicator", "value", "unit", "partial", "basis"}

func totalRecord(t queries.Total) []string {
	return []string{strconv.Itoa(t.Year), t.Region, t.Indicator, t.Value, t.Unit,
		strconv.FormatBool(t.Partial), t.Basis}
}

// WriteTotalsCSV writes the totals as CSV: the header of SPEC §5, then one
// record per total.
func WriteTotalsCSV(w io.Writer, totals []queries.Total) error {
	rows := make([][]string, len(totals))
	for i, t := range totals {
		rows[i] = totalRecord(t)
	}
	return WriteCSV(w, totalsHeader, rows)
}

// WriteCSV writes header, then rows, as CSV.
func WriteCSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// totalJSON is one total in JSON. The value is a JSON number written with
// its exact decimal digits (never through a float).
type totalJSON struct {
	Year      int         `json:"year"`
	Region    string      `json:"region"`
	Indicator string      `json:"indicator"`
	Value     json.Number `json:"value"`
	Unit      string      `json:"unit"`
	Partial   bool        `json:"partial"`
	Basis     string      `json:"basis"`
}

// WriteTotalsJSON writes the totals as an indented JSON array of objects.
func WriteTotalsJSON(w io.Writer, totals []queries.Total) error {
	out := make([]totalJSON, len(totals))
	for i, t := range totals {
		out[i] = totalJSON{t.Year, t.Region, t.Indicator, json.Number(t.Value), t.Unit, t.Partial, t.Basis}
	}
	return writeJSON(w, out)
}

// WriteQueryJSON writes a query's result as an indented JSON array of
// objects keyed by column; a NULL is null.
func WriteQueryJSON(w io.Writer, t *queries.Table) error {
	out := make([]map[string]any, len(t.Rows))
	for i, row := range t.Rows {
		obj := make(map[string]any, len(row))
		for j, v := range row {
			if t.Nulls[i][j] {
				obj[t.Columns[j]] = nil
			} else {
				obj[t.Columns[j]] = v
			}
		}
		out[i] = obj
	}
	return writeJSON(w, out)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func plainTotals(totals []queries.ExportTotal) []queries.Total {
	out := make([]queries.Total, len(totals))
	for i, t := range totals {
		out[i] = t.Total
	}
	return out
}

// exportJSON is one total in the JSON export: the totals JSON with the
// indicator's names beside it.
type exportJSON struct {
	totalJSON
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
}

// writeExportJSON writes an array of objects: the contract keys (year,
// region, indicator, value, unit), partial, basis, name_zh and name_en; the
// value is a JSON number with its exact decimal digits. No totals is [].
func writeExportJSON(w io.Writer, totals []queries.ExportTotal) error {
	out := make([]exportJSON, len(totals))
	for i, t := range totals {
		out[i] = exportJSON{
			totalJSON: totalJSON{t.Year, t.Region, t.Indicator, json.Number(t.Value), t.Unit, t.Partial, t.Basis},
			NameZh:    t.NameZh,
			NameEn:    t.NameEn,
		}
	}
	return writeJSON(w, out)
}
