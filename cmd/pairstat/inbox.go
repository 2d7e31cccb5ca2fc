package main

import (
	"fmt"
	"io"
	"strconv"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/pipeline"
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

// skipText is why a skipped file is not read, in lang.
func skipText(lang string, s pipeline.Skip) string {
	en, zh := whyNotRead(s)
	return text(lang, en, zh)
}

// reportSkipped prints, for each file found but not read, its name and
// why, and returns how many there are: they count as ignored.
func reportSkipped(w io.Writer, lang string, skipped []pipeline.File) int {
	for _, f := range skipped {
		fmt.Fprintf(w, text(lang, "pairstat: %s: ignored: %s\n", "pairstat：%s：已忽略：%s\n"),
			ingest.QuoteName(f.Name), skipText(lang, f.Skip))
	}
	return len(skipped)
}
