package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pairstat/pairstat/bench"
	"github.com/pairstat/pairstat/ingest/hostile"
	"github.com/pairstat/pairstat/samples/synth"
)

// Hostile inputs end to end: every file of hostile.Cases is ingested by
// pairstat in a process of its own, with the collector it sets itself for
// a load (pipeline/gc.go: a soft limit of 256 MiB on the heap), and the
// process's peak resident memory and time are measured. The table
// the test logs is the one in the README's "Limits" section.
const (
	// memCeiling is the peak resident memory (RSS) an ingest of one
	// hostile file may reach, DuckDB included.
	memCeiling = 400 << 20
	// hangLimit is how long one ingest may take: a guard against hangs,
	// not a speed goal (they take seconds).
	hangLimit = 60 * time.Second
)

// processRun is one measured pairstat process.
type processRun struct {
	status int
	stderr string
	took   time.Duration
	maxRSS int64 // bytes
}

// peakFileEnv names the file a pairstat process started by runMeasured
// writes its peak memory to (see TestMain).
const peakFileEnv = "PAIRSTAT_PEAK_FILE"

// writePeakMemory writes the peak resident memory of this process (VmHWM,
// in kB) to the file named by $PAIRSTAT_PEAK_FILE, if set. The kernel's
// own count for a child (rusage's ru_maxrss) is no use here: a child that
// the Go runtime starts with vfork counts the test binary's memory at the
// moment of its exec as its own.
func writePeakMemory() {
	path := os.Getenv(peakFileEnv)
	if path == "" {
		return
	}
	if kb, ok := bench.StatusKB("VmHWM"); ok {
		os.WriteFile(path, []byte(strconv.FormatInt(kb, 10)), 0o644)
	}
}

// runMeasured runs pairstat with args in dir, as a process of its own,
// and measures its time and peak memory.
func runMeasured(t *testing.T, dir string, args ...string) processRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hangLimit)
	defer cancel()
	cmd := pairstatCmd(ctx, args...)
	cmd.Dir = dir
	peak := filepath.Join(t.TempDir(), "peak")
	cmd.Env = append(cmd.Env, peakFileEnv+"="+peak)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	r := processRun{took: time.Since(start), stderr: stderr.String()}
	if ctx.Err() != nil {
		t.Fatalf("pairstat %s did not finish within %v:\n%s", strings.Join(args, " "), hangLimit, r.stderr)
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && exit.Exited():
		r.status = exit.ExitCode()
	default:
		t.Fatalf("pairstat %s: %v\n%s", strings.Join(args, " "), err, r.stderr)
	}
	kb, err := os.ReadFile(peak)
	if err != nil {
		t.Fatalf("pairstat %s did not report its peak memory: %v", strings.Join(args, " "), err)
	}
	r.maxRSS = int64(atoi(string(kb))) << 10
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss<<10 < r.maxRSS {
		t.Fatalf("rusage says %d kB, less than the process's own peak, %s kB", ru.Maxrss, kb)
	}
	return r
}

// TestHostileInputs ingests each hostile workbook in a process of its own:
// each is rejected (or, when its hostile part is never read, loaded) with
// the message its case says, under the memory ceiling, within seconds.
func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("runs pairstat on hostile files of gigabytes unpacked; skipped with -short")
	}
	if raceEnabled() {
		t.Skip("measures peak memory, which -race multiplies; ingest's TestHostileWorkbooks reads the same files under -race")
	}
	// For comparison: the four sample workbooks.
	samples, err := filepath.Glob(filepath.Join("..", "..", "samples", "*.xlsx"))
	must(t, err)
	base := t.TempDir()
	inbox := filepath.Join(base, "samples")
	for _, s := range samples {
		copyFile(t, s, filepath.Join(inbox, filepath.Base(s)))
	}
	age(t, inbox)
	r := runMeasured(t, base, "ingest", "--db", filepath.Join(base, "samples.duckdb"), "--lang", "en", inbox)
	if r.status != exitOK {
		t.Fatalf("samples: status %d:\n%s", r.status, r.stderr)
	}
	t.Logf("| %-26s | %-8s | %6s | %8s | %s |", "input", "outcome", "time", "peak RSS", "message")
	t.Logf("| %-26s | %-8s | %5.2fs | %5d MB | %s |", "the 4 sample workbooks", "loaded", r.took.Seconds(), r.maxRSS>>20, "")

	for _, c := range hostile.Cases() {
		t.Run(c.Name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "inbox", c.Name+".xlsx")
			must(t, os.MkdirAll(filepath.Dir(path), 0o755))
			must(t, hostile.WriteFile(path, c.Parts))
			age(t, dir)
			escapes := []string{filepath.Join(dir, "..", "..", "pairstat-escape.txt"), filepath.Join(dir, "pairstat-escape.txt"),
				"/tmp/pairstat-escape.txt", filepath.Join(os.TempDir(), "pairstat-escape.txt")}
			for _, p := range escapes {
				if _, err := os.Lstat(p); err == nil {
					t.Fatalf("%s exists before the test", p)
				}
			}
			r := runMeasured(t, dir, "ingest", "--db", filepath.Join(dir, "pairstat.duckdb"), "--lang", "en", "inbox")

			info, err := os.Stat(path)
			must(t, err)
			message := ""
			for _, line := range strings.Split(r.stderr, "\n") {
				if strings.HasPrefix(line, "  ") {
					message = strings.TrimSpace(line)
					if i := strings.Index(message, " (fix: "); i > 0 {
						message = message[:i]
					}
					break
				}
			}
			outcome := map[int]string{exitOK: "loaded", exitRejected: "rejected"}[r.status]
			t.Logf("| %-26s | %-8s | %5.2fs | %5d MB | %s |", fmt.Sprintf("%s (%s, %s unpacked)", c.Name, sizeOf(uint64(info.Size())), sizeOf(c.Size())),
				outcome, r.took.Seconds(), r.maxRSS>>20, message)

			want := exitRejected
			if c.Outcome == hostile.Loads {
				want = exitOK
			}
			if r.status != want {
				t.Fatalf("status %d, want %d; stderr:\n%s", r.status, want, r.stderr)
			}
			if !strings.Contains(r.stderr, c.Says) {
				t.Errorf("stderr does not say %q:\n%s", c.Says, r.stderr)
			}
			if c.Outcome == hostile.NoSheet && !strings.Contains(r.stderr, "no sheet with a recognised header") {
				t.Errorf("stderr does not say that no sheet was recognised:\n%s", r.stderr)
			}
			if r.maxRSS > memCeiling {
				t.Errorf("peak memory %d MB, over the ceiling of %d MB", r.maxRSS>>20, memCeiling>>20)
			}
			for _, p := range escapes {
				if _, err := os.Lstat(p); err == nil {
					os.Remove(p)
					t.Errorf("ingest wrote %s", p)
				}
			}
			if leftovers, _ := filepath.Glob(filepath.Join(dir, "inbox", "*")); len(leftovers) != 1 {
				t.Errorf("the inbox holds %q after the ingest", leftovers)
			}
		})
	}
}

// sizeOf writes a byte count for the table: 4.1 MB, 17 GB.
func sizeOf(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.0f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
}

// TestInboxSymlinksAndSpecialFiles: inside an inbox only regular files are
// read. Symbolic links (to a workbook outside the inbox, to /etc/passwd, to
// a folder outside, to a file inside) and a named pipe are not followed nor
// opened: each is reported on stderr with the reason and counted as
// ignored, and nothing of what they point to is loaded. An inbox that is
// itself a link to a folder is read.
func TestInboxSymlinksAndSpecialFiles(t *testing.T) {
	base := t.TempDir()
	inbox, outside := filepath.Join(base, "inbox"), filepath.Join(base, "outside")
	want := ledger(t, inbox, "塘厦镇项目台账.xlsx", 40, 2)
	ledger(t, outside, "secret/始兴县项目台账.xlsx", 40, 3)
	age(t, base)
	links := map[string]string{
		"始兴县项目台账.xlsx":  filepath.Join(outside, "secret", "始兴县项目台账.xlsx"),
		"passwd.xlsx":   "/etc/passwd",
		"tangxia":       filepath.Join(outside, "secret"),
		"副本.xlsx":       "塘厦镇项目台账.xlsx",
		"dangling.xlsx": "../nowhere.xlsx",
	}
	for name, target := range links {
		must(t, os.Symlink(target, filepath.Join(inbox, name)))
	}
	must(t, syscall.Mkfifo(filepath.Join(inbox, "pipe.xlsx"), 0o644))
	linkedInbox := filepath.Join(base, "linked-inbox")
	must(t, os.Symlink(inbox, linkedInbox))

	for _, root := range []string{inbox, linkedInbox} {
		db := filepath.Join(t.TempDir(), "pairstat.duckdb")
		r := runMeasured(t, base, "ingest", "--db", db, "--lang", "en", root)
		if r.status != exitOK {
			t.Fatalf("ingest %s: status %d:\n%s", root, r.status, r.stderr)
		}
		for _, line := range []string{
			`pairstat: 始兴县项目台账.xlsx: ignored: a symbolic link to "` + links["始兴县项目台账.xlsx"] + `", outside the inbox, not followed`,
			`pairstat: passwd.xlsx: ignored: a symbolic link to "/etc/passwd", outside the inbox, not followed`,
			`pairstat: tangxia: ignored: a symbolic link to "` + links["tangxia"] + `", outside the inbox, not followed`,
			`pairstat: 副本.xlsx: ignored: a symbolic link to "塘厦镇项目台账.xlsx", not followed`,
			`pairstat: dangling.xlsx: ignored: a symbolic link to "../nowhere.xlsx", outside the inbox, not followed`,
			`pairstat: pipe.xlsx: ignored: a named pipe, not a regular file`,
			"pairstat: 1 loaded, 0 unchanged, 0 duplicate, 0 rejected, 6 ignored",
		} {
			if !strings.Contains(r.stderr, line) {
				t.Errorf("ingest %s: stderr does not say\n  %s\nstderr:\n%s", root, line, r.stderr)
			}
		}
		sameRows(t, "sources", query(t, db, "SELECT path, status FROM sources ORDER BY path"),
			[][]string{{"path", "status"}, {"塘厦镇项目台账.xlsx", "loaded"}})
		sameTotals(t, totalsOf(t, db), textTotals(want))
	}

	r := pairstatDo(t, exitOK, "check", "--lang", "en", inbox)
	for _, s := range []string{`passwd.xlsx: ignored (a symbolic link to "/etc/passwd", outside the inbox`, "pipe.xlsx: ignored (a named pipe"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("check does not say %q:\n%s", s, r.stdout)
		}
	}
}

// TestAwkwardFileNames: workbooks whose names hold spaces, a line break,
// a tab, Chinese, a double quote or a leading space load like any other,
// under their exact names; messages quote a name that would otherwise be
// ambiguous (Go syntax: "a\nb.xlsx"), so that every message stays on one
// line.
func TestAwkwardFileNames(t *testing.T) {
	inbox, db := t.TempDir(), dbPath(t)
	names := []string{"塘厦 镇 项目台账.xlsx", "line\nbreak 塘厦镇.xlsx", "tab\t塘厦镇.xlsx", `say "塘厦镇".xlsx`, " 塘厦镇 leading space.xlsx", "塘厦镇：全角冒号.xlsx"}
	want := synth.Totals{}
	for i, name := range names {
		want.Add(ledger(t, inbox, name, 10, uint64(2*i)))
	}
	bad := "broken\nname 塘厦镇.xlsx"
	writeFile(t, filepath.Join(inbox, bad), []byte("not a workbook\n"))
	age(t, inbox)

	r := ingestInbox(t, db, inbox, exitRejected)
	wantSummary(t, r, fmt.Sprintf("%d loaded, 0 unchanged, 0 duplicate, 1 rejected, 0 ignored", len(names)))
	wantLines := []string{
		`pairstat: rejected "broken\nname 塘厦镇.xlsx" (1 problem(s)); nothing of it was loaded:`,
		`  "broken\nname 塘厦镇.xlsx": not a spreadsheet pairstat reads: the file is a text file, not in the Excel 2007+ (.xlsx) format`,
	}
	for _, line := range wantLines {
		if !strings.Contains(r.stderr, line+"\n") && !strings.Contains(r.stderr, line+" (fix") {
			t.Errorf("stderr does not hold the line\n%s\nstderr:\n%s", line, r.stderr)
		}
	}
	got := query(t, db, "SELECT path FROM sources WHERE status = 'loaded' ORDER BY path")
	var loaded []string
	for _, row := range got[1:] {
		loaded = append(loaded, row[0])
	}
	for _, name := range names {
		if !strings.Contains(strings.Join(loaded, "\x00"), name) {
			t.Errorf("%q is not loaded under its name; loaded: %q", name, loaded)
		}
	}
	sameTotals(t, totalsOf(t, db), textTotals(want))

	zh := pairstatDo(t, exitRejected, "ingest", "--db", db, "--lang", "zh", inbox)
	if !strings.Contains(zh.stderr, `"broken\nname 塘厦镇.xlsx"：`) {
		t.Errorf("the Chinese message does not quote the name:\n%s", zh.stderr)
	}
}

// TestNameNotUTF8: a workbook whose name is not valid UTF-8 (made on a
// system with another encoding) cannot be recorded under its name: in an
// inbox or named itself, it is ignored, with a line naming it (its
// invalid bytes escaped) and the fix, rename it; the other files load,
// the status is 0, and `check` says the same.
func TestNameNotUTF8(t *testing.T) {
	inbox, db := t.TempDir(), dbPath(t)
	want := ledger(t, inbox, "塘厦镇项目台账.xlsx", 10, 2)
	const bad = "始兴县\xff台账.xlsx"
	ledger(t, inbox, bad, 10, 3)
	age(t, inbox)
	why := `: ignored: its name is not valid UTF-8 text (it was written in another encoding), so it cannot be recorded (fix: rename it)`
	r := ingestInbox(t, db, inbox, exitOK)
	wantSummary(t, r, "1 loaded, 0 unchanged, 0 duplicate, 0 rejected, 1 ignored")
	if line := `pairstat: "始兴县\xff台账.xlsx"` + why + "\n"; !strings.Contains(r.stderr, line) {
		t.Errorf("stderr:\n%s\nwant the line\n%s", r.stderr, line)
	}
	sameRows(t, "sources", query(t, db, "SELECT path, status FROM sources"), [][]string{{"path", "status"}, {"塘厦镇项目台账.xlsx", "loaded"}})
	sameTotals(t, totalsOf(t, db), textTotals(want))

	named := filepath.Join(inbox, bad)
	r = pairstatDo(t, exitOK, "ingest", "--db", db, "--lang", "en", named)
	if line := "pairstat: " + strconv.Quote(named) + why + "\n"; !strings.Contains(r.stderr, line) {
		t.Errorf("stderr:\n%s\nwant the line\n%s", r.stderr, line)
	}
	r = pairstatDo(t, exitOK, "check", "--lang", "en", inbox)
	if s := `"始兴县\xff台账.xlsx": ignored (its name is not valid UTF-8`; !strings.Contains(r.stdout, s) {
		t.Errorf("check:\n%s\nwant %q", r.stdout, s)
	}
}
