package main

import (
	"os"
	"strings"
	"testing"
	"time"
)

// The bar appears only once the run has been long, counts files and rows,
// and a message written meanwhile is cleared of it and stays a whole line.
func TestProgressOnTerminal(t *testing.T) {
	var out strings.Builder
	p := &progress{w: &out, shown: true, lang: "en", total: 3, started: time.Now()}
	p.file()
	if out.Len() != 0 {
		t.Fatalf("bar drawn before %v: %q", progressAfter, out.String())
	}
	p.started = time.Now().Add(-progressAfter)
	p.loaded(1500)
	p.file()
	if !strings.Contains(out.String(), "loading files, 1,500 rows") || !strings.Contains(out.String(), "2/3") {
		t.Fatalf("bar after 2 of 3 files: %q", out.String())
	}
	drawn := out.Len()
	p.Write([]byte("pairstat: rejected a.xlsx\n"))
	msg := out.String()[drawn:]
	if !strings.HasPrefix(msg, "\r") || !strings.HasSuffix(msg, "\rpairstat: rejected a.xlsx\n") {
		t.Errorf("message not on a line of its own: %q", msg)
	}
	p.file()
	p.finish()
	if !strings.HasSuffix(out.String(), "\r") {
		t.Errorf("bar left on the terminal after finish: %q", out.String()[drawn:])
	}
}

// Piped stderr never shows a bar, however long the run.
func TestProgressNotWhenPiped(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	p := newProgress(w, 10, "zh")
	if p.shown {
		t.Fatal("a pipe taken for a terminal")
	}
	p.started = time.Now().Add(-time.Hour)
	p.loaded(10)
	p.file()
	if p.bar != nil {
		t.Fatal("bar made for a pipe")
	}
}
