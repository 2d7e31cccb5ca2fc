package messages

import (
	"fmt"
	"io"
	"strings"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/transform"
)

// CheckReport words what `check` found in one file: whether it would be
// loaded (and its rows) or rejected, each sheet and table (SheetReports),
// each problem and, unless strict made them problems, each warning.
func CheckReport(w io.Writer, lang string, cat *transform.Catalog, name string, problems []*ingest.CellError, res *transform.Result, strict bool) {
	if len(problems) > 0 {
		fmt.Fprintf(w, Pick(lang, "%s: would be rejected (%d problem(s))\n", "%s：将被拒收（%d 个问题）\n"), name, len(problems))
	} else {
		fmt.Fprintf(w, Pick(lang, "%s: ok, %d rows\n", "%s：可以载入，共 %d 行\n"), name, res.Rows())
	}
	SheetReports(w, lang, cat, res.Sheets)
	for _, p := range problems {
		fmt.Fprintf(w, "  - %s\n", Problem(p, lang))
	}
	if !strict {
		for _, warning := range res.Warnings() {
			fmt.Fprintf(w, Pick(lang, "  - warning: %s\n", "  - 警告：%s\n"), Warning(warning, lang))
		}
	}
}

// SheetReports words what `check` found in each sheet and table: its kind,
// header row, region, years, rows, targets, footer rows and the units of
// its amounts.
func SheetReports(w io.Writer, lang string, cat *transform.Catalog, sheets []transform.SheetReport) {
	for _, s := range sheets {
		if s.Kind == "" {
			fmt.Fprintf(w, Pick(lang, "  sheet %s: skipped: %s\n", "  工作表「%s」：已跳过：%s\n"), s.Sheet,
				Pick(lang, s.Skipped, "前 20 行中没有可识别的表头"))
			continue
		}
		region := cat.RegionName(s.Region, lang)
		switch {
		case len(s.Unread) > 0:
			region = Pick(lang, "none", "无")
		case s.Region == "":
			region = Pick(lang, "from the region column", "按“地区”列")
		}
		table := ""
		if tablesOf(sheets, s.Sheet) > 1 {
			table = fmt.Sprintf(Pick(lang, " table %d (rows %d-)", " 第 %d 张表（第 %d 行起）"), s.Table, s.FirstRow)
		}
		targets := ""
		if s.Targets > 0 {
			targets = fmt.Sprintf(Pick(lang, ", %d targets", "，目标任务 %d 项"), s.Targets)
		}
		if s.PairTargets {
			targets += Pick(lang, " (the pair's)", "（两地共同）")
		}
		fmt.Fprintf(w, Pick(lang,
			"  sheet %s%s: %s (header row %d), region %s, years %s, %d rows%s, %d total/breakdown rows not summed\n",
			"  工作表「%s」%s：%s（表头第 %d 行），地区 %s，年度 %s，数据 %d 行%s，合计/其中行 %d 行（不计入）\n"),
			s.Sheet, table, cat.KindName(s.Kind, lang), s.HeaderRow, region, yearList(s.Years), s.Rows, targets, s.Excluded)
		if len(s.Unread) > 0 {
			fmt.Fprintf(w, Pick(lang, "    rows not read (no region): %s\n", "    未读取的行（无法确定地区）：第 %s 行\n"),
				transform.RowRanges(s.Unread))
		}
		if len(s.Footer) > 0 {
			fmt.Fprintf(w, Pick(lang, "    footer rows (sign-off and notes, not data): %s\n", "    表尾行（签署、注释，不是数据）：第 %s 行\n"),
				transform.RowRanges(s.Footer))
		}
		for _, u := range s.Units {
			fmt.Fprintf(w, Pick(lang, "    unit of %s: %s, from the %s\n", "    %s 的单位：%s，来自%s\n"),
				unitColumn(cat, u, lang), u.Unit, unitSource(u, lang))
		}
	}
}

// tablesOf counts the tables reported for a sheet.
func tablesOf(sheets []transform.SheetReport, sheet string) int {
	n := 0
	for _, s := range sheets {
		if s.Sheet == sheet && s.Table > 0 {
			n++
		}
	}
	return n
}

// unitColumn names the column (and indicator) a unit use is of.
func unitColumn(cat *transform.Catalog, u transform.UnitUse, lang string) string {
	if u.Indicator == "" {
		return u.Column
	}
	return cat.IndicatorName(u.Indicator, lang) + " " + u.Column
}

// unitSources words the sources of units in Chinese.
var unitSources = map[string]string{
	transform.UnitFromCell: "单元格", transform.UnitFromHeader: "表头", transform.UnitFromColumn: "“单位”列",
	transform.UnitFromName: "指标名称", transform.UnitFromTableLine: "表上方的单位行", transform.UnitFromCatalog: "目录（未注明单位，按此计）",
}

func unitSource(u transform.UnitUse, lang string) string {
	src := Pick(lang, u.Source, unitSources[u.Source])
	if u.Source == transform.UnitFromCatalog {
		src = Pick(lang, "catalog (unit not stated: assumed)", unitSources[u.Source])
	}
	return src + fmt.Sprintf(Pick(lang, ", %d value(s)", "，%d 个数值"), u.Values)
}

func yearList(years []int) string {
	if len(years) == 0 {
		return "-"
	}
	parts := make([]string, len(years))
	for i, y := range years {
		parts[i] = fmt.Sprint(y)
	}
	return strings.Join(parts, ",")
}
