package web

import (
	"net/http"
	"testing"
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
