package export

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// The sheets of an xlsx export, in order.
const (
	SheetSummary = "年度汇总" // indicators down, years across, charts below
	SheetTargets = "目标完成" // the targets and their completion, a chart below; only when there are targets
	SheetData    = "数据"   // one row per total
	SheetSources = "数据来源" // the loaded source files
)

// xlsxDocDate is the creation and modification date written into every
// xlsx export: a fixed date, so the same database gives the same bytes.
const xlsxDocDate = "2000-01-01T00:00:00Z"

// Number formats of the xlsx export. Values are stored exactly as numbers;
// these only choose how they look: thousands separators, money (万元) to two
// decimals, counts whole; "*" marks a partial year.
const (
	fmtCount       = `#,##0`
	fmtMoney       = `#,##0.00`
	fmtCountChange = `+#,##0;-#,##0;0`
	fmtMoneyChange = `+#,##0.00;-#,##0.00;0.00`
	fmtPercent     = `+0.0%;-0.0%;0.0%`
	partialMark    = `"*"`
)

// writeXLSX writes the workbook a statistician can forward: 年度汇总
// (indicators down under a heading row per area, years across, per region
// and both regions, with the year-on-year change and a native chart per
// indicator), 目标完成 (when there are targets: each target with its actual
// and completion, and a chart of the latest year's), 数据 (one row per
// total) and 数据来源 (every loaded source file with its SHA-256). The same
// totals give the same bytes.
func writeXLSX(w io.Writer, b book) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsxWriter{f: f, styles: map[string]int{}}
	steps := []func() error{
		func() error { return f.SetSheetName("Sheet1", SheetSummary) },
		func() error { return x.summary(b) },
		func() error { return x.targets(b) },
		func() error { return x.data(b) },
		func() error { return x.sources(b.sources) },
		func() error {
			return f.SetDocProps(&excelize.DocProperties{
				Title:          "年度指标汇总",
				Subject:        "对口帮扶协作年度指标",
				Creator:        "pairstat",
				LastModifiedBy: "pairstat",
				Description:    "由 pairstat 从各地报送的工作簿汇总；数据来源见「数据来源」工作表。",
				Language:       "zh-CN",
				Created:        xlsxDocDate,
				Modified:       xlsxDocDate,
			})
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	f.SetActiveSheet(0)
	// excelize lists the image types of [Content_Types].xml in map order
	// when it adds a drawing; a fixed order keeps the bytes the same.
	if ct := f.ContentTypes; ct != nil {
		sort.SliceStable(ct.Defaults, func(i, j int) bool { return ct.Defaults[i].Extension < ct.Defaults[j].Extension })
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// xlsxWriter fills one workbook; it remembers its styles by name.
type xlsxWriter struct {
	f      *excelize.File
	styles map[string]int
	err    error // the first error of set
}

// set writes one cell value with a style; the first error is kept in x.err.
func (x *xlsxWriter) set(sheet string, col, row int, value any, style int) {
	if x.err != nil {
		return
	}
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		x.err = err
		return
	}
	switch v := value.(type) {
	case nil:
	case float64:
		x.err = x.f.SetCellFloat(sheet, cell, v, -1, 64)
	default:
		x.err = x.f.SetCellValue(sheet, cell, v)
	}
	if x.err == nil && style != 0 {
		x.err = x.f.SetCellStyle(sheet, cell, cell, style)
	}
}

var thinBorder = []excelize.Border{
	{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
	{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1},
}

// style returns the id of the named style, creating it on first use (in a
// fixed order, so style ids are the same on every run).
func (x *xlsxWriter) style(name string) int {
	if id, ok := x.styles[name]; ok || x.err != nil {
		return id
	}
	s := &excelize.Style{Border: thinBorder, Alignment: &excelize.Alignment{Vertical: "center"}}
	kind, bold := strings.CutSuffix(name, "/bold")
	if bold {
		s.Font = &excelize.Font{Bold: true}
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
	}
	switch kind {
	case "title":
		s = &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}
	case "note":
		s = &excelize.Style{Font: &excelize.Font{Size: 9, Color: "595959"}}
	case "header":
		s.Font = &excelize.Font{Bold: true}
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}
		s.Alignment = &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	case "area": // the heading row of an area's indicators
		s.Font = &excelize.Font{Bold: true}
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EDF2F9"}}
	case "text":
	case "center":
		s.Alignment.Horizontal = "center"
	default: // a number format
		s.CustomNumFmt = &kind
	}
	id, err := x.f.NewStyle(s)
	if err != nil {
		x.err = err
		return 0
	}
	x.styles[name] = id
	return id
}

// numberStyle is the style of a value: money or count, partial, and bold on
// the rows of both regions together.
func (x *xlsxWriter) numberStyle(format string, partial, bold bool) int {
	if partial {
		format = strings.ReplaceAll(format, ";", partialMark+";") + partialMark
	}
	if bold {
		format += "/bold"
	}
	return x.style(format)
}

// regionLabel is a region's Chinese name, 两地合计 for both.
func regionLabel(cat *transform.Catalog, code string) string { return cat.RegionName(code, "zh") }

// isMoney reports whether an indicator's values are money (万元).
func isMoney(cat *transform.Catalog, code, unit string) bool {
	if ind, ok := cat.Indicator(code); ok {
		return ind.Dimension == "money"
	}
	return strings.HasSuffix(unit, "元")
}

// summaryLayout places the totals: indicators down, grouped by area under a
// heading row each (areas and indicators in catalog order), one row per
// region (catalog order, both regions last), years across.
type summaryLayout struct {
	years      []int
	indicators []queries.ExportTotal // first total of each indicator, for names and unit
	first      []int                 // the sheet row of each indicator's first region
	areas      []areaHeading
	regions    []string
	values     map[string]queries.ExportTotal // year/region/indicator → total
	yoy        bool                           // the last year follows the year before it
}

// areaHeading is the row that heads the indicators of an area (领域).
type areaHeading struct {
	row  int
	name string
}

func layoutSummary(totals []queries.ExportTotal, cat *transform.Catalog) summaryLayout {
	l := summaryLayout{values: map[string]queries.ExportTotal{}}
	seenInd, seenReg := map[string]bool{}, map[string]bool{}
	for _, t := range totals {
		l.values[totalKey(t.Year, t.Region, t.Indicator)] = t
		if !slices.Contains(l.years, t.Year) {
			l.years = append(l.years, t.Year)
		}
		if !seenInd[t.Indicator] {
			seenInd[t.Indicator] = true
			l.indicators = append(l.indicators, t)
		}
		seenReg[t.Region] = true
	}
	slices.Sort(l.years)
	slices.SortStableFunc(l.indicators, func(a, b queries.ExportTotal) int {
		return compareIndicators(cat, a.Indicator, b.Indicator)
	})
	for code := range seenReg {
		l.regions = append(l.regions, code)
	}
	slices.SortFunc(l.regions, func(a, b string) int { return compareRegions(cat, a, b) })
	n := len(l.years)
	l.yoy = n >= 2 && l.years[n-1]-1 == l.years[n-2]
	row, area := summaryHeaderRow+1, ""
	for _, t := range l.indicators {
		if a := areaOf(cat, t.Indicator); a != area {
			if area = a; a != "" {
				l.areas = append(l.areas, areaHeading{row, a})
				row++
			}
		}
		l.first = append(l.first, row)
		row += len(l.regions)
	}
	return l
}

// compareIndicators orders indicators grouped by area: an indicator's
// place is its area's (where the area first appears in the catalog), then
// its own; one with no area comes after the areas, and one the catalog
// does not know last, by code.
func compareIndicators(cat *transform.Catalog, a, b string) int {
	position := func(code string) (area, own int) {
		n := len(cat.Indicators)
		i := slices.IndexFunc(cat.Indicators, func(ind transform.Indicator) bool { return ind.Code == code })
		if i < 0 {
			return n, n
		}
		if a := cat.Indicators[i].Area; a != "" {
			return slices.IndexFunc(cat.Indicators, func(ind transform.Indicator) bool { return ind.Area == a }), i
		}
		return n, i
	}
	areaA, ownA := position(a)
	areaB, ownB := position(b)
	return cmp.Or(cmp.Compare(areaA, areaB), cmp.Compare(ownA, ownB), strings.Compare(a, b))
}

// areaOf is an indicator's area (领域), "" when the catalog names none.
func areaOf(cat *transform.Catalog, code string) string {
	if ind, ok := cat.Indicator(code); ok {
		return ind.Area
	}
	return ""
}

func totalKey(year int, region, indicator string) string {
	return strconv.Itoa(year) + "/" + region + "/" + indicator
}

// Columns of the 年度汇总 sheet.
const (
	colName          = 1 // 指标
	colUnit          = 2 // 单位
	colRegion        = 3 // 地区
	colYear0         = 4 // the first year
	summaryHeaderRow = 2
)

// summary writes the 年度汇总 sheet.
func (x *xlsxWriter) summary(b book) error {
	const sh = SheetSummary
	l := layoutSummary(b.totals, b.cat)
	lastCol := colYear0 + len(l.years) - 1
	if l.yoy {
		lastCol += 2
	}
	lastCol = max(lastCol, colRegion)

	var regions []string
	for _, r := range b.cat.Regions {
		regions = append(regions, r.NameZh)
	}
	x.set(sh, 1, 1, "年度指标汇总（"+strings.Join(regions, "、")+"）", x.style("title"))
	header := []string{"指标", "单位", "地区"}
	for _, y := range l.years {
		header = append(header, strconv.Itoa(y)+"年")
	}
	if l.yoy {
		last := l.years[len(l.years)-1]
		header = append(header, fmt.Sprintf("%d年同比增减", last), fmt.Sprintf("%d年同比增幅", last))
	}
	for i, h := range header {
		x.set(sh, i+1, summaryHeaderRow, h, x.style("header"))
	}

	for _, a := range l.areas {
		x.set(sh, colName, a.row, a.name, x.style("area"))
		if x.err == nil && lastCol > colName {
			top, _ := excelize.CoordinatesToCellName(colName, a.row)
			end, _ := excelize.CoordinatesToCellName(lastCol, a.row)
			x.err = x.f.MergeCell(sh, top, end)
		}
	}
	row := summaryHeaderRow + 1
	partial := false
	nameWidth, unitWidth := DisplayWidth("指标"), DisplayWidth("单位")
	for k, ind := range l.indicators {
		money := isMoney(b.cat, ind.Indicator, ind.Unit)
		format, change := fmtCount, fmtCountChange
		if money {
			format, change = fmtMoney, fmtMoneyChange
		}
		row = l.first[k]
		first := row
		for _, region := range l.regions {
			bold := region == "all"
			suffix := ""
			if bold {
				suffix = "/bold"
			}
			x.set(sh, colName, row, ind.NameZh, x.style("text"))
			x.set(sh, colUnit, row, ind.Unit, x.style("center"))
			x.set(sh, colRegion, row, regionLabel(b.cat, region), x.style("text"+suffix))
			for i, y := range l.years {
				t, ok := l.values[totalKey(y, region, ind.Indicator)]
				var v any
				if ok {
					v = x.number(t.Value)
					partial = partial || t.Partial
				}
				x.set(sh, colYear0+i, row, v, x.numberStyle(format, ok && t.Partial, bold))
			}
			if l.yoy {
				n := len(l.years)
				cur, okCur := l.values[totalKey(l.years[n-1], region, ind.Indicator)]
				prev, okPrev := l.values[totalKey(l.years[n-2], region, ind.Indicator)]
				var diff, pct any
				if okCur && okPrev {
					c, p := decimal.RequireFromString(cur.Value), decimal.RequireFromString(prev.Value)
					diff = c.Sub(p).InexactFloat64()
					if !p.IsZero() {
						pct = c.Sub(p).DivRound(p, 8).InexactFloat64()
					}
				}
				x.set(sh, colYear0+n, row, diff, x.numberStyle(change, false, bold))
				x.set(sh, colYear0+n+1, row, pct, x.style(fmtPercent+suffix))
			}
			row++
		}
		if x.err == nil && row-1 > first {
			for _, col := range []int{colName, colUnit} {
				top, _ := excelize.CoordinatesToCellName(col, first)
				bottom, _ := excelize.CoordinatesToCellName(col, row-1)
				x.err = x.f.MergeCell(sh, top, bottom)
			}
		}
		nameWidth = max(nameWidth, DisplayWidth(ind.NameZh))
		unitWidth = max(unitWidth, DisplayWidth(ind.Unit))
	}
	if x.err == nil && lastCol > 1 {
		end, _ := excelize.CoordinatesToCellName(lastCol, 1)
		x.err = x.f.MergeCell(sh, "A1", end)
	}
	notes := []string{"数值为各地报送工作簿的汇总；明细见「数据」工作表，来源文件见「数据来源」工作表。"}
	if partial {
		notes = append(notes, "* 未满全年：该年度最新的累计报告未到12月。")
	}
	if l.yoy {
		notes = append(notes, "同比增减、增幅：最后一年与上一年相比。")
	}
	row++
	for _, n := range notes {
		x.set(sh, 1, row, n, x.style("note"))
		row++
	}
	if x.err != nil {
		return x.err
	}

	widths := map[int]float64{colName: float64(nameWidth + 3), colUnit: float64(unitWidth + 3), colRegion: 11}
	for i := range l.years {
		widths[colYear0+i] = 15
	}
	if l.yoy {
		widths[colYear0+len(l.years)] = 16
		widths[colYear0+len(l.years)+1] = 14
	}
	if err := x.frame(sh, widths, summaryHeaderRow); err != nil {
		return err
	}
	if err := x.charts(b, l, row+1); err != nil {
		return err
	}
	return fitToOnePage(x.f, sh)
}

// basisZh names where a total comes from, for people.
var basisZh = map[string]string{"ledger": "台账", "figure": "报表数", "mixed": "台账和报表数"}

// data writes the 数据 sheet: one row per total, like the CSV export, with
// names for people.
func (x *xlsxWriter) data(b book) error {
	const sh = SheetData
	if _, err := x.f.NewSheet(sh); err != nil {
		return err
	}
	header := []string{"年度", "地区", "地区代码", "指标", "指标代码", "数值", "单位", "未满全年", "依据"}
	widths := map[int]float64{}
	for i, h := range header {
		x.set(sh, i+1, 1, h, x.style("header"))
		widths[i+1] = float64(DisplayWidth(h) + 4)
	}
	for i, t := range b.totals {
		row := i + 2
		format := fmtCount
		if isMoney(b.cat, t.Indicator, t.Unit) {
			format = fmtMoney
		}
		partial := ""
		if t.Partial {
			partial = "是"
		}
		basis := basisZh[t.Basis]
		if basis == "" {
			basis = t.Basis
		}
		cells := []any{t.Year, regionLabel(b.cat, t.Region), t.Region, t.NameZh, t.Indicator,
			x.number(t.Value), t.Unit, partial, basis}
		for j, v := range cells {
			style := x.style("text")
			switch j {
			case 0, 6, 7:
				style = x.style("center")
			case 5:
				style = x.numberStyle(format, false, false)
			}
			x.set(sh, j+1, row, v, style)
			if s, ok := v.(string); ok {
				widths[j+1] = max(widths[j+1], float64(DisplayWidth(s)+3))
			}
		}
	}
	widths[6] = 16
	if x.err != nil {
		return x.err
	}
	if err := setWidths(x.f, sh, widths); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(header), len(b.totals)+1)
	if err := x.f.AutoFilter(sh, "A1:"+last, nil); err != nil {
		return err
	}
	return x.f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// sources writes the 数据来源 sheet: every loaded source file, its SHA-256,
// size, the rows loaded from it and its warnings (审核).
func (x *xlsxWriter) sources(sources []queries.LoadedSource) error {
	const sh = SheetSources
	if _, err := x.f.NewSheet(sh); err != nil {
		return err
	}
	header := []string{"文件", "SHA-256", "大小（字节）", "载入行数", "审核警告"}
	for i, h := range header {
		x.set(sh, i+1, 1, h, x.style("header"))
	}
	fileWidth := DisplayWidth(header[0])
	for i, s := range sources {
		row := i + 2
		x.set(sh, 1, row, s.Path, x.style("text"))
		x.set(sh, 2, row, s.SHA256, x.style("text"))
		x.set(sh, 3, row, s.Size, x.style(fmtCount))
		x.set(sh, 4, row, s.Rows, x.style(fmtCount))
		if s.Warnings != "" {
			x.set(sh, 5, row, s.Warnings, x.style("text"))
		}
		fileWidth = max(fileWidth, DisplayWidth(s.Path))
	}
	if x.err != nil {
		return x.err
	}
	if err := setWidths(x.f, sh, map[int]float64{1: float64(fileWidth + 3), 2: 68, 3: 14, 4: 12, 5: 80}); err != nil {
		return err
	}
	return x.f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// frame sets the column widths of a sheet with a title above its header
// row, makes the header row tall enough for two lines and freezes the
// sheet below it.
func (x *xlsxWriter) frame(sheet string, widths map[int]float64, headerRow int) error {
	if err := setWidths(x.f, sheet, widths); err != nil {
		return err
	}
	if err := x.f.SetRowHeight(sheet, headerRow, 30); err != nil {
		return err
	}
	return x.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: headerRow,
		TopLeftCell: "A" + strconv.Itoa(headerRow+1), ActivePane: "bottomLeft"})
}

// setWidths sets column widths (in characters) in column order.
func setWidths(f *excelize.File, sheet string, widths map[int]float64) error {
	cols := make([]int, 0, len(widths))
	for c := range widths {
		cols = append(cols, c)
	}
	slices.Sort(cols)
	for _, c := range cols {
		name, err := excelize.ColumnNumberToName(c)
		if err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, name, name, widths[c]); err != nil {
			return err
		}
	}
	return nil
}

// fitToOnePage prints the sheet on one A4 page.
func fitToOnePage(f *excelize.File, sheet string) error {
	fit, one, a4, portrait := true, 1, 9, "portrait"
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &portrait,
		FitToWidth: &one, FitToHeight: &one})
}

// number converts a plain decimal from the database into the number a
// cell stores (an error is kept in x.err). Excel keeps 15 significant
// digits, which covers 万元 to one fen up to 10^9 万元; the cell's XML holds
// the shortest decimal that reads back as this float, which for such values
// is the decimal itself.
func (x *xlsxWriter) number(v string) any {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil && x.err == nil {
		x.err = fmt.Errorf("total %q is not a decimal", v)
	}
	return f
}
