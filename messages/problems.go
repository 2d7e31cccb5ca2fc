package messages

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/pipeline"
	"github.com/pairstat/pairstat/transform"
	"github.com/pairstat/pairstat/transform/parse"
)

// causesZh names the causes of problems in Chinese, for --lang zh.
var causesZh = []struct {
	err error
	zh  string
}{
	{parse.ErrNotNumber, "不是数字"},
	{parse.ErrBadDate, "不是有效的日期"},
	{parse.ErrBadPeriod, "不是有效的报告期"},
	{ingest.ErrEncrypted, "工作簿设有密码保护"},
	{ingest.ErrLegacy, "是 pairstat 不能读取的旧版 Excel 格式（Excel 95 或更早）"},
	{ingest.ErrNotWorkbook, "不是 pairstat 能读取的表格文件"},
	{ingest.ErrTruncated, "文件或工作表数据不完整（可能在复制或下载时被截断）"},
	{ingest.ErrDamaged, "工作簿已损坏"},
	{ingest.ErrLimit, "超出 pairstat 读取工作簿的限制"},
	{transform.ErrNoRegion, "无法确定地区"},
	{transform.ErrUnknownRegion, "不是已知的地区"},
	{transform.ErrUnknownIndicator, "不是已知的指标"},
	{transform.ErrUnknownUnit, "不是已知的单位"},
	{transform.ErrWrongUnit, "单位与指标的类别不符"},
	{transform.ErrUnknownStatus, "不是已知的项目状态"},
	{transform.ErrNoResult, "公式没有保存计算结果"},
	{pipeline.ErrSameName, "另一文件夹中的同名文件已载入"},
	{transform.ErrNoYear, "无法确定年度"},
	{transform.ErrTooLarge, "数值过大"},
	{transform.ErrNoSheet, "没有表头可识别的工作表"},
}

// Problem renders a problem for people in the chosen language.
func Problem(p *ingest.CellError, lang string) string {
	if lang != "zh" {
		return p.Error()
	}
	var b strings.Builder
	b.WriteString(ingest.QuoteName(p.File))
	if p.Sheet != "" {
		fmt.Fprintf(&b, "：工作表「%s」", ingest.QuoteName(p.Sheet))
	}
	if p.Cell != "" {
		fmt.Fprintf(&b, "：单元格 %s", p.Cell)
	}
	b.WriteString("：")
	if p.Value != "" {
		fmt.Fprintf(&b, "「%s」", p.Value)
	}
	cause := p.CauseZh
	if cause == "" {
		cause = causeZh(p.Err)
	}
	b.WriteString(cause)
	if fix := p.FixIn("zh"); fix != "" {
		fmt.Fprintf(&b, "。修改方法：%s", fix)
	}
	return b.String()
}

// Localize words every problem's cause and fix in Chinese too, so that a
// rejection stored in one language is shown in the other.
func Localize(problems []*ingest.CellError) {
	for _, p := range problems {
		if p.CauseZh == "" {
			p.CauseZh = causeZh(p.Err)
		}
		if p.FixZh == "" {
			p.FixZh = p.Fix
		}
	}
}

// fixStrict is the fix of a warning that --strict made a rejection.
var fixStrict = ingest.Advice{
	En: "correct the cells so that the check holds (or state the unit), or load the file without --strict",
	Zh: "修改有关单元格使审核通过（或注明单位），或不加 --strict 载入该文件"}

// Rejections are the problems that reject a converted workbook: its
// problems and, with strict, its warnings.
func Rejections(res *transform.Result, strict bool) []*ingest.CellError {
	problems := res.Problems
	if strict {
		for _, w := range res.Warnings() {
			p := fixStrict.At(w.File, w.Sheet, w.Cell, "", errors.New(w.En))
			p.CauseZh = w.Zh
			problems = append(problems, p)
		}
	}
	Localize(problems)
	return problems
}

// Warning renders a warning for people in the chosen language, on a
// line that names its file, sheet and cell.
func Warning(w transform.Warning, lang string) string {
	return place(w, lang) + Pick(lang, ": ", "：") + Pick(lang, w.En, w.Zh)
}

// place names the file, sheet and cell of a warning.
func place(w transform.Warning, lang string) string {
	if lang == "zh" {
		return fmt.Sprintf("%s：工作表「%s」：单元格 %s", ingest.QuoteName(w.File), ingest.QuoteName(w.Sheet), w.Cell)
	}
	return fmt.Sprintf("%s: sheet %s: cell %s", ingest.QuoteName(w.File), ingest.QuoteName(w.Sheet), w.Cell)
}

// causeZh words a cause in Chinese: its own words when it has them (a
// Zh method), else its kind's. A problem with the file as a whole is
// worded by its kind, its details following in brackets: the error's own
// Chinese details (an ingest cause's Zh), or else its English message,
// which names the damaged part or the format.
func causeZh(err error) string {
	var worded interface{ Zh() string }
	own := ""
	if errors.As(err, &worded) {
		own = worded.Zh()
	}
	for _, c := range causesZh {
		if !errors.Is(err, c.err) {
			continue
		}
		switch {
		case !fileLevel(c.err) && own != "":
			return own
		case !fileLevel(c.err):
			return c.zh
		case own != "":
			return c.zh + "（" + own + "）"
		case err.Error() != c.err.Error() && c.err != ingest.ErrEncrypted:
			return c.zh + "（" + err.Error() + "）"
		}
		return c.zh
	}
	if own != "" {
		return own
	}
	return err.Error()
}

// fileLevel reports whether a cause is of a kind whose errors have their
// details worded in brackets after the kind's words.
func fileLevel(cause error) bool {
	return cause == ingest.ErrDamaged || cause == ingest.ErrTruncated || cause == ingest.ErrNotWorkbook ||
		cause == ingest.ErrLimit || cause == ingest.ErrLegacy || cause == ingest.ErrEncrypted
}

// Pick picks the message of the chosen language: zh, else en.
func Pick(lang, en, zh string) string {
	if lang == "zh" {
		return zh
	}
	return en
}

// ReadFailure is the problem of a workbook that could not be read.
func ReadFailure(name string, err error) []*ingest.CellError {
	problems := []*ingest.CellError{AsCellError(name, err)}
	Localize(problems)
	return problems
}

// AsCellError keeps a positioned error as it is and places any other at the file.
func AsCellError(name string, err error) *ingest.CellError {
	if ce, ok := err.(*ingest.CellError); ok {
		return ce
	}
	return &ingest.CellError{File: name, Err: err, Fix: "open the file in Excel and save it again as .xlsx",
		FixZh: "用 Excel 打开该文件，另存为 .xlsx"}
}
