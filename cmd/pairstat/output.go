package main

import (
	"io"
	"strconv"
	"strings"

	"github.com/pairstat/pairstat/export"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

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
			change = export.YearOnYear(before, t.Value)
		}
		rows[i] = []string{strconv.Itoa(t.Year), regionName(cat, t.Region, lang),
			indicatorName(cat, t.Indicator, lang), export.Thousands(t.Value), t.Unit, change, note}
	}
	return writeAligned(w, header, rows, map[int]bool{3: true, 5: true})
}

func regionName(cat *transform.Catalog, code, lang string) string { return cat.RegionName(code, lang) }

func indicatorName(cat *transform.Catalog, code, lang string) string {
	return cat.IndicatorName(code, lang)
}

// writeAligned prints rows under header in aligned columns; columns in
// right are right-aligned.
func writeAligned(w io.Writer, header []string, rows [][]string, right map[int]bool) error {
	widths := make([]int, len(header))
	for _, row := range append([][]string{header}, rows...) {
		for i, cell := range row {
			widths[i] = max(widths[i], export.DisplayWidth(cell))
		}
	}
	var b strings.Builder
	line := func(row []string) {
		var l strings.Builder
		for i, cell := range row {
			pad := strings.Repeat(" ", widths[i]-export.DisplayWidth(cell))
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
