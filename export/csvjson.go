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

// targetsHeader is the CSV contract of `pairstat targets` (SPEC §5): these
// six columns first, then completion.
var targetsHeader = []string{"year", "region", "indicator", "target", "actual", "unit", "completion"}

// WriteTargetsCSV writes the targets as CSV: the header of SPEC §5, then
// one record per target; actual and completion are empty without a total.
func WriteTargetsCSV(w io.Writer, targets []queries.Target) error {
	rows := make([][]string, len(targets))
	for i, t := range targets {
		rows[i] = []string{strconv.Itoa(t.Year), t.Region, t.Indicator, t.Target, t.Actual, t.Unit, t.Completion}
	}
	return WriteCSV(w, targetsHeader, rows)
}

// targetJSON is one target in JSON: the CSV's keys, then the indicator's
// names and area. Numbers are JSON numbers with their exact decimal digits;
// actual and completion are null without a total.
type targetJSON struct {
	Year       int          `json:"year"`
	Region     string       `json:"region"`
	Indicator  string       `json:"indicator"`
	Target     json.Number  `json:"target"`
	Actual     *json.Number `json:"actual"`
	Unit       string       `json:"unit"`
	Completion *json.Number `json:"completion"`
	NameZh     string       `json:"name_zh"`
	NameEn     string       `json:"name_en"`
	Area       string       `json:"area"`
}

// WriteTargetsJSON writes the targets as an indented JSON array of objects.
// No targets is [].
func WriteTargetsJSON(w io.Writer, targets []queries.Target) error {
	number := func(s string) *json.Number {
		if s == "" {
			return nil
		}
		n := json.Number(s)
		return &n
	}
	out := make([]targetJSON, len(targets))
	for i, t := range targets {
		out[i] = targetJSON{t.Year, t.Region, t.Indicator, json.Number(t.Target), number(t.Actual), t.Unit,
			number(t.Completion), t.NameZh, t.NameEn, t.Area}
	}
	return writeJSON(w, out)
}
