package main

import (
	"fmt"
	"io"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/messages"
	"github.com/pairstat/pairstat/pipeline"
)

// reportSkipped prints, for each file found but not read, its name and
// why, and returns how many there are: they count as ignored.
func reportSkipped(w io.Writer, lang string, skipped []pipeline.File) int {
	for _, f := range skipped {
		printIgnored(w, lang, f.Name, messages.Skip(lang, f.Skip))
	}
	return len(skipped)
}

// printIgnored prints the line of a file not read: its name and why.
func printIgnored(w io.Writer, lang, name, why string) {
	fmt.Fprintf(w, messages.Pick(lang, "pairstat: %s: ignored: %s\n", "pairstat：%s：已忽略：%s\n"), ingest.QuoteName(name), why)
}
