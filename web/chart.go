package web

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/pairstat/pairstat/export"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// The charts are SVG written by the server: their labels are the exact
// decimal text of the totals; only the bars' lengths are pixels. They are
// styled by class (style.css), never by style attributes, for the
// Content-Security-Policy.
const (
	chartWidth    = 420
	chartHeight   = 220
	chartLeft     = 8   // left margin
	chartTop      = 36  // room for the title and legend
	chartBottom   = 24  // room for the years
	barLabel      = 12  // a bar's value label above it
	completionRow = 26  // height of a completion bar's row
	targetLabel   = 190 // room for a completion bar's label
)

// esc escapes text for SVG inside HTML.
func esc(s string) string { return template.HTMLEscapeString(s) }

// totalsChart draws one indicator's totals: years on the axis, a bar per
// region (series-0, series-1, … in catalog order).
func (s *Server) totalsChart(ind transform.Indicator, regions []string, years []int, byKey map[string]queries.Total, lang string) template.HTML {
	top := decimal.Zero
	for _, y := range years {
		for _, reg := range regions {
			if t, ok := byKey[key(y, reg, ind.Code)]; ok {
				if v, err := decimal.NewFromString(t.Value); err == nil && v.GreaterThan(top) {
					top = v
				}
			}
		}
	}
	var b strings.Builder
	title := s.opts.Catalog.IndicatorName(ind.Code, lang)
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s">`, chartWidth, chartHeight, esc(title))
	unit := " (" + ind.Unit + ")"
	if lang == "zh" {
		unit = "（" + ind.Unit + "）"
	}
	fmt.Fprintf(&b, `<text class="chart-title" x="%d" y="14">%s%s</text>`, chartLeft, esc(title), esc(unit))
	for i, reg := range regions {
		x := chartLeft + i*120
		fmt.Fprintf(&b, `<rect class="series-%d" x="%d" y="22" width="10" height="10"></rect><text class="legend" x="%d" y="31">%s</text>`,
			i, x, x+14, esc(s.opts.Catalog.RegionName(reg, lang)))
	}
	plot := chartHeight - chartTop - chartBottom - barLabel
	slot := (chartWidth - 2*chartLeft) / max(len(years), 1)
	bar := max((slot-16)/max(len(regions), 1), 4)
	base := chartHeight - chartBottom
	for yi, y := range years {
		x0 := chartLeft + yi*slot + 8
		for ri, reg := range regions {
			t, ok := byKey[key(y, reg, ind.Code)]
			if !ok {
				continue
			}
			h := 0
			if v, err := decimal.NewFromString(t.Value); err == nil && top.IsPositive() && v.IsPositive() {
				h = int(v.Div(top).Mul(decimal.NewFromInt(int64(plot))).IntPart())
			}
			x := x0 + ri*bar
			fmt.Fprintf(&b, `<rect class="series-%d" x="%d" y="%d" width="%d" height="%d"><title>%d %s: %s</title></rect>`,
				ri, x, base-h, bar-2, h, y, esc(s.opts.Catalog.RegionName(reg, lang)), esc(t.Value))
			fmt.Fprintf(&b, `<text class="bar-label" x="%d" y="%d">%s</text>`, x+(bar-2)/2, base-h-3, esc(export.Thousands(t.Value)))
		}
		fmt.Fprintf(&b, `<text class="axis-label" x="%d" y="%d">%d</text>`, x0+(slot-16)/2, chartHeight-6, y)
	}
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"></line></svg>`, chartLeft, base, chartWidth-chartLeft, base)
	return template.HTML(b.String()) // every text above is escaped
}

// completionChart draws each target's completion as a bar, with the
// 100% mark.
func (s *Server) completionChart(rows []targetRow) template.HTML {
	if len(rows) == 0 {
		return ""
	}
	height := chartTop + len(rows)*completionRow
	plot := chartWidth*2 - targetLabel - 80
	hundred := decimal.NewFromInt(100)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart wide" viewBox="0 0 %d %d" role="img">`, chartWidth*2, height)
	for i, r := range rows {
		y := chartTop/2 + i*completionRow
		fmt.Fprintf(&b, `<text class="legend" x="0" y="%d">%d %s %s</text>`, y+14, r.Year, esc(r.RegionName), esc(r.Name))
		w := 0
		if c, err := decimal.NewFromString(r.Completion); err == nil && c.IsPositive() {
			w = int(decimal.Min(c, decimal.NewFromInt(2)).Div(decimal.NewFromInt(2)).Mul(decimal.NewFromInt(int64(plot))).IntPart())
		}
		class := "bar-short"
		if pct, err := decimal.NewFromString(strings.TrimSuffix(r.Percent, "%")); err == nil && !pct.LessThan(hundred) {
			class = "bar-done"
		}
		fmt.Fprintf(&b, `<rect class="%s" x="%d" y="%d" width="%d" height="%d"><title>%s</title></rect>`,
			class, targetLabel, y+2, w, completionRow-8, esc(r.Percent))
		fmt.Fprintf(&b, `<text class="bar-value" x="%d" y="%d">%s</text>`, targetLabel+w+4, y+14, esc(r.Percent))
	}
	x := targetLabel + plot/2
	fmt.Fprintf(&b, `<line class="mark" x1="%d" y1="%d" x2="%d" y2="%d"></line><text class="axis-label" x="%d" y="12">100%%</text></svg>`,
		x, chartTop/2-4, x, height, x)
	return template.HTML(b.String()) // every text above is escaped
}
