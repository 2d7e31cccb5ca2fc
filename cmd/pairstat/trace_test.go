package main

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// runCLI runs pairstat in-process and returns stdout, failing on a status
// other than want.
func runCLI(t *testing.T, want int, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if got := Do(t.Context(), args, strings.NewReader(""), &stdout, &stderr); got != want {
		t.Fatalf("pairstat %v: status %d, want %d; stderr:\n%s", args, got, want, stderr.String())
	}
	return stdout.String()
}

func readCSV(t *testing.T, text string) [][]string {
	t.Helper()
	records, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}

// TestTraceSumsToTotals checks, for every total of the samples, that the
// cells trace lists as counted sum to the total, and that 合计 and 其中 rows
// are listed but not counted.
func TestTraceSumsToTotals(t *testing.T) {
	db := samplesDB(t)
	totals := readCSV(t, runCLI(t, 0, "totals", "--db", db, "--format", "csv"))[1:]
	if len(totals) == 0 {
		t.Fatal("no totals")
	}
	excluded := map[string]int{}
	for _, tot := range totals {
		year, region, indicator, value := tot[0], tot[1], tot[2], tot[3]
		rows := readCSV(t, runCLI(t, 0, "trace", "--db", db, "--year", year, "--indicator", indicator,
			"--region", region, "--format", "csv"))[1:]
		sum := decimal.Zero
		for _, r := range rows {
			if r[5] != "counted" {
				excluded[r[5]]++
				continue
			}
			if region != "all" && r[3] != region {
				t.Errorf("%v: traced cell %v of another region", tot, r)
			}
			if r[0] == "" || r[1] == "" || r[2] == "" {
				t.Errorf("%v: traced cell without position: %v", tot, r)
			}
			sum = sum.Add(decimal.RequireFromString(r[4]))
		}
		if want := decimal.RequireFromString(value); !sum.Equal(want) {
			t.Errorf("%s %s %s: traced cells sum to %s, total is %s", year, region, indicator, sum, value)
		}
	}
	if excluded["total row"] == 0 || excluded["breakdown row"] == 0 {
		t.Errorf("excluded rows listed: %v, want total and breakdown rows", excluded)
	}
}

// A trace of a year with no total says there is none, rather than a sum
// of 0 that reads as a total of 0.
func TestTraceOfNoTotal(t *testing.T) {
	db := samplesDB(t)
	out := runCLI(t, 0, "trace", "--db", db, "--year", "1999", "--indicator", "assistance_funds")
	if !strings.Contains(out, "counted cells: none, so there is no total") || strings.Contains(out, "sum 0") {
		t.Errorf("trace of a year with no total:\n%s", out)
	}
	out = runCLI(t, 0, "trace", "--db", db, "--year", "2023", "--indicator", "assistance_funds", "--region", "shixing")
	if !strings.Contains(out, "sum 4768") {
		t.Errorf("trace of 2023's funds:\n%s", out)
	}
}
