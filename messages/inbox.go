package messages

import (
	"fmt"
	"strconv"

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
	}
	return fmt.Sprintf("not a regular file (%s)", s.Mode.Type()), fmt.Sprintf("不是普通文件（%s）", s.Mode.Type())
}

// Skip is why a file found in an inbox is not read, in lang.
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

// Conflict words a ledger and a direct figure that disagree for the same
// year, region and indicator: the ledger's value counts.
func Conflict(c queries.Conflict, cat *transform.Catalog, lang string) string {
	return fmt.Sprintf(Pick(lang, "%d %s %s: the ledger gives %s, a direct figure %s; the ledger's value counts",
		"%d年 %s %s：台账合计为 %s，直接填报数为 %s；以台账为准"),
		c.Year, cat.RegionName(c.Region, lang), cat.IndicatorName(c.Indicator, lang), c.LedgerValue, c.FigureValue)
}
