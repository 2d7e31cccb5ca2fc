package main

import (
	"fmt"
	"io"

	"github.com/pairstat/pairstat/messages"
	"github.com/pairstat/pairstat/transform"
)

// printWarnings prints the warnings of a loaded workbook.
func printWarnings(out io.Writer, lang string, warnings []transform.Warning) {
	for _, w := range warnings {
		fmt.Fprintf(out, messages.Pick(lang, "pairstat: warning: %s\n", "pairstat：警告：%s\n"), messages.Warning(w, lang))
	}
}
