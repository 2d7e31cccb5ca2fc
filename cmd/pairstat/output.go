package main

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"golang.org/x/text/width"

	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// totalsHeader is the CSV contract of SPEC §5: these five columns first.
var totalsHeader = []string{"year", "region", "indicator", "value", "unit", "partial", "basis"}

func totalRecord(t queries.Total) []string {
	return []string{strconv.Itoa(t.Year), t.Region, t.Indicator, t.Value, t.Unit,
		strconv.FormatBool(t.Partial), t.Basis}
}

func writeTotalsCSV(w io.Writer, totals []queries.Total) error {
	rows := make([][]string, len(totals))
	for i, t := range totals {
		rows[i] = totalRecord(t)
	}
	return writeCSV(w, totalsHeader, rows)
}

func writeCSV(w io.Writer, header []string, rows [][]string) error {
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

func writeTotalsJSON(w io.Writer, totals []queries.Total) error {
	out := make([]totalJSON, len(totals))
	for i, t := range totals {
		out[i] = totalJSON{t.Year, t.Region, t.Indicator, json.Number(t.Value), t.Unit, t.Partial, t.Basis}
	}
	return writeJSON(w, out)
}

func writeQueryJSON(w io.Writer, t *queries.Table) error {
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

// writeTotalsTable prints the totals for people: names in the chosen
// language, thousands separators, columns aligned for Chinese text.
// earlier holds totals of other years (the year before a filtered year),
// for the year-on-year change.
func writeTotalsTable(w io.Writer, totals, earlier []queries.Total, cat *transform.Catalog, lang string) error {
	header := []string{"year", "region", "indicator", "value", "unit", "change", "note"}
	if lang == "zh" {
		header = []string{"年度", "地区", "指标", "数值", "单位", "同比", "备注"}
	}
	previous := map[[3]string]string{}
	for _, t := range append(earlier, totals...) {
		previous[[3]string{strconv.Itoa(t.Year), t.Region, t.Indicator}] = t.Value
	}
	rows := make([][]string, len(totals))
	for i, t := range totals {
		note := ""
		if t.Partial {
			note = text(lang, "partial year", "未满全年")
		}
		change := ""
		if before, ok := previous[[3]string{strconv.Itoa(t.Year - 1), t.Region, t.Indicator}]; ok {
			change = yearOnYear(before, t.Value)
		}
		rows[i] = []string{strconv.Itoa(t.Year), regionName(cat, t.Region, lang),
			indicatorName(cat, t.Indicator, lang), thousands(t.Value), t.Unit, change, note}
	}
	return writeAligned(w, header, rows, map[int]bool{3: true, 5: true})
}

// yearOnYear describes the change from before to now: +25 (+41.7%).
func yearOnYear(before, now string) string {
	b, errB := decimal.NewFromString(before)
	n, errN := decimal.NewFromString(now)
	if errB != nil || errN != nil {
		return ""
	}
	diff := n.Sub(b)
	sign := ""
	if diff.IsPositive() {
		sign = "+"
	}
	out := sign + thousands(diff.String())
	if !b.IsZero() {
		out += " (" + sign + diff.Div(b).Shift(2).StringFixed(1) + "%)"
	}
	return out
}

func regionName(cat *transform.Catalog, code, lang string) string {
	if code == "all" {
		return map[string]string{"zh": "两地合计", "en": "both"}[lang]
	}
	for _, r := range cat.Regions {
		if r.Code == code {
			if lang == "zh" {
				return r.NameZh
			}
			return r.NameEn
		}
	}
	return code
}

func indicatorName(cat *transform.Catalog, code, lang string) string {
	ind, ok := cat.Indicator(code)
	if !ok {
		return code
	}
	if lang == "zh" {
		return ind.NameZh
	}
	return ind.NameEn
}

// thousands groups the integer digits of a plain decimal: 1250000.5 → 1,250,000.5.
func thousands(v string) string {
	sign, digits := "", v
	if strings.HasPrefix(digits, "-") {
		sign, digits = "-", digits[1:]
	}
	whole, frac, hasFrac := strings.Cut(digits, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
}

// displayWidth counts terminal columns: East Asian wide and full-width
// characters take two.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// writeAligned prints rows under header in aligned columns; columns in
// right are right-aligned.
func writeAligned(w io.Writer, header []string, rows [][]string, right map[int]bool) error {
	widths := make([]int, len(header))
	for _, row := range append([][]string{header}, rows...) {
		for i, cell := range row {
			widths[i] = max(widths[i], displayWidth(cell))
		}
	}
	var b strings.Builder
	line := func(row []string) {
		var l strings.Builder
		for i, cell := range row {
			pad := strings.Repeat(" ", widths[i]-displayWidth(cell))
			if i > 0 {
				l.WriteString("  ")
			}
			if right[i] {
				l.WriteString(pad + cell)
			} else {
				l.WriteString(cell + pad)
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteString("\n")
	}
	line(header)
	for _, row := range rows {
		line(row)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
