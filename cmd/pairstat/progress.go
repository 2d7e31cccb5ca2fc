package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/pairstat/pairstat/export"
	"github.com/pairstat/pairstat/messages"
)

// progressAfter is how long a run goes before a progress bar appears.
const progressAfter = 2 * time.Second

// progress shows how far a long load has come — files stored of the
// files to read, and rows loaded — on stderr, only when stderr is a
// terminal (piped output and logs stay clean), and only once the run has
// taken progressAfter. It is used by the writer goroutine alone. Messages
// written through it clear the bar first, so they stay whole lines.
type progress struct {
	w       io.Writer
	shown   bool // stderr is a terminal: the bar may appear
	lang    string
	total   int // files to read
	files   int // files stored so far
	rows    int64
	started time.Time
	bar     *progressbar.ProgressBar // nil until it appears
}

// newProgress returns the progress of a run reading total files, writing
// to w (stderr).
func newProgress(w io.Writer, total int, lang string) *progress {
	f, ok := w.(*os.File)
	return &progress{w: w, lang: lang, total: total, started: time.Now(),
		shown: ok && total > 0 && term.IsTerminal(int(f.Fd()))}
}

// Write writes a message to stderr, clearing the bar first.
func (p *progress) Write(b []byte) (int, error) {
	if p.bar != nil {
		p.bar.Clear()
	}
	return p.w.Write(b)
}

// file counts one file stored (loaded, rejected or known).
func (p *progress) file() {
	p.files++
	p.update(1)
}

// loaded counts rows stored.
func (p *progress) loaded(rows int64) {
	p.rows += rows
	p.update(0)
}

// update redraws the bar, creating it once the run has been long enough.
func (p *progress) update(files int) {
	if !p.shown {
		return
	}
	if p.bar == nil {
		if time.Since(p.started) < progressAfter {
			return
		}
		p.bar = progressbar.NewOptions(p.total,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionClearOnFinish(),
		)
		p.bar.Describe(p.description())
		p.bar.Set(p.files)
		return
	}
	p.bar.Describe(p.description())
	p.bar.Add(files)
}

// description says what the bar counts, with the rows loaded so far.
func (p *progress) description() string {
	return fmt.Sprintf(messages.Pick(p.lang, "loading files, %s rows", "载入文件，%s 行"), export.Thousands(fmt.Sprint(p.rows)))
}

// finish removes the bar.
func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
		p.bar = nil
	}
}
