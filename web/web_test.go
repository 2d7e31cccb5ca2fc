package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"html"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pairstat/pairstat/export"
	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/messages"
	"github.com/pairstat/pairstat/pipeline"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

func TestAcceptLanguage(t *testing.T) {
	for _, tc := range []struct{ header, want string }{
		{"", "zh"},
		{"zh-CN,zh;q=0.9,en;q=0.8", "zh"},
		{"en-US,en;q=0.9", "en"},
		{"en-GB,zh-TW;q=0.5", "en"},
		{"fr-FR,en;q=0.5,zh;q=0.7", "zh"},
		{"de-DE", "zh"},
		{"zh;q=0,en", "en"},
		{"EN", "en"},
		{"english", "zh"}, // not a tag of en
	} {
		if got := acceptLanguage(tc.header); got != tc.want {
			t.Errorf("acceptLanguage(%q) = %s, want %s", tc.header, got, tc.want)
		}
	}
}

func TestCleanName(t *testing.T) {
	for _, tc := range []struct {
		sent, want string
		status     int // 0: accepted
	}{
		{"塘厦镇台账.xlsx", "塘厦镇台账.xlsx", 0},
		{"../x.xlsx", "x.xlsx", 0},
		{"/etc/x.XLSX", "x.XLSX", 0},
		{`C:\Users\a\b.csv`, "b.csv", 0},
		{"a/../../b.et", "b.et", 0},
		{"old.xls", "old.xls", 0},
		{"macro.xlsm", "macro.xlsm", 0},
		{".hidden.xlsx", "", http.StatusBadRequest},
		{"~$lock.xlsx", "", http.StatusBadRequest},
		{".~lock.a.xlsx#", "", http.StatusBadRequest},
		{"dir/", "", http.StatusBadRequest},
		{"..", "", http.StatusBadRequest},
		{"a\nb.xlsx", "", http.StatusBadRequest},
		{"n4\u202excod.xlsx", "", http.StatusBadRequest},                            // right-to-left override: shows as n4xslx.docx
		{"\u200b.n8.xlsx", "", http.StatusBadRequest},                               // zero-width space: looks hidden
		{"a\u200d.xlsx", "", http.StatusBadRequest},                                 // zero-width joiner
		{"\ufeffa.xlsx", "", http.StatusBadRequest},                                 // byte order mark
		{"a\u2066b\u2069.csv", "", http.StatusBadRequest},                           // isolates
		{"bad\xffname.xlsx", "", http.StatusBadRequest},                             // not UTF-8: never loaded
		{strings.Repeat("a", 251) + ".xlsx", "", http.StatusBadRequest},             // 256 bytes: lstat would fail
		{strings.Repeat("表", 84) + ".xlsx", "", http.StatusBadRequest},              // 89 characters, 257 bytes
		{strings.Repeat("a", 250) + ".xlsx", strings.Repeat("a", 250) + ".xlsx", 0}, // 255 bytes
		{"x.exe", "", http.StatusUnsupportedMediaType},
		{"x.xlsx.exe", "", http.StatusUnsupportedMediaType},
		{"noext", "", http.StatusUnsupportedMediaType},
	} {
		got, err := cleanName(tc.sent)
		status := 0
		if he, ok := err.(*httpError); ok {
			status = he.status
		} else if err != nil {
			status = -1
		}
		if got != tc.want || status != tc.status {
			t.Errorf("cleanName(%q) = %q, %v; want %q, status %d", tc.sent, got, err, tc.want, tc.status)
		}
	}
}

func TestLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8040": true, "localhost:8040": true, "[::1]:8040": true, "127.1.2.3:80": true,
		"0.0.0.0:8040": false, ":8040": false, "192.168.1.5:8040": false, "example.com:80": false,
	} {
		if got := isLoopback(addr); got != want {
			t.Errorf("isLoopback(%q) = %v", addr, got)
		}
	}
}

func TestTexts(t *testing.T) {
	words, err := loadTexts()
	if err != nil {
		t.Fatal(err)
	}
	for key, w := range words {
		if w[0] == "" || w[1] == "" {
			t.Errorf("text %q lacks a language: %q", key, w)
		}
	}
	if words.in("zh", "nav.totals") != "汇总" || words.in("en", "nav.totals") != "Totals" {
		t.Error("nav.totals")
	}
}

// quiet receives a test load's events and says nothing.
type quiet struct{}

func (quiet) Started(int)                          {}
func (quiet) Stored()                              {}
func (quiet) Rows(int64)                           {}
func (quiet) Loaded(string, []transform.Warning)   {}
func (quiet) Rejected(string, []*ingest.CellError) {}
func (quiet) Ignored(string)                       {}
func (quiet) Finished()                            {}
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// testServer serves an inbox holding the sample workbooks (when samples)
// and the workbooks of books (name → the rows of its one sheet), loaded
// into a new database as `pairstat ingest` loads them. It returns the
// server and the inbox.
func testServer(t *testing.T, samples bool, books map[string][][]any, tune func(*Options)) (*Server, string) {
	t.Helper()
	dir := t.TempDir()
	inbox, dbFile := filepath.Join(dir, "inbox"), filepath.Join(dir, "pairstat.duckdb")
	must(t, os.Mkdir(inbox, 0o755))
	if samples {
		paths, err := filepath.Glob(filepath.Join("..", "samples", "*.xlsx"))
		must(t, err)
		for _, p := range paths {
			data, err := os.ReadFile(p)
			must(t, err)
			must(t, os.WriteFile(filepath.Join(inbox, filepath.Base(p)), data, 0o644))
		}
	}
	for name, rows := range books {
		writeBook(t, filepath.Join(inbox, name), rows)
	}
	cat, err := transform.LoadCatalog("")
	must(t, err)
	db, err := queries.Open(t.Context(), dbFile, false)
	must(t, err)
	t.Cleanup(func() { db.Close() })
	must(t, db.SyncCatalog(t.Context(), cat))
	o := Options{DB: db, Catalog: cat, Inbox: inbox, DBFile: dbFile, Token: "test-token"}
	if tune != nil {
		tune(&o)
	}
	s, err := New(o)
	must(t, err)
	load(t, s)
	return s, inbox
}

// load loads the server's inbox into its database as `pairstat ingest`
// does (what the watcher does after an upload).
func load(t *testing.T, s *Server) {
	t.Helper()
	files, _, err := pipeline.Find([]string{s.opts.Inbox}, s.opts.DBFile)
	must(t, err)
	_, err = pipeline.Load(t.Context(), s.opts.Catalog, s.opts.DB.(*queries.DB), files, pipeline.Options{Workers: 1, Events: quiet{},
		Problems:    func(res *transform.Result) []*ingest.CellError { return messages.Rejections(res, false) },
		ReadFailure: messages.ReadFailure})
	must(t, err)
	s.Changed()
}

// writeBook writes a workbook of one sheet holding rows.
func writeBook(t *testing.T, path string, rows [][]any) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		must(t, err)
		must(t, f.SetSheetRow("Sheet1", cell, &row))
	}
	must(t, f.SaveAs(path))
}

// targetsBook is a targets workbook of the pair for 2023: 80 projects
// signed (85 were).
var targetsBook = [][]any{
	{"塘厦镇—始兴县2023年对口帮扶协作年度目标任务"},
	{"指标", "单位", "年度目标任务"},
	{"新签约引进项目", "个", 80},
	{"帮扶资金", "万元", 3000},
}

// get answers a GET of target on loopback, with the request's headers
// (name, value, …).
func get(t *testing.T, s *Server, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Host = "127.0.0.1:8040"
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	return w
}

// upload posts data as the file name (and region, unless "") with the
// token, in lang.
func upload(t *testing.T, s *Server, name, region, lang string, data []byte) *httptest.ResponseRecorder {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if region != "" {
		must(t, mw.WriteField("region", region))
	}
	fw, err := mw.CreateFormFile("file", name)
	must(t, err)
	fw.Write(data)
	must(t, mw.Close())
	req := httptest.NewRequest(http.MethodPost, "/api/upload", &body)
	req.Host = "127.0.0.1:8040"
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set(TokenHeader, "test-token")
	req.Header.Set("Accept-Language", lang)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	return w
}

// entries lists the names in a folder, "" when there are none.
func entries(t *testing.T, dir string) string {
	t.Helper()
	list, err := os.ReadDir(dir)
	must(t, err)
	var names []string
	for _, e := range list {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}

// TestUploadStaysInInbox: a region folder, the archive or the upload
// folder that is a symbolic link (out of the inbox, or into another of its
// folders) is refused with 409, in the request's language, and nothing is
// written through it.
func TestUploadStaysInInbox(t *testing.T) {
	s, inbox := testServer(t, false, nil, nil)
	outside := t.TempDir()
	must(t, os.Symlink(outside, filepath.Join(inbox, "tangxia")))
	must(t, os.Mkdir(filepath.Join(inbox, "elsewhere"), 0o755))
	must(t, os.Symlink("elsewhere", filepath.Join(inbox, "shixing"))) // a link inside the inbox
	for _, region := range []string{"tangxia", "塘厦", "shixing"} {
		w := upload(t, s, "a.xlsx", region, "en", []byte("one"))
		if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "symbolic link") {
			t.Errorf("upload into the linked region %s: %d %s, want 409", region, w.Code, w.Body)
		}
	}
	if w := upload(t, s, "a.xlsx", "tangxia", "zh-CN", []byte("one")); !strings.Contains(w.Body.String(), "符号链接") {
		t.Errorf("in Chinese: %s", w.Body)
	}
	if got := entries(t, outside) + entries(t, filepath.Join(inbox, "elsewhere")); got != "" {
		t.Errorf("written through a link: %s", got)
	}
	if got := entries(t, filepath.Join(inbox, uploadDir)); got != "" {
		t.Errorf("left in %s: %s", uploadDir, got)
	}

	// The archive: a corrected upload moves nothing out of the inbox.
	if w := upload(t, s, "a.xlsx", "", "en", []byte("one")); w.Code != http.StatusOK {
		t.Fatalf("upload: %d %s", w.Code, w.Body)
	}
	must(t, os.Symlink(outside, filepath.Join(inbox, archiveDir)))
	if w := upload(t, s, "a.xlsx", "", "en", []byte("two")); w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), archiveDir) {
		t.Errorf("a corrected upload with a linked archive: %d %s, want 409", w.Code, w.Body)
	}
	if got := entries(t, outside); got != "" {
		t.Errorf("archived out of the inbox: %s", got)
	}
	if data, err := os.ReadFile(filepath.Join(inbox, "a.xlsx")); err != nil || string(data) != "one" {
		t.Errorf("the earlier file: %q %v", data, err)
	}

	// The upload folder itself.
	must(t, os.Remove(filepath.Join(inbox, uploadDir)))
	must(t, os.Symlink(outside, filepath.Join(inbox, uploadDir)))
	if w := upload(t, s, "b.xlsx", "", "en", []byte("three")); w.Code != http.StatusConflict {
		t.Errorf("a linked upload folder: %d %s, want 409", w.Code, w.Body)
	}
	if got := entries(t, outside); got != "" {
		t.Errorf("received out of the inbox: %s", got)
	}
}

// TestUploadBadNames: a name that is not UTF-8, too long for the disk, or
// that does not read as it is (invisible or bidirectional characters) is
// refused with 400 in the page's language before anything is written.
func TestUploadBadNames(t *testing.T) {
	s, inbox := testServer(t, false, nil, nil)
	for name, want := range map[string]string{
		"bad\xffname.xlsx":                "UTF-8",
		strings.Repeat("长", 90) + ".xlsx": "name too long",
		"n4\u202excod.xlsx":               "holds invisible or direction-changing characters",
		"\u200b.n8.xlsx":                  "invisible",
	} {
		if w := upload(t, s, name, "", "en", []byte("x")); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), want) {
			t.Errorf("upload %q: %d %s, want 400 %q", name, w.Code, w.Body, want)
		}
	}
	if w := upload(t, s, "n4\u202excod.xlsx", "", "zh-CN", []byte("x")); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "改变文字方向") {
		t.Errorf("upload with U+202E in Chinese: %d %s", w.Code, w.Body)
	}
	if got := entries(t, inbox); got != "" {
		t.Errorf("the inbox holds %s", got)
	}
}

// TestUploadUnicodeText: a .txt upload is taken when it is Excel's
// Unicode text (UTF-16 with its byte order mark), as the inbox reads it,
// and refused otherwise, in the page's language.
func TestUploadUnicodeText(t *testing.T) {
	s, inbox := testServer(t, false, nil, nil)
	unicodeText := []byte{0xFF, 0xFE, '1', 0, '\t', 0, '2', 0, '\r', 0, '\n', 0}
	if w := upload(t, s, "塘厦统计.txt", "", "en", unicodeText); w.Code != http.StatusOK {
		t.Errorf("Unicode text: %d %s, want 200", w.Code, w.Body)
	}
	if w := upload(t, s, "notes.txt", "", "zh", []byte("a note")); w.Code != http.StatusUnsupportedMediaType ||
		!strings.Contains(w.Body.String(), "不是 Excel 的“Unicode 文本”") {
		t.Errorf("plain text: %d %s, want 415 in Chinese", w.Code, w.Body)
	}
	if got := entries(t, inbox) + " / " + entries(t, filepath.Join(inbox, uploadDir)); got != ".upload 塘厦统计.txt / " {
		t.Errorf("the inbox holds %s, want only the Unicode text", got)
	}
}

// traceStatuses are every status a trace row may have (queries.TraceRow).
var traceStatuses = []string{"counted", "total row", "breakdown row", "unassigned", "earlier report", "ledger wins",
	"target", "earlier target", "target total row", "target breakdown row", "target unassigned"}

// TestTraceStatusTexts: every status of a trace has its words in both
// languages, and a trace with a target shows no raw key.
func TestTraceStatusTexts(t *testing.T) {
	words, err := loadTexts()
	must(t, err)
	for _, status := range traceStatuses {
		if _, ok := words["row."+status]; !ok {
			t.Errorf("text.json has no row.%s", status)
		}
	}
	s, _ := testServer(t, true, map[string][][]any{"目标任务.xlsx": targetsBook}, nil)
	for lang, want := range map[string]string{"en": "the target in force", "zh": "现行目标"} {
		w := get(t, s, "/trace?year=2023&indicator=projects_signed&region=all&lang="+lang)
		body := w.Body.String()
		if w.Code != http.StatusOK || !strings.Contains(body, `data-status="target"`) || !strings.Contains(body, want) {
			t.Errorf("%s: the trace shows no target: %d %s", lang, w.Code, body)
		}
		if strings.Contains(body, ">row.") {
			t.Errorf("%s: a raw text key in the trace:\n%s", lang, body)
		}
		// The target's label is the indicator's name, not its code.
		if strings.Contains(body, "<td>projects_signed</td>") {
			t.Errorf("%s: an indicator's code as a label in the trace:\n%s", lang, body)
		}
	}
}

// TestTotalsAreaNames: the area headings are in the page's language.
func TestTotalsAreaNames(t *testing.T) {
	s, _ := testServer(t, true, nil, nil)
	en := get(t, s, "/totals", "Accept-Language", "en").Body.String()
	for _, zh := range []string{"产业共建", "乡村振兴", "全面帮扶"} {
		if strings.Contains(en, zh) {
			t.Errorf("English totals page holds %s", zh)
		}
	}
	if !strings.Contains(en, "<h2>Industry cooperation</h2>") || !strings.Contains(en, ">All-round assistance</th>") {
		t.Error("English totals page: no English area names")
	}
	if zh := get(t, s, "/totals?lang=zh").Body.String(); !strings.Contains(zh, "<h2>产业共建</h2>") {
		t.Error("Chinese totals page: no 产业共建")
	}
}

// TestAPIResolvesNames: the API's filters take a region or an indicator
// as the commands do (code, name or alias); an unknown one is 400; the
// targets are filtered too.
func TestAPIResolvesNames(t *testing.T) {
	s, _ := testServer(t, true, map[string][][]any{"目标任务.xlsx": targetsBook}, nil)
	for named, coded := range map[string]string{
		"/api/totals?indicator=帮扶资金":                       "/api/totals?indicator=assistance_funds",
		"/api/totals?region=塘厦":                            "/api/totals?region=tangxia",
		"/api/totals?year=2023&region=始興縣&indicator=新签约项目": "/api/totals?year=2023&region=shixing&indicator=projects_signed",
		"/api/trace?year=2023&indicator=帮扶资金&region=始兴":    "/api/trace?year=2023&indicator=assistance_funds&region=shixing",
		"/api/targets?indicator=新签约项目":                     "/api/targets?indicator=projects_signed",
	} {
		got, want := get(t, s, named), get(t, s, coded)
		if got.Code != http.StatusOK || got.Body.String() != want.Body.String() || len(want.Body.String()) < 10 {
			t.Errorf("GET %s: %d %s\nwant as %s: %s", named, got.Code, got.Body, coded, want.Body)
		}
	}
	var targets []map[string]any
	must(t, json.Unmarshal(get(t, s, "/api/targets?year=2023&region=all&indicator=projects_signed").Body.Bytes(), &targets))
	if len(targets) != 1 || targets[0]["indicator"] != "projects_signed" {
		t.Errorf("/api/targets filtered: %v", targets)
	}
	if body := get(t, s, "/api/targets?year=1999").Body.String(); strings.TrimSpace(body) != "[]" {
		t.Errorf("/api/targets?year=1999: %s", body)
	}
	for _, q := range []string{"/api/totals?indicator=nonsense", "/api/totals?region=nowhere", "/api/targets?region=nowhere",
		"/api/targets?indicator=nonsense", "/api/trace?year=2023&indicator=nonsense", "/api/targets?year=x"} {
		if w := get(t, s, q); w.Code != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 400", q, w.Code)
		}
		// In the page's language.
		if w := get(t, s, q, "Accept-Language", "zh-CN"); !strings.Contains(w.Body.String(), "不是") {
			t.Errorf("GET %s in Chinese: %s", q, w.Body)
		}
	}
}

// TestFilterQueryRefused: a query net/url cannot read whole (it drops a
// pair holding ';' or a bad %-escape) or that gives a filter twice is 400
// in the page's language on every route that filters, never the data
// unfiltered; off loopback the ?token= redirect keeps such a pair for the
// route to refuse.
func TestFilterQueryRefused(t *testing.T) {
	s, _ := testServer(t, true, map[string][][]any{"目标任务.xlsx": targetsBook}, nil)
	for _, route := range []string{"/api/totals", "/api/targets", "/api/trace", "/trace"} {
		for _, q := range []string{
			"year=2023&indicator=projects_signed&region=tangxia;",
			"year=2023;x&indicator=projects_signed",
			"year=2023&indicator=projects_signed');DROP%20TABLE%20sources;--",
			"year=2023&indicator=projects_signed&region=%zz",
			"year=2023&year=2022&indicator=projects_signed",
			"year=2023&indicator=projects_signed&region=tangxia&region=shixing",
			"year=2023&indicator=projects_signed&indicator=assistance_funds",
			"Year=2023&indicator=projects_signed",
			"year=2023&indicator=projects_signed&regions=tangxia",
			"year=2023&indicator=projects_signed&region=",
			"year=&indicator=projects_signed",
		} {
			en := get(t, s, route+"?"+q, "Accept-Language", "en")
			zh := get(t, s, route+"?"+q, "Accept-Language", "zh-CN")
			if en.Code != http.StatusBadRequest || zh.Code != http.StatusBadRequest {
				t.Errorf("GET %s?%s: %d, %d, want 400", route, q, en.Code, zh.Code)
				continue
			}
			if !strings.Contains(en.Body.String(), "malformed") && !strings.Contains(en.Body.String(), "times: give it once") &&
				!strings.Contains(en.Body.String(), "is no filter") && !strings.Contains(en.Body.String(), "is empty") {
				t.Errorf("GET %s?%s in English: %s", route, q, en.Body)
			}
			if !strings.Contains(zh.Body.String(), "格式有误") && !strings.Contains(zh.Body.String(), "只能给出一次") &&
				!strings.Contains(zh.Body.String(), "不是筛选条件") && !strings.Contains(zh.Body.String(), "为空") {
				t.Errorf("GET %s?%s in Chinese: %s", route, q, zh.Body)
			}
		}
	}

	o := s.opts
	o.Addr = "192.168.1.5:8040"
	off, err := New(o)
	must(t, err)
	for target, want := range map[string]string{
		"/api/totals?token=test-token&region=shixing;": "/api/totals?region=shixing;",
		"/api/totals?year=2023;x&tok%65n=test-token":   "/api/totals?year=2023;x",
		"/api/totals?region=%zz&token=test-token":      "/api/totals?region=%zz",
		"/totals?token=test-token":                     "/totals",
	} {
		w := get(t, off, target)
		if got := w.Header().Get("Location"); w.Code != http.StatusSeeOther || got != want {
			t.Errorf("off loopback, GET %s: %d to %q, want 303 to %q", target, w.Code, got, want)
		}
	}
}

// TestNoStore: no answer but the embedded assets is kept by a browser or
// a proxy, and the text downloads say they are UTF-8.
func TestNoStore(t *testing.T) {
	s, _ := testServer(t, true, nil, nil)
	for _, target := range []string{"/", "/totals", "/api/totals", "/api/sources", "/api/totals?year=x",
		"/api/trace?year=2023&indicator=projects_signed", "/download/totals.json", "/download/totals.csv", "/download/nothing"} {
		if got := get(t, s, target).Header().Get("Cache-Control"); got != "no-store" {
			t.Errorf("GET %s: Cache-Control %q, want no-store", target, got)
		}
	}
	if got := get(t, s, "/assets/style.css").Header().Get("Cache-Control"); got != "" {
		t.Errorf("GET /assets/style.css: Cache-Control %q", got)
	}
	for name, want := range map[string]string{
		"totals.json": "application/json; charset=utf-8",
		"totals.csv":  "text/csv; charset=utf-8",
		"totals.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	} {
		w := get(t, s, "/download/"+name)
		if got := w.Header().Get("Content-Type"); w.Code != http.StatusOK || got != want {
			t.Errorf("GET /download/%s: %d, Content-Type %q, want %q", name, w.Code, got, want)
		}
	}
}

// TestYearOnYear: the change, with a percentage of a positive earlier
// value only; and so on the totals page.
func TestYearOnYear(t *testing.T) {
	for _, tc := range []struct{ before, now, want string }{
		{"60", "85", "+25 (+41.7%)"},
		{"100", "75", "-25 (-25.0%)"},
		{"-10", "100", "+110"},
		{"0", "5", "+5"},
		{"-10", "-20", "-10"},
	} {
		if got := export.YearOnYear(tc.before, tc.now); got != tc.want {
			t.Errorf("YearOnYear(%s, %s) = %q, want %q", tc.before, tc.now, got, tc.want)
		}
	}
	s, _ := testServer(t, false, map[string][][]any{"园区.xlsx": {
		{"年度", "地区", "指标", "数值", "单位"},
		{2020, "塘厦", "共建产业园区", -10, "个"},
		{2021, "塘厦", "共建产业园区", 100, "个"},
	}}, nil)
	body := get(t, s, "/totals?lang=en").Body.String()
	if !strings.Contains(body, `<div class="change" title="Change">&#43;110</div>`) || strings.Contains(body, "%)") {
		t.Errorf("totals page: the change from -10 to 100:\n%s", body)
	}
}

// TestGreeting: the token is printed only when the server made it, and
// off loopback then in the address to open; on every interface the port
// is printed and the address by this machine's name, not one no one can
// open.
func TestGreeting(t *testing.T) {
	s, _ := testServer(t, false, nil, nil)
	host, err := os.Hostname()
	must(t, err)
	for _, tc := range []struct {
		addr, token string
		want        []string
		tokens      int // how often the token is printed
	}{
		{"127.0.0.1:18042", "s3cretTok", []string{"pairstat: serving http://127.0.0.1:18042/\n"}, 0},
		{"192.168.1.5:18042", "s3cretTok", []string{"pairstat: serving http://192.168.1.5:18042/\n"}, 0},
		{"0.0.0.0:18042", "s3cretTok", []string{"pairstat: serving on all interfaces, port 18042: open http://" + host + ":18042/\n"}, 0},
		{"[::]:18042", "s3cretTok", []string{"pairstat: serving on all interfaces, port 18042: open http://" + host + ":18042/\n"}, 0},
		{"127.0.0.1:18042", "", []string{"pairstat: serving http://127.0.0.1:18042/\n", "pairstat: upload token "}, 1},
		{"192.168.1.5:18042", "", []string{"pairstat: serving http://192.168.1.5:18042/?token=", "pairstat: upload token "}, 2},
		{"[::]:18042", "", []string{"pairstat: serving on all interfaces, port 18042: open http://" + host + ":18042/?token=", "pairstat: upload token "}, 2},
		{":18042", "", []string{"pairstat: serving on all interfaces, port 18042: open http://" + host + ":18042/?token=", "pairstat: upload token "}, 2},
	} {
		o := s.opts
		o.Addr, o.Token = tc.addr, tc.token
		srv, err := New(o)
		must(t, err)
		got := srv.greeting()
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s, token %q: %q, want %q", tc.addr, tc.token, got, w)
			}
		}
		if strings.Count(got, srv.Token()) != tc.tokens || tc.token != "" && strings.Contains(got, "token") {
			t.Errorf("%s, token %q: %q", tc.addr, tc.token, got)
		}
	}
}

// TestTargetsDownloads: once there are targets, they are offered in every
// format `pairstat export --targets` writes, by the export package.
func TestTargetsDownloads(t *testing.T) {
	s, _ := testServer(t, true, map[string][][]any{"目标任务.xlsx": targetsBook}, nil)
	page := get(t, s, "/downloads").Body.String()
	for _, f := range export.Formats() {
		name := "targets" + f.Ext
		if !f.Targets {
			if strings.Contains(page, name) {
				t.Errorf("/downloads offers %s", name)
			}
			continue
		}
		if !strings.Contains(page, `id="download-`+name+`"`) {
			t.Errorf("/downloads: no %s", name)
		}
		w := get(t, s, "/download/"+name)
		if w.Code != http.StatusOK {
			t.Errorf("/download/%s: %d %s", name, w.Code, w.Body)
		}
		body := w.Body.String()
		switch f.Name {
		case "csv":
			if !strings.HasPrefix(body, "year,region,indicator,target,actual,unit,completion\n") || !strings.Contains(body, "2023,all,projects_signed,80,85,") {
				t.Errorf("targets.csv:\n%s", body)
			}
		case "json":
			if body != get(t, s, "/api/targets").Body.String() {
				t.Errorf("targets.json differs from /api/targets:\n%s", body)
			}
		case "parquet":
			if !strings.HasPrefix(body, "PAR1") {
				t.Errorf("targets.parquet is no Parquet file: %.20q", body)
			}
		}
	}
}

// book is the bytes of a workbook of one sheet holding rows.
func book(t *testing.T, rows [][]any) []byte {
	t.Helper()
	p := filepath.Join(t.TempDir(), "book.xlsx")
	writeBook(t, p, rows)
	data, err := os.ReadFile(p)
	must(t, err)
	return data
}

// cellOf is the HTML of the totals table's cell of a year in the row of
// an indicator and a region, "" when there is none.
func cellOf(page, indicator, region string, year int) string {
	_, row, ok := strings.Cut(page, `<tr data-indicator="`+indicator+`" data-region="`+region+`"`)
	if !ok {
		return ""
	}
	row, _, _ = strings.Cut(row, "</tr>")
	_, cell, ok := strings.Cut(row, `data-year="`+strconv.Itoa(year)+`">`)
	if !ok {
		return ""
	}
	cell, _, _ = strings.Cut(cell, "</td>")
	return cell
}

// TestTotalsShowTargets: the totals page shows, under each total that has
// a target, the target and its completion as the targets page and
// /api/targets have them, in the page's language; a total without a
// target shows none.
func TestTotalsShowTargets(t *testing.T) {
	s, _ := testServer(t, true, map[string][][]any{"目标任务.xlsx": targetsBook}, nil)
	var targets []struct {
		Year               int
		Region, Indicator  string
		Target, Completion json.Number
	}
	must(t, json.Unmarshal(get(t, s, "/api/targets").Body.Bytes(), &targets))
	if len(targets) == 0 {
		t.Fatal("no targets")
	}
	for lang, words := range map[string][2]string{"en": {"Target", "Completion"}, "zh": {"目标", "完成率"}} {
		page := get(t, s, "/totals?lang="+lang).Body.String()
		for _, tg := range targets {
			cell := cellOf(page, tg.Indicator, tg.Region, tg.Year)
			if cell == "" {
				continue // no total that year: the targets page shows it
			}
			percent, err := export.Percent(tg.Completion.String())
			must(t, err)
			want := words[0] + " " + export.Thousands(tg.Target.String())
			if percent != "" {
				want += " · " + words[1] + ` <span class="completion">` + percent + "</span>"
			}
			if !strings.Contains(cell, want) {
				t.Errorf("%s: %d %s %s: %q, want %q", lang, tg.Year, tg.Region, tg.Indicator, cell, want)
			}
		}
		// the pair's 2023 projects: 85 of 80, and the region's own total has no target
		if cell := cellOf(page, "projects_signed", "all", 2023); !strings.Contains(cell, "106.25%") {
			t.Errorf("%s: the 2023 projects signed of both: %q, want 106.25%%", lang, cell)
		}
		if cell := cellOf(page, "projects_signed", "tangxia", 2023); cell == "" || strings.Contains(cell, `class="target"`) {
			t.Errorf("%s: Tangxia's 2023 projects signed, with no target: %q", lang, cell)
		}
	}
}

// brokenLedger is rejected: its value is no number.
var brokenLedger = [][]any{
	{"年度", "地区", "指标", "数值", "单位"},
	{2023, "塘厦", "共建产业园区", "三个", "个"},
}

// TestUploadOutcome: the upload page's outcome of an upload shows its
// status and, once it is read, its problems (sheet, cell, value, problem,
// fix) and warnings as /api/sources gives them, in the chosen language.
func TestUploadOutcome(t *testing.T) {
	s, _ := testServer(t, false, nil, nil)
	for name, rows := range map[string][][]any{"损坏.xlsx": brokenLedger, "资金.xlsx": {
		{"始兴县2023年帮扶资金明细表"},
		{nil, nil, nil, "单位：万元"},
		{"年度", "领域", "项目", "金额"},
		{2023, "教育", "助学", 1000},
		{"合计", nil, nil, 9999}, // a total that does not add up: a warning
	}} {
		if w := upload(t, s, name, "shixing", "zh", book(t, rows)); w.Code != http.StatusOK {
			t.Fatalf("upload %s: %d %s", name, w.Code, w.Body)
		}
	}
	waiting := get(t, s, "/upload/outcome?lang=zh&path="+url.QueryEscape("shixing/损坏.xlsx")).Body.String()
	if !strings.Contains(waiting, `data-status="waiting"`) || !strings.Contains(waiting, "等待载入") {
		t.Errorf("before the load: %s", waiting)
	}
	load(t, s)
	for _, lang := range []string{"en", "zh"} {
		var files []sourceFile
		must(t, json.Unmarshal(get(t, s, "/api/sources?lang="+lang).Body.Bytes(), &files))
		problems, warnings := 0, 0
		for _, f := range files {
			w := get(t, s, "/upload/outcome?lang="+lang+"&path="+url.QueryEscape(f.Path))
			body := w.Body.String()
			if w.Code != http.StatusOK || !strings.Contains(body, `data-status="`+f.Status+`"`) ||
				!strings.Contains(body, f.Path+": "+s.words.in(lang, "status."+f.Status)) {
				t.Errorf("%s: the outcome of %s (%s): %d %s", lang, f.Path, f.Status, w.Code, body)
			}
			for _, p := range f.Problems {
				row := "<tr><td>" + html.EscapeString(p.Sheet) + `</td><td class="cell">` + html.EscapeString(p.Cell) + "</td><td>" +
					html.EscapeString(p.Value) + "</td><td>" + html.EscapeString(p.Reason) + "</td><td>" + html.EscapeString(p.Fix) + "</td></tr>"
				if !strings.Contains(body, row) || !strings.Contains(body, s.words.in(lang, "col.fix")) {
					t.Errorf("%s: the outcome of %s lacks the problem %s:\n%s", lang, f.Path, row, body)
				}
				problems++
			}
			for _, wn := range f.Warnings {
				row := "<tr><td>" + html.EscapeString(wn.Sheet) + `</td><td class="cell">` + html.EscapeString(wn.Cell) + "</td><td>" +
					html.EscapeString(wn.Message) + "</td></tr>"
				if !strings.Contains(body, row) {
					t.Errorf("%s: the outcome of %s lacks the warning %s:\n%s", lang, f.Path, row, body)
				}
				warnings++
			}
		}
		if problems == 0 || warnings == 0 {
			t.Errorf("%s: %d problems and %d warnings in %+v: the test shows nothing", lang, problems, warnings, files)
		}
	}
	if w := get(t, s, "/upload/outcome?path=nowhere.xlsx"); w.Code != http.StatusNotFound {
		t.Errorf("the outcome of a file the inbox never had: %d", w.Code)
	}
}

// parks is a workbook of Tangxia's n industrial parks in 2023.
func parks(t *testing.T, n int) []byte {
	return book(t, [][]any{{"年度", "地区", "指标", "数值", "单位"}, {2023, "塘厦", "共建产业园区", n, "个"}})
}

// TestUploadCorrects: an upload under the name of a file already in the
// inbox, at its top or in a region folder, corrects that file: with no
// region it takes its place (so it supersedes it, never counted beside
// it); with a region it lands in the region's folder and the earlier file
// is archived wherever it was; the same content is unchanged; a name in
// more than one place is refused (409), in the request's language.
func TestUploadCorrects(t *testing.T) {
	s, inbox := testServer(t, false, nil, nil)
	landed := func(name, region string, data []byte) uploaded {
		t.Helper()
		w := upload(t, s, name, region, "en", data)
		var out uploaded
		if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &out) != nil {
			t.Fatalf("upload %s (%q): %d %s", name, region, w.Code, w.Body)
		}
		return out
	}
	archived := func(out uploaded) string {
		if out.Archived == nil {
			return ""
		}
		_, earlier, _ := strings.Cut(strings.TrimPrefix(*out.Archived, archiveDir+"/"), "/") // past the time
		if _, err := os.Stat(filepath.Join(inbox, filepath.FromSlash(*out.Archived))); err != nil {
			t.Errorf("not archived: %v", err)
		}
		return earlier
	}

	// the acceptance tester's case: uploaded with its region, then corrected with none
	if out := landed("corr.xlsx", "tangxia", parks(t, 3)); out.Path != "tangxia/corr.xlsx" {
		t.Fatalf("first upload: %+v", out)
	}
	load(t, s)
	out := landed("corr.xlsx", "", parks(t, 5))
	if out.Path != "tangxia/corr.xlsx" || archived(out) != "tangxia/corr.xlsx" {
		t.Errorf("the correction: %+v", out)
	}
	if _, err := os.Lstat(filepath.Join(inbox, "corr.xlsx")); err == nil {
		t.Error("the correction landed at the top, beside the earlier file")
	}
	load(t, s)
	var totals []struct{ Value json.Number }
	must(t, json.Unmarshal(get(t, s, "/api/totals?year=2023&region=tangxia&indicator=parks_built").Body.Bytes(), &totals))
	if len(totals) != 1 || totals[0].Value != "5" {
		t.Errorf("Tangxia's 2023 parks after the correction: %+v, want 5 (not 3 + 5)", totals)
	}
	if out := landed("corr.xlsx", "", parks(t, 5)); !out.Unchanged || out.Path != "tangxia/corr.xlsx" || out.Archived != nil {
		t.Errorf("the same content again: %+v", out)
	}

	// with another region than the earlier file's place: refused, nothing
	// moved (under another path, the earlier file's rows would stay counted)
	landed("other.xlsx", "", parks(t, 1))
	if w := upload(t, s, "other.xlsx", "shixing", "en", parks(t, 2)); w.Code != http.StatusConflict ||
		!strings.Contains(w.Body.String(), "other.xlsx is already in the inbox at other.xlsx") {
		t.Errorf("a correction into another region: %d %s, want 409", w.Code, w.Body)
	}
	if got := entries(t, inbox); !strings.Contains(" "+got+" ", " other.xlsx ") || strings.Contains(got, "shixing/other.xlsx") {
		t.Errorf("after the refusal: %s", got)
	}
	// a folder named by the region's name is its folder: the file keeps its place
	must(t, os.Mkdir(filepath.Join(inbox, "塘厦"), 0o755))
	must(t, os.WriteFile(filepath.Join(inbox, "塘厦", "named.xlsx"), parks(t, 1), 0o644))
	if out := landed("named.xlsx", "tangxia", parks(t, 4)); out.Path != "塘厦/named.xlsx" || archived(out) != "塘厦/named.xlsx" {
		t.Errorf("a correction into the region's named folder: %+v", out)
	}

	// in two places: refused, nothing moved
	must(t, os.WriteFile(filepath.Join(inbox, "dup.xlsx"), []byte("top"), 0o644))
	must(t, os.WriteFile(filepath.Join(inbox, "tangxia", "dup.xlsx"), []byte("tangxia"), 0o644))
	for lang, want := range map[string]string{"en": "more than one place (dup.xlsx, tangxia/dup.xlsx)", "zh": "多个 dup.xlsx（dup.xlsx, tangxia/dup.xlsx）"} {
		for _, region := range []string{"", "shixing"} {
			if w := upload(t, s, "dup.xlsx", region, lang, []byte("new")); w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), want) {
				t.Errorf("%s, region %q: %d %s, want 409 %q", lang, region, w.Code, w.Body, want)
			}
		}
	}
	for _, p := range []string{"dup.xlsx", "tangxia/dup.xlsx"} {
		if data, err := os.ReadFile(filepath.Join(inbox, p)); err != nil || string(data) == "new" {
			t.Errorf("%s after the refusals: %q %v", p, data, err)
		}
	}
	if got := entries(t, filepath.Join(inbox, uploadDir)); got != "" {
		t.Errorf("left behind: %s", got)
	}
}

// TestIgnoredSaysWhy: a file of the inbox that is not read says why on
// the files page, in the page's language.
func TestIgnoredSaysWhy(t *testing.T) {
	s, inbox := testServer(t, false, nil, nil)
	must(t, os.WriteFile(filepath.Join(inbox, "notes.zip"), []byte("PK\x05\x06"+strings.Repeat("\x00", 18)), 0o644))
	load(t, s)
	for lang, want := range map[string]string{"en": "not read: not a spreadsheet by its name", "zh": "未读取：按文件名不是表格文件"} {
		body := get(t, s, "/?lang="+lang).Body.String()
		if !strings.Contains(body, `data-path="notes.zip"`) || !strings.Contains(body, want) {
			t.Errorf("%s: the files page does not say why notes.zip is not read:\n%s", lang, body)
		}
	}
}

// TestStaleUploadsCleared: what an upload cut off by a stop (or a crash)
// left in the upload folder is removed when the server starts; nothing
// else there is touched.
func TestStaleUploadsCleared(t *testing.T) {
	s, inbox := testServer(t, false, nil, nil)
	dir := filepath.Join(inbox, ".upload")
	must(t, os.MkdirAll(dir, 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "upload-STALE"), make([]byte, 1<<20), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "keep.txt"), nil, 0o644))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	s.opts.Log = io.Discard
	if err := s.Run(ctx, ln); err != nil {
		t.Fatalf("a stopped server: %v", err)
	}
	entries, err := os.ReadDir(dir)
	must(t, err)
	if len(entries) != 1 || entries[0].Name() != "keep.txt" {
		t.Errorf("the upload folder holds %v, want keep.txt alone", entries)
	}
}

// TestNotFoundInLanguage: a page that does not exist, or an upload
// outcome of no file, is told in the page's language.
func TestNotFoundInLanguage(t *testing.T) {
	s, _ := testServer(t, false, nil, nil)
	for target, want := range map[string]string{"/nonexist?lang=zh": "没有这个页面", "/nonexist?lang=en": "no such page",
		"/upload/outcome?lang=zh&path=nonexist.xlsx": "不是收件箱中的文件"} {
		if w := get(t, s, target); w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), want) {
			t.Errorf("GET %s: %d %s, want 404 saying %q", target, w.Code, w.Body, want)
		}
	}
}

// unread is a request body that fails when read.
type unread struct{}

func (unread) Read([]byte) (int, error) { return 0, errors.New("the body was read") }

// TestUploadTooLargeUpFront: an upload whose declared length is over the
// limit is refused before its body is read (not after a gigabyte).
func TestUploadTooLargeUpFront(t *testing.T) {
	s, _ := testServer(t, false, nil, nil)
	req := httptest.NewRequest(http.MethodPost, "/api/upload", unread{})
	req.ContentLength = 1 << 40
	req.Host = "127.0.0.1:8040"
	req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	req.Header.Set(TokenHeader, "test-token")
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("an upload declaring 1 TiB: %d %s, want 413", w.Code, w.Body)
	}
}
