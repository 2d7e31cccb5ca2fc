package messages_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/messages"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
	"github.com/pairstat/pairstat/transform/parse"
)

func TestProblemInBothLanguages(t *testing.T) {
	p := &ingest.CellError{File: "塘厦镇.xlsx", Sheet: "台账", Cell: "D7", Value: "一百",
		Err: fmt.Errorf("%q: %w", "一百", parse.ErrNotNumber), Fix: "write a plain number"}
	if got, want := messages.Problem(p, "en"), p.Error(); got != want {
		t.Errorf("en: %q, want the error's own text %q", got, want)
	}
	want := "塘厦镇.xlsx：工作表「台账」：单元格 D7：「一百」不是数字。修改方法：write a plain number"
	if got := messages.Problem(p, "zh"); got != want {
		t.Errorf("zh: %q, want %q", got, want)
	}
	// Localize words the cause in Chinese once, for storing; a fix with no
	// Chinese wording keeps the English one.
	messages.Localize([]*ingest.CellError{p})
	if p.CauseZh != "不是数字" || p.FixZh != p.Fix {
		t.Errorf("localized: cause %q, fix %q", p.CauseZh, p.FixZh)
	}
}

func TestReadFailureKeepsItsPlace(t *testing.T) {
	placed := &ingest.CellError{File: "a.xlsx", Sheet: "s", Cell: "B2", Err: errors.New("bad")}
	if got := messages.ReadFailure("a.xlsx", placed); len(got) != 1 || got[0] != placed {
		t.Errorf("a placed error is kept as it is: %v", got)
	}
	got := messages.ReadFailure("b.xlsx", ingest.ErrDamaged)
	if len(got) != 1 || got[0].File != "b.xlsx" || got[0].Cell != "" || got[0].FixZh == "" {
		t.Fatalf("an unplaced error is placed at the file, with a fix in both languages: %+v", got)
	}
	if got := messages.Problem(got[0], "zh"); got != "b.xlsx：工作簿已损坏。修改方法：用 Excel 打开该文件，另存为 .xlsx" {
		t.Errorf("zh: %q", got)
	}
}

// A conflict's warning names the figure's file, sheet and cell, both
// figures with their unit, the difference and what counts, in both
// languages.
func TestConflictWarning(t *testing.T) {
	cat, err := transform.LoadCatalog("")
	if err != nil {
		t.Fatal(err)
	}
	c := queries.Conflict{Kind: queries.ConflictRestated, Year: 2023, Region: "tangxia", Indicator: "promotion_events",
		File: "指标.xlsx", Sheet: "塘厦", Cell: "C4", Value: "3", CountedValue: "4.5",
		CountedFile: "后报.xlsx", CountedSheet: "塘厦", CountedCell: "C9"}
	w := messages.Conflict(c, cat)
	if w.Kind != "restated" || w.Found != "3 场" || w.Expected != "4.5 场" {
		t.Errorf("warning %+v", w)
	}
	for lang, parts := range map[string][]string{
		"en": {"指标.xlsx: sheet 塘厦: cell C4: 2023 ", "3 场", "后报.xlsx: sheet 塘厦: cell C9", "4.5 场", "difference 1.5 场"},
		"zh": {"指标.xlsx：工作表「塘厦」：单元格 C4：2023年 ", "3 场", "后报.xlsx：工作表「塘厦」：单元格 C9", "4.5 场", "相差 1.5 场"},
	} {
		got := messages.Warning(w, lang)
		for _, p := range parts {
			if !strings.Contains(got, p) {
				t.Errorf("%s: %q lacks %q", lang, got, p)
			}
		}
	}
	c.Kind = queries.ConflictRestatedTarget
	for lang, part := range map[string]string{"en": "target given again with another value", "zh": "目标任务重复填报且数值不同"} {
		if got := messages.Warning(messages.Conflict(c, cat), lang); !strings.Contains(got, part) || !strings.Contains(got, "C9") {
			t.Errorf("restated target, %s: %q", lang, got)
		}
	}
	c.Kind, c.CountedFile, c.CountedSheet, c.CountedCell = queries.ConflictLedger, "台账.xlsx", "", ""
	if got := messages.Warning(messages.Conflict(c, cat), "en"); !strings.Contains(got, "the ledger (台账.xlsx) gives 4.5 场: difference 1.5 场; the ledger's value counts") {
		t.Errorf("ledger conflict: %q", got)
	}
}
