package export

import (
	"fmt"
	"math"

	"github.com/xuri/excelize/v2"
)

// Size and placement of the charts on 年度汇总: two per row of charts.
const (
	chartWidth   = 480 // pixels
	chartHeight  = 288
	chartGapX    = 16
	chartRowSpan = 17 // sheet rows (20 pixels each) per row of charts
)

// axisFont is the font of the charts' axis labels: dark enough to read
// when printed.
var axisFont = excelize.Font{Size: 9, Color: "404040"}

// charts adds one native column chart per indicator below the table of
// 年度汇总: years on the axis, one series per region (both regions when no
// single region is in the export), each series pointing at its row.
func (x *xlsxWriter) charts(b book, l summaryLayout, top int) error {
	if len(l.years) == 0 {
		return nil
	}
	ref := func(col1, row1, col2, row2 int) string {
		a, _ := excelize.CoordinatesToCellName(col1, row1, true)
		if col1 == col2 && row1 == row2 {
			return "'" + SheetSummary + "'!" + a
		}
		z, _ := excelize.CoordinatesToCellName(col2, row2, true)
		return "'" + SheetSummary + "'!" + a + ":" + z
	}
	lastYearCol := colYear0 + len(l.years) - 1
	categories := ref(colYear0, summaryHeaderRow, lastYearCol, summaryHeaderRow)
	for k, ind := range l.indicators {
		first := l.first[k]
		var series []excelize.ChartSeries
		for j, region := range l.regions {
			if region == "all" && len(l.regions) > 1 {
				continue
			}
			r := first + j
			series = append(series, excelize.ChartSeries{
				Name:       ref(colRegion, r, colRegion, r),
				Categories: categories,
				Values:     ref(colYear0, r, lastYearCol, r),
			})
		}
		chart := &excelize.Chart{
			Type:   excelize.Col,
			Series: series,
			Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{
				Text: ind.NameZh + "（" + ind.Unit + "）",
				Font: &excelize.Font{Bold: true, Size: 12},
			}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
			Format: excelize.GraphicOptions{
				Name:    ind.NameZh,
				AltText: ind.NameZh + "：各地区逐年数值",
			},
			XAxis: excelize.ChartAxis{Font: axisFont},
			YAxis: excelize.ChartAxis{MajorGridLines: true, Font: axisFont,
				NumFmt: excelize.ChartNumFmt{CustomNumFmt: fmtCount}},
		}
		// A chart's offset cannot leave its anchor cell: the right-hand
		// chart is anchored at the column where it starts.
		col, offset, err := x.columnAt(SheetSummary, (k%2)*(chartWidth+chartGapX))
		if err != nil {
			return err
		}
		chart.Format.OffsetX = offset
		cell, _ := excelize.CoordinatesToCellName(col, top+(k/2)*chartRowSpan)
		if err := x.f.AddChart(SheetSummary, cell, chart); err != nil {
			return fmt.Errorf("chart of %s: %w", ind.Indicator, err)
		}
	}
	return nil
}

// columnAt finds the column of sheet that holds the horizontal position px
// (in pixels from the left edge) and the offset of px within it, measuring
// columns as Excel does at its default font (7 pixels per character plus 5
// of padding).
func (x *xlsxWriter) columnAt(sheet string, px int) (col, offset int, err error) {
	for col = 1; ; col++ {
		name, err := excelize.ColumnNumberToName(col)
		if err != nil {
			return 0, 0, err
		}
		width, err := x.f.GetColWidth(sheet, name)
		if err != nil {
			return 0, 0, err
		}
		w := int(math.Ceil(width*7 + 0.5 + 5))
		if px < w {
			return col, px, nil
		}
		px -= w
	}
}
