package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/pipeline"
	"github.com/pairstat/pairstat/transform"
)

func newCheckCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "check PATH...",
		Short: "Validate workbooks without loading them: what each sheet is, and every problem",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, err := g.loadCatalog()
			if err != nil {
				return err
			}
			return checkPaths(cmd.Context(), cat, args, g)
		},
	}
}

// checkPaths reports on every file under paths; it writes nothing. The
// result is errRejected when any file would be rejected.
func checkPaths(ctx context.Context, cat *transform.Catalog, paths []string, g *globals) error {
	files, special, err := pipeline.Find(paths, "")
	if err != nil {
		return err
	}
	for _, f := range special {
		fmt.Fprintf(g.stdout, text(g.lang, "%s: ignored (%s)\n", "%s：已忽略（%s）\n"), ingest.QuoteName(f.Name), skipText(g.lang, f.Skip))
	}
	rejected := 0
	var skipped []string
	for _, f := range files {
		if !f.Spreadsheet && !isFileArg(f, paths) {
			skipped = append(skipped, f.Name)
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		problems, res, err := g.judge().Check(cat, f)
		if err != nil {
			return err
		}
		if len(problems) > 0 {
			rejected++
			fmt.Fprintf(g.stdout, text(g.lang, "%s: would be rejected (%d problem(s))\n", "%s：将被拒收（%d 个问题）\n"), f.Name, len(problems))
		} else {
			fmt.Fprintf(g.stdout, text(g.lang, "%s: ok, %d rows\n", "%s：可以载入，共 %d 行\n"), f.Name, res.Rows())
		}
		writeSheetReports(g.stdout, g.lang, cat, res.Sheets)
		for _, p := range problems {
			fmt.Fprintf(g.stdout, "  - %s\n", problemText(p, g.lang))
		}
		if !g.strict {
			for _, w := range res.Warnings() {
				fmt.Fprintf(g.stdout, text(g.lang, "  - warning: %s\n", "  - 警告：%s\n"), warningText(w, g.lang))
			}
		}
		res.Release()
	}
	for _, name := range skipped {
		fmt.Fprintf(g.stdout, text(g.lang, "%s: ignored (not a spreadsheet)\n", "%s：已忽略（不是电子表格）\n"), name)
	}
	if rejected > 0 {
		return errRejected
	}
	return nil
}

// isFileArg reports whether f was named on the command line (then it is
// checked whatever its extension).
func isFileArg(f pipeline.File, paths []string) bool {
	for _, p := range paths {
		if f.Path == p {
			return true
		}
	}
	return false
}

func writeSheetReports(w io.Writer, lang string, cat *transform.Catalog, sheets []transform.SheetReport) {
	for _, s := range sheets {
		if s.Kind == "" {
			fmt.Fprintf(w, text(lang, "  sheet %s: skipped: %s\n", "  工作表「%s」：已跳过：%s\n"), s.Sheet,
				text(lang, s.Skipped, "前 20 行中没有可识别的表头"))
			continue
		}
		region := regionName(cat, s.Region, lang)
		if s.Region == "" {
			region = text(lang, "from the region column", "按“地区”列")
		}
		table := ""
		if tablesOf(sheets, s.Sheet) > 1 {
			table = fmt.Sprintf(text(lang, " table %d (rows %d-)", " 第 %d 张表（第 %d 行起）"), s.Table, s.FirstRow)
		}
		targets := ""
		if s.Targets > 0 {
			targets = fmt.Sprintf(text(lang, ", %d targets", "，目标任务 %d 项"), s.Targets)
		}
		fmt.Fprintf(w, text(lang,
			"  sheet %s%s: %s (header row %d), region %s, years %s, %d rows%s, %d total/breakdown rows not summed\n",
			"  工作表「%s」%s：%s（表头第 %d 行），地区 %s，年度 %s，数据 %d 行%s，合计/其中行 %d 行（不计入）\n"),
			s.Sheet, table, cat.KindName(s.Kind, lang), s.HeaderRow, region, yearList(s.Years), s.Rows, targets, s.Excluded)
		if len(s.Footer) > 0 {
			fmt.Fprintf(w, text(lang, "    footer rows (sign-off and notes, not data): %s\n", "    表尾行（签署、注释，不是数据）：第 %s 行\n"),
				transform.RowRanges(s.Footer))
		}
		for _, u := range s.Units {
			fmt.Fprintf(w, text(lang, "    unit of %s: %s, from the %s\n", "    %s 的单位：%s，来自%s\n"),
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
	return indicatorName(cat, u.Indicator, lang) + " " + u.Column
}

// unitSources words the sources of units in Chinese.
var unitSources = map[string]string{
	transform.UnitFromCell: "单元格", transform.UnitFromHeader: "表头", transform.UnitFromColumn: "“单位”列",
	transform.UnitFromName: "指标名称", transform.UnitFromTableLine: "表上方的单位行", transform.UnitFromCatalog: "目录（未注明单位，按此计）",
}

func unitSource(u transform.UnitUse, lang string) string {
	src := text(lang, u.Source, unitSources[u.Source])
	if u.Source == transform.UnitFromCatalog {
		src = text(lang, "catalog (unit not stated: assumed)", unitSources[u.Source])
	}
	return src + fmt.Sprintf(text(lang, ", %d value(s)", "，%d 个数值"), u.Values)
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
