package messages

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/pipeline"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// whyNotRead says, in English and Chinese, why a special file found in an
// inbox is not read.
func whyNotRead(s pipeline.Skip) (en, zh string) {
	switch s.Kind {
	case pipeline.SkipLink:
		if s.Target == "" {
			return "a symbolic link, not followed: only regular files in an inbox are read",
				"符号链接，未跟随：收件箱中只读取普通文件"
		}
		where, whereZh := "", ""
		if s.Outside {
			where, whereZh = ", outside the inbox", "，位于收件箱之外"
		}
		return fmt.Sprintf("a symbolic link to %s%s, not followed: only regular files in an inbox are read", strconv.Quote(s.Target), where),
			fmt.Sprintf("指向 %s 的符号链接%s，未跟随：收件箱中只读取普通文件", strconv.Quote(s.Target), whereZh)
	case pipeline.SkipPipe:
		return "a named pipe, not a regular file: reading it could wait forever",
			"命名管道，不是普通文件：读取它可能永远等待"
	case pipeline.SkipLock:
		return "an Excel lock file (~$name), which Excel keeps while the workbook is open; lock files are never read",
			"Excel 锁定文件（~$文件名），Excel 打开工作簿时生成；锁定文件从不读取"
	case pipeline.SkipHidden:
		return "a hidden file; hidden files are never read", "隐藏文件；隐藏文件从不读取"
	case pipeline.SkipBadName:
		return "its name is not valid UTF-8 text (it was written in another encoding), so it cannot be recorded (fix: rename it)",
			"文件名不是有效的 UTF-8 文本（以其他编码写成），无法记录（修改方法：重命名该文件）"
	}
	return fmt.Sprintf("not a regular file (%s)", s.Mode.Type()), fmt.Sprintf("不是普通文件（%s）", s.Mode.Type())
}

// NotSpreadsheet is why a file of an inbox whose extension is not a
// spreadsheet's is not read, in lang.
func NotSpreadsheet(lang string) string {
	return Pick(lang,
		"not a spreadsheet by its extension: an inbox reads .xlsx, .xlsm, .xls, .et and .csv files, and .txt saved as Unicode text; to read it, save it as .xlsx or name it on the command line",
		"按扩展名不是电子表格：收件箱只读取 .xlsx、.xlsm、.xls、.et、.csv 文件及存为 Unicode 文本的 .txt；如需读取，请另存为 .xlsx，或在命令行中直接指定该文件")
}

// Skip is why a file found is not read, in lang.
func Skip(lang string, s pipeline.Skip) string {
	en, zh := whyNotRead(s)
	return Pick(lang, en, zh)
}

// Summary is the line that ends a load: how many files were loaded,
// unchanged, duplicates, rejected and ignored (and still being written).
func Summary(s pipeline.Summary, lang string) string {
	line := fmt.Sprintf(Pick(lang,
		"pairstat: %d loaded, %d unchanged, %d duplicate, %d rejected, %d ignored",
		"pairstat：载入 %d 个，未变 %d 个，重复 %d 个，拒收 %d 个，忽略 %d 个"),
		s.Loaded, s.Unchanged, s.Duplicates, s.Rejected, s.Ignored)
	if s.Busy > 0 {
		line += fmt.Sprintf(Pick(lang, ", %d still being written", "，仍在写入 %d 个"), s.Busy)
	}
	return line
}

// Rejected says that a file was rejected with n problems, none of it
// loaded (the problems follow, one a line).
func Rejected(name string, n int, lang string) string {
	return fmt.Sprintf(Pick(lang, "rejected %s (%d problem(s)); nothing of it was loaded:", "拒收 %s（%d 个问题），该文件的数据均未载入："),
		ingest.QuoteName(name), n)
}

// Conflict words a direct figure that does not count because a ledger, or
// a later report of the same months, gives another value: a warning on the
// figure's cell, in both languages, with both figures and the difference.
func Conflict(c queries.Conflict, cat *transform.Catalog) transform.Warning {
	unit := ""
	if ind, ok := cat.Indicator(c.Indicator); ok {
		unit = " " + ind.Unit
	}
	found, expected := c.Value+unit, c.CountedValue+unit
	diff := c.Value
	if v, err := decimal.NewFromString(c.Value); err == nil {
		if k, err := decimal.NewFromString(c.CountedValue); err == nil {
			diff = v.Sub(k).Abs().String()
		}
	}
	diff += unit
	what := func(lang string) string {
		return fmt.Sprintf(Pick(lang, "%d %s %s", "%d年 %s %s"), c.Year, cat.RegionName(c.Region, lang), cat.IndicatorName(c.Indicator, lang))
	}
	w := transform.Warning{File: c.File, Sheet: c.Sheet, Cell: c.Cell, Kind: c.Kind, Expected: expected, Found: found}
	if c.Kind == queries.ConflictLedger {
		w.En = fmt.Sprintf("%s: this direct figure gives %s, the ledger (%s) gives %s: difference %s; the ledger's value counts, this figure is not added",
			what("en"), found, c.CountedFile, expected, diff)
		w.Zh = fmt.Sprintf("%s：直接填报数为 %s，台账（%s）合计为 %s，相差 %s；以台账为准，该数不计入",
			what("zh"), found, c.CountedFile, expected, diff)
		return w
	}
	counted := transform.Warning{File: c.CountedFile, Sheet: c.CountedSheet, Cell: c.CountedCell}
	if c.Kind == queries.ConflictRestatedTarget {
		w.En = fmt.Sprintf("%s: target given again with another value: this cell gives %s, the target in force (%s) gives %s: difference %s; the target in force is the latest report's of the year, then the workbook's loaded last — if this one should count, correct or remove the other",
			what("en"), found, place(counted, "en"), expected, diff)
		w.Zh = fmt.Sprintf("%s：目标任务重复填报且数值不同：本单元格为 %s，现行目标（%s）为 %s，相差 %s；现行目标取本年最新一期，其次取最后载入的工作簿——如应以本单元格为准，请更正或删除另一处",
			what("zh"), found, place(counted, "zh"), expected, diff)
		return w
	}
	w.En = fmt.Sprintf("%s: reported again for the same months with another value: this cell gives %s, the later report (%s) gives %s: difference %s; the later report counts — if both are parts of the figure, report their sum in one cell",
		what("en"), found, place(counted, "en"), expected, diff)
	w.Zh = fmt.Sprintf("%s：同一期间重复填报且数值不同：本单元格为 %s，后填报的（%s）为 %s，相差 %s；以后填报的为准——如两者是同一指标的组成部分，请合计后填在一个单元格",
		what("zh"), found, place(counted, "zh"), expected, diff)
	return w
}
