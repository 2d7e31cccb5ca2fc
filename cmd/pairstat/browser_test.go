package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/pairstat/pairstat/samples/synth"
)

// screenshotsEnv names the folder (from the repository's root) the
// browser test writes a screenshot of each page into; unset, it writes
// none. `PAIRSTAT_SCREENSHOTS=docs go test -tags duckdb_arrow
// ./cmd/pairstat -run TestBrowser` renews the README's.
const screenshotsEnv = "PAIRSTAT_SCREENSHOTS"

// browserWait bounds each step of the browser test: a load by the watcher
// settles in a second or two, more under the race detector.
const browserWait = 60 * time.Second

// chromium finds a Chromium or Chrome binary, "" when there is none.
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser is a headless Chromium asking for Chinese pages: its one tab
// (chromedp's second tabs answer no DOM command with this Chromium).
func browser(t *testing.T) context.Context {
	t.Helper()
	bin := chromium()
	if bin == "" {
		t.Skip("no chromium binary on PATH (apt-get install chromium): the browser test needs one; .ci/run installs it")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.Flag("accept-lang", "zh-CN,zh"),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.WithoutCancel(t.Context()), opts...)
	tab, cancelTab := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelTab(); cancelAlloc() })
	// a script error or a refused resource (the Content-Security-Policy)
	// fails the test: the console is where a browser tells them. Only
	// while the test runs: once it ends (its context is cancelled before
	// its cleanups) the server stops before the browser, and the page's
	// event stream, reconnecting, is refused.
	var mu sync.Mutex
	body := t.Context()
	chromedp.ListenTarget(tab, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		if body.Err() != nil {
			return
		}
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			t.Errorf("browser: script error: %s", ev.ExceptionDetails.Error())
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.LevelError {
				t.Errorf("browser: console: %s %s (%s)", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
			}
		}
	})
	// started here: a browser lives as long as the context of its first
	// Run, and those of run are cut short
	must(t, chromedp.Run(tab, cdplog.Enable()))
	return tab
}

// run runs the actions on a tab, each step bounded by browserWait.
func run(t *testing.T, tab context.Context, what string, actions ...chromedp.Action) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, browserWait)
	defer cancel()
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatalf("browser: %s: %v", what, err)
	}
}

// textOf reads the text of the element sel selects in one step: the
// page replaces its live parts when the data changes, and chromedp.Text's
// node may be gone by the time it reads.
func textOf(sel string, out *string) chromedp.Action {
	return chromedp.Evaluate(fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || ""`, sel), out)
}

// totalCell selects the link of a total on the totals page.
func totalCell(indicator, region string, year int) string {
	return fmt.Sprintf(`#totals-table tr[data-indicator=%q][data-region=%q] td[data-year="%d"] a.total`, indicator, region, year)
}

// screenshot writes a full-page PNG of the tab's page as docs/<name>.png
// (the folder of screenshotsEnv), when that is set.
func screenshot(t *testing.T, tab context.Context, name string) {
	t.Helper()
	dir := os.Getenv(screenshotsEnv)
	if dir == "" {
		return
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join("..", "..", dir)
	}
	var png []byte
	run(t, tab, "screenshot "+name, chromedp.FullScreenshot(&png, 100))
	must(t, os.WriteFile(filepath.Join(dir, "page-"+name+".png"), png, 0o644))
}

// TestBrowser drives the page in headless Chromium against the real
// server (`pairstat serve`) watching an inbox of the samples: the 2023
// totals of both regions show; a workbook uploaded through the page's
// form is loaded, and the open totals page changes by itself; a broken
// workbook dropped into the inbox shows as rejected, its problem with
// cell and fix.
func TestBrowser(t *testing.T) {
	tab := browser(t)
	inbox, db := servedInbox(t)
	url, stderr := startServe(t, inbox, db)
	defer func() {
		if t.Failed() {
			t.Logf("serve's stderr:\n%s", stderr)
		}
	}()

	// the totals page, in Chinese, with both regions' 2023 totals
	var heading, charset, signed, funds, tangxiaSigned string
	run(t, tab, "the totals page",
		chromedp.Navigate(url+"/totals"),
		chromedp.WaitVisible("#totals-table", chromedp.ByQuery),
		textOf("h1", &heading),
		chromedp.Evaluate(`document.characterSet`, &charset),
		textOf(totalCell("projects_signed", "all", 2023), &signed),
		textOf(totalCell("assistance_funds", "all", 2023), &funds),
		textOf(totalCell("projects_signed", "tangxia", 2023), &tangxiaSigned),
	)
	if !strings.Contains(heading, "汇总") || charset != "UTF-8" || signed != "85" || funds != "4,768" {
		t.Fatalf("totals page: heading %q, charset %q, 2023 projects signed %q (want 85), funds %q (want 4,768)", heading, charset, signed, funds)
	}
	screenshot(t, tab, "totals")

	// a total opens its trace
	run(t, tab, "open a trace",
		chromedp.Click(totalCell("projects_signed", "all", 2023), chromedp.ByQuery),
		chromedp.WaitVisible("#trace-table", chromedp.ByQuery),
	)
	screenshot(t, tab, "trace")

	// upload a Tangxia ledger through the page's form
	ledger := filepath.Join(t.TempDir(), "塘厦镇新增项目台账.xlsx")
	added, err := synth.Ledger(ledger, 30, 2)
	must(t, err)
	before, err := strconv.Atoi(tangxiaSigned)
	must(t, err)
	wantTangxia := strconv.FormatInt(int64(before)+added[synth.Key{Year: 2023, Region: synth.Tangxia, Indicator: synth.ProjectsSigned}], 10)
	wantAll := strconv.FormatInt(85+added[synth.Key{Year: 2023, Region: synth.All, Indicator: synth.ProjectsSigned}], 10)
	if wantAll == "85" {
		t.Fatal("the uploaded ledger adds no project signed in 2023: choose another seed")
	}
	const uploaded = "tangxia/塘厦镇新增项目台账.xlsx"
	var result string
	run(t, tab, "upload through the form",
		chromedp.Click("#nav-upload", chromedp.ByQuery),
		chromedp.WaitVisible("#upload-submit", chromedp.ByQuery),
		chromedp.SetUploadFiles("#upload-file", []string{ledger}, chromedp.ByQuery),
		chromedp.SetValue("#upload-region", "tangxia", chromedp.ByQuery),
		chromedp.Click("#upload-submit", chromedp.ByQuery),
		chromedp.WaitVisible(fmt.Sprintf(`#upload-results li[data-path=%q][data-status="loaded"]`, uploaded), chromedp.ByQuery),
		textOf("#upload-results li", &result),
	)
	if !strings.Contains(result, "已载入") {
		t.Errorf("upload result %q: not in Chinese", result)
	}
	screenshot(t, tab, "upload")

	// the totals changed by the ledger's projects
	var nowTangxia, nowAll string
	run(t, tab, "the totals after the upload",
		chromedp.Click("#nav-totals", chromedp.ByQuery),
		chromedp.WaitVisible("#totals-table", chromedp.ByQuery),
		textOf(totalCell("projects_signed", "tangxia", 2023), &nowTangxia),
		textOf(totalCell("projects_signed", "all", 2023), &nowAll),
	)
	if nowTangxia != wantTangxia || nowAll != wantAll {
		t.Errorf("after the upload: 2023 projects signed tangxia %s, all %s; want %s, %s", nowTangxia, nowAll, wantTangxia, wantAll)
	}

	// the files page lists the upload loaded; a broken workbook dropped
	// into the inbox while it is open shows up by itself (the event
	// stream), rejected, its problems open with their cell and fix
	run(t, tab, "the files page",
		chromedp.Click("#nav-files", chromedp.ByQuery),
		chromedp.WaitVisible(fmt.Sprintf(`#files-table tr[data-path=%q][data-status="loaded"]`, uploaded), chromedp.ByQuery),
	)
	fundLedger(t, filepath.Join(inbox, "shixing", "帮扶资金.xlsx"), 2024, "100", "abc", "30")
	const broken = `#files-table tr[data-path="shixing/帮扶资金.xlsx"][data-status="rejected"]`
	var problem string
	run(t, tab, "the rejected file's problems",
		chromedp.WaitVisible(broken+" details.problems[open] table.problems-table", chromedp.ByQuery),
		textOf(broken+" table.problems-table", &problem),
	)
	for _, want := range []string{"D5", "abc", "帮扶资金", "数字"} {
		if !strings.Contains(problem, want) {
			t.Errorf("the rejected file's problems: no %q in\n%s", want, problem)
		}
	}
	screenshot(t, tab, "files")

	// targets dropped into the inbox: the open page links them by itself
	writeTargets(t, filepath.Join(inbox, "目标任务.xlsx"))
	run(t, tab, "the targets page",
		chromedp.WaitVisible("#nav-targets", chromedp.ByQuery),
		chromedp.Click("#nav-targets", chromedp.ByQuery),
		chromedp.WaitVisible("#targets-table", chromedp.ByQuery),
	)
	screenshot(t, tab, "targets")
	run(t, tab, "the downloads page",
		chromedp.Click("#nav-downloads", chromedp.ByQuery),
		chromedp.WaitVisible(`#downloads a[id="download-totals.xlsx"]`, chromedp.ByQuery),
	)
	screenshot(t, tab, "downloads")

	// the language switch: English, kept for the next page
	var english string
	run(t, tab, "the language switch",
		chromedp.Click("#lang-switch", chromedp.ByQuery),
		chromedp.WaitVisible(`html[lang="en"]`, chromedp.ByQuery),
		chromedp.Click("#nav-totals", chromedp.ByQuery),
		chromedp.WaitVisible(`html[lang="en"] #totals-table`, chromedp.ByQuery),
		textOf("h1", &english),
	)
	if !strings.Contains(english, "totals") {
		t.Errorf("after the switch to English, the totals page's heading is %q", english)
	}
}
