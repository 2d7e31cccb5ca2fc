package export

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// fmtCompletion is the number format of a completion (1.0625 shows as
// 106.25%).
const fmtCompletion = `0.00%`

// Columns of the 目标完成 sheet: the table, then the latest year's
// completion by indicator and region (what the chart plots) to its right.
const (
	colTargetYear       = 1 // 年度
	colTargetRegion     = 2 // 地区
	colTargetName       = 3 // 指标
	colTargetUnit       = 4 // 单位
	colTarget           = 5 // 目标
	colTargetActual     = 6 // 实际完成
	colTargetCompletion = 7 // 完成率
	colChartData        = 9 // the chart's indicator names; its regions after
	targetsHeaderRow    = 2
	targetsChartWidth   = 640 // pixels
)

// targets writes the 目标完成 sheet when there are targets: each target in
// force with its actual and completion (empty without a total yet), by year
// and then grouped by area like 年度汇总, and a native bar chart of the
// latest year's completion per indicator, one series per region.
func (x *xlsxWriter) targets(b book) error {
	if len(b.targets) == 0 {
		return nil
	}
	const sh = SheetTargets
	if _, err := x.f.NewSheet(sh); err != nil {
		return err
	}
	targets := slices.Clone(b.targets)
	slices.SortStableFunc(targets, func(a, c queries.Target) int {
		return cmp.Or(cmp.Compare(a.Year, c.Year), compareIndicators(b.cat, a.Indicator, c.Indicator),
			compareRegions(b.cat, a.Region, c.Region))
	})

	var regions []string
	for _, r := range b.cat.Regions {
		regions = append(regions, r.NameZh)
	}
	x.set(sh, 1, 1, "年度目标完成情况（"+strings.Join(regions, "、")+"）", x.style("title"))
	header := []string{"年度", "地区", "指标", "单位", "目标", "实际完成", "完成率"}
	for i, h := range header {
		x.set(sh, i+1, targetsHeaderRow, h, x.style("header"))
	}
	merge := func(col1, row1, col2, row2 int) {
		if x.err == nil {
			a, _ := excelize.CoordinatesToCellName(col1, row1)
			z, _ := excelize.CoordinatesToCellName(col2, row2)
			x.err = x.f.MergeCell(sh, a, z)
		}
	}
	merge(1, 1, colTargetCompletion, 1)
	row, year, area := targetsHeaderRow+1, 0, ""
	nameWidth, unitWidth := DisplayWidth("指标"), DisplayWidth("单位")
	for _, t := range targets {
		if a := areaOf(b.cat, t.Indicator); t.Year != year || a != area {
			if year, area = t.Year, a; a != "" {
				x.set(sh, 1, row, a, x.style("area"))
				merge(1, row, colTargetCompletion, row)
				row++
			}
		}
		bold := t.Region == "all"
		suffix := ""
		if bold {
			suffix = "/bold"
		}
		format := fmtCount
		if isMoney(b.cat, t.Indicator, t.Unit) {
			format = fmtMoney
		}
		x.set(sh, colTargetYear, row, t.Year, x.style("center"))
		x.set(sh, colTargetRegion, row, regionLabel(b.cat, t.Region), x.style("text"+suffix))
		x.set(sh, colTargetName, row, t.NameZh, x.style("text"))
		x.set(sh, colTargetUnit, row, t.Unit, x.style("center"))
		x.set(sh, colTarget, row, x.number(t.Target), x.numberStyle(format, false, bold))
		x.set(sh, colTargetActual, row, x.optionalNumber(t.Actual), x.numberStyle(format, false, bold))
		x.set(sh, colTargetCompletion, row, x.optionalNumber(t.Completion), x.style(fmtCompletion+suffix))
		nameWidth = max(nameWidth, DisplayWidth(t.NameZh))
		unitWidth = max(unitWidth, DisplayWidth(t.Unit))
		row++
	}
	row++
	for _, n := range []string{
		"完成率 = 实际完成 ÷ 目标，四舍五入到万分之一；实际完成为该年度、地区、指标的汇总数（两地合计为两地之和）。",
		"实际完成、完成率为空：该年度尚无汇总数。",
	} {
		x.set(sh, 1, row, n, x.style("note"))
		row++
	}
	last := targets[len(targets)-1].Year
	dataCols, err := x.completionData(b, targets, last)
	if err != nil {
		return err
	}
	widths := map[int]float64{colTargetYear: 8, colTargetRegion: 11, colTargetName: float64(nameWidth + 3),
		colTargetUnit: float64(unitWidth + 3), colTarget: 15, colTargetActual: 15, colTargetCompletion: 11,
		colChartData: float64(nameWidth + 3)}
	for i := 1; i < dataCols; i++ {
		widths[colChartData+i] = 11
	}
	if err := x.frame(sh, widths, targetsHeaderRow); err != nil {
		return err
	}
	if err := x.completionChart(b, targets, last, dataCols, row+1); err != nil {
		return err
	}
	return fitToOnePage(x.f, sh)
}

// compareRegions orders regions as 年度汇总 does: catalog order, others by
// code, both regions last.
func compareRegions(cat *transform.Catalog, a, b string) int {
	rank := func(region string) int {
		if region == "all" {
			return len(cat.Regions) + 1
		}
		if i := slices.IndexFunc(cat.Regions, func(r transform.Region) bool { return r.Code == region }); i >= 0 {
			return i
		}
		return len(cat.Regions)
	}
	return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b))
}

// completionRegions are the regions with a target in year, ordered by
// compareRegions.
func completionRegions(cat *transform.Catalog, targets []queries.Target, year int) []string {
	var regions []string
	for _, t := range targets {
		if t.Year == year && !slices.Contains(regions, t.Region) {
			regions = append(regions, t.Region)
		}
	}
	slices.SortStableFunc(regions, func(a, b string) int { return compareRegions(cat, a, b) })
	return regions
}

// completionIndicators are the indicators with a target in year, in the
// sorted targets' order.
func completionIndicators(targets []queries.Target, year int) []queries.Target {
	var out []queries.Target
	for _, t := range targets {
		if t.Year == year && !slices.ContainsFunc(out, func(o queries.Target) bool { return o.Indicator == t.Indicator }) {
			out = append(out, t)
		}
	}
	return out
}

// completionData writes the chart's data to the right of the table: the
// year's indicators down, a column of completions per region. It returns
// the number of columns written.
func (x *xlsxWriter) completionData(b book, targets []queries.Target, year int) (int, error) {
	const sh = SheetTargets
	regions := completionRegions(b.cat, targets, year)
	completion := map[string]string{}
	for _, t := range targets {
		if t.Year == year {
			completion[t.Region+"/"+t.Indicator] = t.Completion
		}
	}
	x.set(sh, colChartData, targetsHeaderRow, strconv.Itoa(year)+"年完成率", x.style("header"))
	for j, region := range regions {
		x.set(sh, colChartData+1+j, targetsHeaderRow, regionLabel(b.cat, region), x.style("header"))
	}
	for i, ind := range completionIndicators(targets, year) {
		r := targetsHeaderRow + 1 + i
		x.set(sh, colChartData, r, ind.NameZh, x.style("text"))
		for j, region := range regions {
			x.set(sh, colChartData+1+j, r, x.optionalNumber(completion[region+"/"+ind.Indicator]), x.style(fmtCompletion))
		}
	}
	return 1 + len(regions), x.err
}

// completionChart adds the native bar chart of year's completion per
// indicator below the table at row top, one series per region column of
// the chart's data.
func (x *xlsxWriter) completionChart(b book, targets []queries.Target, year, dataCols, top int) error {
	const sh = SheetTargets
	n := len(completionIndicators(targets, year))
	ref := func(col1, row1, col2, row2 int) string {
		a, _ := excelize.CoordinatesToCellName(col1, row1, true)
		z, _ := excelize.CoordinatesToCellName(col2, row2, true)
		if a == z {
			return "'" + sh + "'!" + a
		}
		return "'" + sh + "'!" + a + ":" + z
	}
	first, lastRow := targetsHeaderRow+1, targetsHeaderRow+n
	var series []excelize.ChartSeries
	for c := colChartData + 1; c < colChartData+dataCols; c++ {
		series = append(series, excelize.ChartSeries{
			Name:       ref(c, targetsHeaderRow, c, targetsHeaderRow),
			Categories: ref(colChartData, first, colChartData, lastRow),
			Values:     ref(c, first, c, lastRow),
		})
	}
	title := strconv.Itoa(year) + "年目标完成率"
	sameColor := false // a series' bars share its region's colour
	zero := 0.0
	chart := &excelize.Chart{
		Type:   excelize.Bar,
		Series: series,
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{
			Text: title, Font: &excelize.Font{Bold: true, Size: 12},
		}}},
		Legend:     excelize.ChartLegend{Position: "bottom"},
		VaryColors: &sameColor,
		PlotArea:   excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: fmtCompletion}},
		Dimension:  excelize.ChartDimension{Width: targetsChartWidth, Height: uint(160 + 28*n*len(series))},
		Format:     excelize.GraphicOptions{Name: title, AltText: title + "：各指标实际完成 ÷ 目标"},
		// The first indicator on top, as in the table.
		XAxis: excelize.ChartAxis{Font: axisFont, ReverseOrder: true},
		// Bars from zero, so their lengths compare.
		YAxis: excelize.ChartAxis{MajorGridLines: true, Font: axisFont, Minimum: &zero,
			NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
	}
	cell, _ := excelize.CoordinatesToCellName(1, top)
	return x.f.AddChart(sh, cell, chart)
}

// optionalNumber is number for a decimal that may be empty (no cell value).
func (x *xlsxWriter) optionalNumber(v string) any {
	if v == "" {
		return nil
	}
	return x.number(v)
}
