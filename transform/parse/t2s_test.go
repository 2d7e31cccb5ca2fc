package parse

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/liuzl/gocc"
)

// TestT2SMatchesGocc checks the converter of Text against gocc's own
// Convert on every dictionary key, on the keys run together, and on random
// texts mixing key runes, Simplified text and ASCII.
func TestT2SMatchesGocc(t *testing.T) {
	cc, err := gocc.New("t2s")
	if err != nil {
		t.Fatal(err)
	}
	mine, err := t2s()
	if err != nil {
		t.Fatal(err)
	}
	check := func(s string) {
		t.Helper()
		want, err := cc.Convert(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := mine.convert(s); got != want {
			t.Fatalf("convert(%q) = %q, gocc gives %q", s, got, want)
		}
	}
	var keys []string
	var runes []rune
	for _, g := range mine.groups {
		for _, d := range g {
			for r, entries := range d {
				runes = append(runes, r)
				for _, e := range entries {
					keys = append(keys, e.key, e.value)
				}
			}
		}
	}
	if len(keys) < 4000 {
		t.Fatalf("only %d dictionary keys and values read from gocc", len(keys))
	}
	for _, k := range keys {
		check(k)
	}
	check(strings.Join(keys, ""))
	runes = append(runes, []rune("华锐智能终端结构件生产基地项目合计总计其中 abc123（）")...)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			if rng.IntN(4) == 0 {
				b.WriteString(keys[rng.IntN(len(keys))])
			} else {
				b.WriteRune(runes[rng.IntN(len(runes))])
			}
		}
		check(b.String())
	}
	for _, s := range []string{"", "合計", "產業共建項目台賬", "一目瞭然", "不瞭解情況", "𠀀"} {
		check(s)
	}
}

// BenchmarkTextLabel folds a project name that is new each time, as the
// label check of every row does.
func BenchmarkTextLabel(b *testing.B) {
	labels := make([]string, 1024)
	for i := range labels {
		labels[i] = "华锐智能终端结构件生产基地项目" + string(rune(0x4E00+i))
		if i%4 == 0 {
			labels[i] += "（2期）"
		}
	}
	b.ReportAllocs()
	for i := range b.N {
		Text(labels[i%len(labels)])
	}
}

// TestAffixFilter checks that the filter never rules out a text whose fold
// starts or ends with a word, on texts built around the words in every
// spelling (Traditional, full-width, spaced) and on random texts.
func TestAffixFilter(t *testing.T) {
	prefixes := []string{"合计", "总计", "小计", "共计", "total", "subtotal", "两地合计", "其中"}
	suffixes := []string{"合计", "总计", "小计", "共计", "total", "subtotal", "两地合计"}
	f := NewAffixFilter(prefixes, suffixes)
	mine, err := t2s()
	if err != nil {
		t.Fatal(err)
	}
	var pool []string
	for _, g := range mine.groups {
		for _, d := range g {
			for _, entries := range d {
				for _, e := range entries {
					pool = append(pool, e.key, e.value)
				}
			}
		}
	}
	spellings := []string{"合計", "總計", "小計", "共計", "ＴＯＴＡＬ", "Total", " 合 计 ", "兩地合計", "其中：", "\u3000其中", "合\u200b计", "SubTotal"}
	pool = append(pool, spellings...)
	pool = append(pool, prefixes...)
	pool = append(pool, "项目", "（万元）", "(万元)", " ", "\t", "１", "a", "\xff", "")
	marked := func(s string) bool {
		folded := Text(s)
		for _, w := range prefixes {
			if strings.HasPrefix(folded, Text(w)) {
				return true
			}
		}
		for _, w := range suffixes {
			if strings.HasSuffix(folded, Text(w)) {
				return true
			}
		}
		return false
	}
	rng := rand.New(rand.NewPCG(5, 6))
	ruledOut := 0
	for i := range 50000 {
		var b strings.Builder
		for range 1 + rng.IntN(4) {
			b.WriteString(pool[rng.IntN(len(pool))])
		}
		s := b.String()
		if i < len(pool) {
			s = pool[i]
		}
		if !f.May(s) {
			ruledOut++
			if marked(s) {
				t.Fatalf("May(%q) = false, but Text(%q) = %q is marked", s, s, Text(s))
			}
		}
	}
	if ruledOut < 10000 {
		t.Errorf("the filter ruled out only %d of 50000 texts", ruledOut)
	}
	for _, s := range []string{"华锐智能终端结构件生产基地项目", "鼎盛精密模具扩产项目（2期）"} {
		if f.May(s) {
			t.Errorf("May(%q) = true, want false for a plain project name", s)
		}
	}
}
