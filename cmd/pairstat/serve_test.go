package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/samples/synth"
	"github.com/pairstat/pairstat/transform"
	"github.com/pairstat/pairstat/web"
)

const testToken = "test-token"

// servedInbox is an inbox holding the samples and a file that is no
// workbook (rejected), loaded into db.
func servedInbox(t *testing.T) (inbox, db string) {
	t.Helper()
	dir := t.TempDir()
	inbox, db = filepath.Join(dir, "inbox"), filepath.Join(dir, "pairstat.duckdb")
	samples, err := filepath.Glob(filepath.Join("..", "..", "samples", "*.xlsx"))
	must(t, err)
	must(t, copySamples(samples, inbox))
	writeFile(t, filepath.Join(inbox, "损坏.xlsx"), []byte("not a workbook"))
	pairstatDo(t, exitRejected, "ingest", "--db", db, inbox)
	return inbox, db
}

// newTestServer serves db (and inbox) through web.New on a random port.
func newTestServer(t *testing.T, db, inbox string, tune func(*web.Options)) *httptest.Server {
	t.Helper()
	cat, err := transform.LoadCatalog("")
	must(t, err)
	d, err := queries.Open(t.Context(), db, false)
	must(t, err)
	t.Cleanup(func() { d.Close() })
	o := web.Options{DB: d, Catalog: cat, Inbox: inbox, DBFile: db, Token: testToken}
	if tune != nil {
		tune(&o)
	}
	s, err := web.New(o)
	must(t, err)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	must(t, err)
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
		}
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultTransport.RoundTrip(req) // no redirects followed
	must(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	must(t, err)
	return res, string(body)
}

// TestServeAPIMatchesCLI: every API route answers what the CLI prints.
func TestServeAPIMatchesCLI(t *testing.T) {
	inbox, db := servedInbox(t)
	want := map[string]string{
		"/api/totals": runCLI(t, 0, "totals", "--db", db, "--format", "json"),
		"/api/totals?year=2023&region=all&indicator=projects_signed": runCLI(t, 0, "totals", "--db", db, "--format", "json",
			"--year", "2023", "--region", "all", "--indicator", "projects_signed"),
		"/api/trace?year=2023&indicator=projects_signed": runCLI(t, 0, "trace", "--db", db, "--format", "json",
			"--year", "2023", "--indicator", "projects_signed"),
		"/api/trace?year=2022&indicator=assistance_funds&region=shixing": runCLI(t, 0, "trace", "--db", db, "--format", "json",
			"--year", "2022", "--indicator", "assistance_funds", "--region", "shixing"),
	}
	srv := newTestServer(t, db, inbox, nil)
	for path, body := range want {
		res, got := get(t, srv.URL+path)
		if res.StatusCode != http.StatusOK || got != body {
			t.Errorf("GET %s: %d\n%s\nwant the CLI's\n%s", path, res.StatusCode, got, body)
		}
		if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("GET %s: Content-Type %q", path, ct)
		}
	}

	res, got := get(t, srv.URL+"/api/targets")
	var targets []map[string]any
	if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(got), &targets) != nil {
		t.Errorf("GET /api/targets: %d %s", res.StatusCode, got)
	}

	for _, lang := range []string{"zh", "en"} {
		_, got = get(t, srv.URL+"/api/sources?lang="+lang)
		var files []struct {
			Path, Status string
			Rows         int64
			Problems     []struct{ Sheet, Cell, Value, Reason, Fix string }
		}
		must(t, json.Unmarshal([]byte(got), &files))
		statuses := map[string]string{}
		for _, f := range files {
			statuses[f.Path] = f.Status
			if f.Path == "损坏.xlsx" {
				if len(f.Problems) != 1 || f.Problems[0].Reason == "" || f.Problems[0].Fix == "" {
					t.Errorf("%s: problems of the rejected file: %+v", lang, f.Problems)
				}
				if lang == "zh" && !strings.Contains(f.Problems[0].Reason+f.Problems[0].Fix, "工作簿") {
					t.Errorf("zh: problem not in Chinese: %+v", f.Problems[0])
				}
			}
		}
		if len(files) != 5 || statuses["损坏.xlsx"] != "rejected" || statuses["塘厦镇产业共建项目台账.xlsx"] != "loaded" {
			t.Errorf("%s: sources %s", lang, got)
		}
	}
	if res, _ := get(t, srv.URL+"/api/trace?year=2023"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("trace without indicator: %d", res.StatusCode)
	}
}

// TestServePages: the pages render in Chinese and English, with the
// 2023 figures of both regions, the rejected file's problem and the
// security headers.
func TestServePages(t *testing.T) {
	inbox, db := servedInbox(t)
	totalsCSV := runCLI(t, 0, "totals", "--db", db, "--format", "csv")
	// dropped after the load: one not yet read, one never read
	writeFile(t, filepath.Join(inbox, "shixing", "新表.xlsx"), []byte("still being written"))
	must(t, os.Symlink("/etc/passwd", filepath.Join(inbox, "link.xlsx")))
	srv := newTestServer(t, db, inbox, nil)
	for _, tc := range []struct {
		path, accept string
		want         []string
	}{
		{"/totals", "zh-CN,zh;q=0.9", []string{"汇总", `id="totals-table"`, ">85</a>", ">4,768</a>", "<svg", "两地合计", "同比"}},
		{"/totals", "en-US,en;q=0.9", []string{"Totals", `id="totals-table"`, ">85</a>", ">4,768</a>", "both"}},
		{"/totals?lang=en", "zh-CN", []string{"Totals", ">85</a>"}},
		{"/", "", []string{"文件", `id="files-table"`, `data-status="rejected"`, `data-status="loaded"`, "损坏.xlsx", "修改方法",
			`data-status="waiting" data-path="shixing/新表.xlsx"`, `data-status="ignored" data-path="link.xlsx"`, "等待写入完成"}},
		{"/?lang=en", "", []string{"Files", `data-status="rejected"`, "How to fix"}},
		{"/trace?year=2023&indicator=projects_signed&region=all", "", []string{`id="trace-table"`, "计入的单元格：85 行", "<td>计入</td>"}},
		{"/trace?year=2023&indicator=assistance_funds&region=shixing&lang=en", "", []string{"breakdown row (其中)", "<td>ok</td>", "sum 4,768"}},
		{"/upload", "", []string{`id="upload-file"`, `id="upload-region"`, `id="upload-submit"`, `value="tangxia"`, "从工作簿识别"}},
		{"/downloads", "", []string{"totals.csv", "totals.xlsx", "totals.parquet", "facts.parquet"}},
		{"/targets", "", []string{"目标完成"}},
	} {
		res, body := get(t, srv.URL+tc.path, "Accept-Language", tc.accept)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d %s", tc.path, res.StatusCode, body)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s (%s): no %q", tc.path, tc.accept, w)
			}
		}
		checkHeaders(t, tc.path, res)
		if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("GET %s: Content-Type %q", tc.path, ct)
		}
		if key := untranslated.FindString(body); key != "" {
			t.Errorf("GET %s: a key of text.json shows: %s", tc.path, key)
		}
		if strings.Contains(body, "style=") || strings.Contains(body, "<script>") {
			t.Errorf("GET %s: an inline style or script", tc.path)
		}
	}
	for _, name := range []string{"totals.csv", "totals.json", "totals.xlsx", "totals.parquet", "facts.parquet"} {
		res, body := get(t, srv.URL+"/download/"+name)
		if res.StatusCode != http.StatusOK || len(body) == 0 {
			t.Errorf("download %s: %d", name, res.StatusCode)
		}
		if name == "totals.csv" && body != totalsCSV { // the export's CSV is the totals' CSV
			t.Errorf("totals.csv differs from `pairstat totals --format csv`")
		}
	}
	res, _ := get(t, srv.URL+"/api/totals")
	checkHeaders(t, "/api/totals", res)
	if res, _ := get(t, srv.URL+"/api/totals", "Host", "attacker.example"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a Host other than this machine: %d, want 403", res.StatusCode)
	}
}

// untranslated finds a key of web/text.json shown as it is (a missing word).
var untranslated = regexp.MustCompile(`[>"](col|status|row|check|nav|upload|files|trace|downloads)\.[a-z]+`)

func checkHeaders(t *testing.T, path string, res *http.Response) {
	t.Helper()
	for k, v := range map[string]string{
		"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
	} {
		if got := res.Header.Get(k); got != v {
			t.Errorf("GET %s: %s %q, want %q", path, k, got, v)
		}
	}
}

// upload posts a file as the page does.
func upload(t *testing.T, url, token, name, region string, data []byte) (int, map[string]any) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if region != "" {
		must(t, mw.WriteField("region", region))
	}
	fw, err := mw.CreateFormFile("file", name)
	must(t, err)
	_, err = fw.Write(data)
	must(t, err)
	must(t, mw.Close())
	req, err := http.NewRequest(http.MethodPost, url+"/api/upload", &body)
	must(t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set(web.TokenHeader, token)
	}
	res, err := http.DefaultClient.Do(req)
	must(t, err)
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

// TestServeUploadSafety: the token, the names, the size.
func TestServeUploadSafety(t *testing.T) {
	inbox, db := servedInbox(t)
	srv := newTestServer(t, db, inbox, func(o *web.Options) { o.MaxUpload = 1000 })
	small := []byte("year,region,indicator,value\n")
	if code, _ := upload(t, srv.URL, "", "a.csv", "", small); code != http.StatusForbidden {
		t.Errorf("upload without the token: %d, want 403", code)
	}
	if code, _ := upload(t, srv.URL, "wrong", "a.csv", "", small); code != http.StatusForbidden {
		t.Errorf("upload with a wrong token: %d, want 403", code)
	}
	for _, tc := range []struct {
		name, region, path string // path "": refused
	}{
		{"../x.xlsx", "", "x.xlsx"},
		{"../../../../x2.xlsx", "tangxia", "tangxia/x2.xlsx"},
		{"/etc/x3.xlsx", "", "x3.xlsx"},
		{`C:\Users\a\x4.csv`, "shixing", "shixing/x4.csv"},
		{".hidden.xlsx", "", ""},
		{"~$lock.xlsx", "", ""},
		{".~lock.x.xlsx#", "", ""},
		{"x.exe", "", ""},
		{"x.xlsx", "elsewhere", ""},
		{"..", "", ""},
	} {
		code, out := upload(t, srv.URL, testToken, tc.name, tc.region, small)
		switch {
		case tc.path == "" && code < 400:
			t.Errorf("upload %q: %d %v, want refused", tc.name, code, out)
		case tc.path != "" && (code != http.StatusOK || out["path"] != tc.path):
			t.Errorf("upload %q: %d %v, want it at %s", tc.name, code, out, tc.path)
		case tc.path != "":
			if _, err := os.Stat(filepath.Join(inbox, filepath.FromSlash(tc.path))); err != nil {
				t.Errorf("upload %q: %v", tc.name, err)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(inbox), "x.xlsx")); err == nil {
		t.Error("../x.xlsx landed outside the inbox")
	}
	if code, _ := upload(t, srv.URL, testToken, "big.csv", "", bytes.Repeat([]byte("1,"), 1000)); code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversize upload: %d, want 413", code)
	}
	if _, err := os.Stat(filepath.Join(inbox, "big.csv")); err == nil {
		t.Error("the oversize upload landed")
	}
	if left, _ := filepath.Glob(filepath.Join(inbox, ".upload", "*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}

	// without an inbox, uploads are refused with a reason
	bare := newTestServer(t, db+"2", "", nil)
	if code, out := upload(t, bare.URL, testToken, "a.csv", "", small); code != http.StatusConflict || !strings.Contains(fmt.Sprint(out["error"]), "inbox") {
		t.Errorf("upload without an inbox: %d %v", code, out)
	}
}

// TestServeOffLoopback: listening beyond loopback, every request needs the
// token; ?token= sets a cookie that does.
func TestServeOffLoopback(t *testing.T) {
	inbox, db := servedInbox(t)
	srv := newTestServer(t, db, inbox, func(o *web.Options) { o.Addr = "0.0.0.0:8040" })
	for _, path := range []string{"/", "/totals", "/api/totals", "/assets/app.js"} {
		if res, _ := get(t, srv.URL+path); res.StatusCode != http.StatusForbidden {
			t.Errorf("GET %s without the token: %d, want 403", path, res.StatusCode)
		}
	}
	if res, _ := get(t, srv.URL+"/api/totals", web.TokenHeader, testToken); res.StatusCode != http.StatusOK {
		t.Errorf("GET /api/totals with the token: %d", res.StatusCode)
	}
	res, _ := get(t, srv.URL+"/totals?token="+testToken)
	cookies := res.Cookies()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/totals" || len(cookies) != 1 ||
		!cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteStrictMode {
		t.Fatalf("?token=: %d %v %v", res.StatusCode, res.Header, cookies)
	}
	if res, body := get(t, srv.URL+"/totals", "Cookie", cookies[0].Name+"="+cookies[0].Value); res.StatusCode != http.StatusOK || !strings.Contains(body, "4,768") {
		t.Errorf("GET /totals with the cookie: %d", res.StatusCode)
	}
	if res, _ := get(t, srv.URL+"//elsewhere.example/x?token="+testToken); res.Header.Get("Location") != "/elsewhere.example/x" {
		t.Errorf("?token= on //elsewhere.example/x redirects to %q", res.Header.Get("Location"))
	}
	if res, _ := get(t, srv.URL+"/totals?token=wrong"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a wrong ?token=: %d, want 403", res.StatusCode)
	}
}

// startServe runs `pairstat serve INBOX` on a random loopback port until
// the test ends, once it watches; it returns the page's address (no
// trailing slash) and the server's stderr.
func startServe(t *testing.T, inbox, db string, args ...string) (string, *lines) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.WithoutCancel(t.Context()))
	stderr := &lines{}
	done := make(chan int, 1)
	go func() {
		done <- Do(ctx, append([]string{"serve", inbox, "--db", db, "--addr", "127.0.0.1:0", "--token", testToken}, args...),
			strings.NewReader(""), io.Discard, stderr)
	}()
	t.Cleanup(func() {
		cancel()
		if status := <-done; status != exitOK {
			t.Errorf("serve: status %d; stderr:\n%s", status, stderr)
		}
	})
	if !stderr.waitFor("watching", 30*time.Second) {
		t.Fatalf("serve did not start; stderr:\n%s", stderr)
	}
	return regexp.MustCompile(`serving (http://\S+)/`).FindStringSubmatch(stderr.String())[1], stderr
}

// TestServeUploadSupersedes runs `pairstat serve INBOX` itself: a
// corrected workbook uploaded under a name already in the inbox moves the
// earlier one into the archive; the watcher loads it, the earlier version
// is superseded and the totals change; the page is told by an event.
func TestServeUploadSupersedes(t *testing.T) {
	inbox, db := servedInbox(t)
	corrected := filepath.Join(t.TempDir(), "corrected.xlsx")
	_, err := synth.Ledger(corrected, 40, 3) // a Shixing ledger
	must(t, err)
	data, err := os.ReadFile(corrected)
	must(t, err)
	before := runCLI(t, 0, "totals", "--db", db, "--format", "json")
	url, stderr := startServe(t, inbox, db, "--lang", "en")

	events := make(chan string, 16)
	res, err := http.Get(url + "/api/events")
	must(t, err)
	defer res.Body.Close()
	go func() {
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				events <- data
			}
		}
	}()
	<-events // the stream's first event: the current version

	const name = "始兴县产业共建项目台账.xlsx"
	code, out := upload(t, url, testToken, name, "", data)
	archived, _ := out["archived"].(string)
	if code != http.StatusOK || out["path"] != name || !strings.HasPrefix(archived, ".archive/") {
		t.Fatalf("upload: %d %v", code, out)
	}
	if _, err := os.Stat(filepath.Join(inbox, filepath.FromSlash(archived))); err != nil {
		t.Errorf("the earlier file is not in the archive: %v", err)
	}
	select {
	case <-events: // the upload landed
	case <-time.After(5 * time.Second):
		t.Error("no event after the upload")
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, got := get(t, url+"/api/sources")
		var files []struct{ Path, Status string }
		must(t, json.Unmarshal([]byte(got), &files))
		var statuses []string
		for _, f := range files {
			if f.Path == name {
				statuses = append(statuses, f.Status)
			}
		}
		if strings.Join(statuses, " ") == "superseded loaded" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the upload was not loaded: %v; stderr:\n%s", statuses, stderr)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if _, after := get(t, url+"/api/totals"); after == before {
		t.Error("the totals did not change")
	}
	if code, out := upload(t, url, testToken, name, "", data); code != http.StatusOK || out["unchanged"] != true || out["archived"] != nil {
		t.Errorf("the same upload again: %d %v, want unchanged", code, out)
	}
}

// TestServeTargetsAndWarnings: once targets are loaded, the targets page
// shows each with its actual and completion, and /api/targets has them as
// numbers; a loaded file's warnings are shown with their cell.
func TestServeTargetsAndWarnings(t *testing.T) {
	inbox, db := servedInbox(t)
	writeTargets(t, filepath.Join(inbox, "目标任务.xlsx"))
	writeRows(t, filepath.Join(inbox, "资金.xlsx"), "帮扶资金", mismatchLedger)
	pairstatDo(t, exitRejected, "ingest", "--db", db, inbox) // the rejected file is still there
	cliTargets := runCLI(t, 0, "targets", "--db", db, "--format", "json")
	srv := newTestServer(t, db, inbox, nil)

	_, got := get(t, srv.URL+"/api/targets")
	if got != cliTargets {
		t.Errorf("/api/targets differs from `pairstat targets --format json`:\n%s\nwant\n%s", got, cliTargets)
	}
	var targets []map[string]any
	must(t, json.Unmarshal([]byte(got), &targets))
	if len(targets) != 2 || !strings.Contains(got, `"target": 80,`) || !strings.Contains(got, `"actual": 85,`) ||
		!strings.Contains(got, `"completion": 1.0625`) || !strings.Contains(got, `"completion": null`) {
		t.Errorf("/api/targets:\n%s", got)
	}
	_, page := get(t, srv.URL+"/targets")
	for _, w := range []string{`id="targets-table"`, "106.25%", "新签约引进项目", "<svg", `id="nav-targets"`} {
		if !strings.Contains(page, w) {
			t.Errorf("/targets: no %q", w)
		}
	}
	if _, page := get(t, srv.URL+"/downloads"); !strings.Contains(page, "targets.json") {
		t.Error("/downloads: no targets.json")
	}
	if _, body := get(t, srv.URL+"/download/targets.json"); body != got {
		t.Error("targets.json differs from /api/targets")
	}

	_, got = get(t, srv.URL+"/api/sources?lang=en")
	if !strings.Contains(got, `"sheet": "帮扶资金",
        "cell": "D6",
        "message": "合计 row gives 9999 万元`) {
		t.Errorf("/api/sources: no warning at D6:\n%s", got)
	}
	if _, page := get(t, srv.URL+"/"); !strings.Contains(page, "1 个警告") || !strings.Contains(page, "<td class=\"cell\">D6</td>") {
		t.Error("files page: no warning at D6")
	}
}

// writeTargets writes a targets workbook of 2023: 80 projects signed (85
// were), 3 parks (none counted).
func writeTargets(t *testing.T, path string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"塘厦镇—始兴县2023年对口帮扶协作年度目标任务"}))
	must(t, f.SetSheetRow("Sheet1", "A2", &[]any{"指标", "单位", "年度目标任务"}))
	must(t, f.SetSheetRow("Sheet1", "A3", &[]any{"新签约引进项目", "个", 80}))
	must(t, f.SetSheetRow("Sheet1", "A4", &[]any{"共建产业园区", "个", 3}))
	must(t, f.SaveAs(path))
}
