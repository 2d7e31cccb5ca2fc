package export

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/pairstat/pairstat/messages"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// WriteTotalsTable prints the totals for people: names in the chosen
// language, thousands separators, columns aligned for Chinese text.
// earlier holds totals of other years (the year before a filtered year),
// for the year-on-year change.
func WriteTotalsTable(w io.Writer, totals, earlier []queries.Total, cat *transform.Catalog, lang string) error {
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
			note = messages.Pick(lang, "partial year", "未满全年")
		}
		change := ""
		if before, ok := previous[[3]string{strconv.Itoa(t.Year - 1), t.Region, t.Indicator}]; ok {
			change = YearOnYear(before, t.Value)
		}
		rows[i] = []string{strconv.Itoa(t.Year), cat.RegionName(t.Region, lang),
			cat.IndicatorName(t.Indicator, lang), Thousands(t.Value), t.Unit, change, note}
	}
	return WriteAligned(w, header, rows, map[int]bool{3: true, 5: true})
}

// YearOnYear describes the change from before to now: +25 (+41.7%); the
// percentage only when before is positive (of zero or a negative value it
// means nothing): from -10 to 100 is +110.
func YearOnYear(before, now string) string {
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
	out := sign + Thousands(diff.String())
	if b.IsPositive() {
		out += " (" + sign + diff.Div(b).Shift(2).StringFixed(1) + "%)"
	}
	return out
}

// Thousands groups the integer digits of a plain decimal: 1250000.5 → 1,250,000.5.
func Thousands(v string) string {
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

// WriteAligned prints rows under header in aligned columns; columns in
// right are right-aligned.
func WriteAligned(w io.Writer, header []string, rows [][]string, right map[int]bool) error {
	widths := make([]int, len(header))
	for _, row := range append([][]string{header}, rows...) {
		for i, cell := range row {
			widths[i] = max(widths[i], DisplayWidth(cell))
		}
	}
	var b strings.Builder
	line := func(row []string) {
		var l strings.Builder
		for i, cell := range row {
			pad := strings.Repeat(" ", widths[i]-DisplayWidth(cell))
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

// WriteTargetsTable prints the targets for people: names in the chosen
// language, thousands separators, completion as a percentage.
func WriteTargetsTable(w io.Writer, targets []queries.Target, cat *transform.Catalog, lang string) error {
	header := []string{"year", "region", "indicator", "target", "actual", "unit", "completion"}
	if lang == "zh" {
		header = []string{"年度", "地区", "指标", "目标", "完成", "单位", "完成率"}
	}
	rows := make([][]string, len(targets))
	for i, t := range targets {
		completion, err := Percent(t.Completion)
		if err != nil {
			return err
		}
		rows[i] = []string{strconv.Itoa(t.Year), cat.RegionName(t.Region, lang), cat.IndicatorName(t.Indicator, lang),
			Thousands(t.Target), Thousands(t.Actual), t.Unit, completion}
	}
	return WriteAligned(w, header, rows, map[int]bool{3: true, 4: true, 6: true})
}

// Percent writes a completion (a plain decimal with 4 places, 1.0625) as a
// percentage with 2 (106.25%), exactly: the decimal point moves, no float;
// "" stays "".
func Percent(completion string) (string, error) {
	if completion == "" {
		return "", nil
	}
	d, err := decimal.NewFromString(completion)
	if err != nil {
		return "", fmt.Errorf("completion %q: %w", completion, err)
	}
	return d.Shift(2).StringFixed(2) + "%", nil
}
