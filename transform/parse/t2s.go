package parse

import (
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/liuzl/gocc"
	"golang.org/x/text/width"
)

// The Traditional → Simplified conversion of Text. gocc (OpenCC's t2s
// dictionaries) is the reference, but its Convert allocates a map and a
// token per rune; a row label folded on every row made it the largest cost
// of a workbook. t2sConverter reads gocc's dictionaries out of its tries
// once and applies gocc's algorithm to them without allocating: at each
// rune, the first dictionary of the chain with a key that starts there
// gives the longest such key's first value; a rune without a key is kept.
// Most Simplified texts hold no rune that starts a key, so they are
// scanned once and returned as they are. TestT2SMatchesGocc checks the two
// against each other.

// t2sConverter is gocc's t2s conversion chain in lookup tables.
type t2sConverter struct {
	groups []t2sGroup
	// start marks the runes of the Basic Multilingual Plane that start a
	// key of any dictionary; startHigh the others.
	start     [0x10000 / 64]uint64
	startHigh map[rune]bool
}

// t2sGroup is one link of the chain: its dictionaries in order.
type t2sGroup []map[rune][]t2sEntry

// t2sEntry is one dictionary key and the value that replaces it.
type t2sEntry struct{ key, value string }

// t2s is built on first use.
var t2s = sync.OnceValues(newT2S)

func newT2S() (*t2sConverter, error) {
	cc, err := gocc.New("t2s")
	if err != nil {
		return nil, err
	}
	c := &t2sConverter{startHigh: map[rune]bool{}}
	for _, g := range cc.DictChains {
		var group t2sGroup
		for _, d := range g.Dicts {
			byFirst := map[rune][]t2sEntry{}
			for _, id := range d.Trie.PrefixPredict(nil, 0) {
				key, err := d.Trie.Key(id)
				if err != nil || len(key) == 0 {
					continue
				}
				v, err := d.Trie.Value(id)
				if err != nil || v < 0 || v >= len(d.Values) || len(d.Values[v]) == 0 {
					continue
				}
				r, _ := utf8.DecodeRune(key)
				byFirst[r] = append(byFirst[r], t2sEntry{key: string(key), value: d.Values[v][0]})
				c.mark(r)
			}
			for _, entries := range byFirst {
				sort.SliceStable(entries, func(i, j int) bool { return len(entries[i].key) > len(entries[j].key) })
			}
			group = append(group, byFirst)
		}
		c.groups = append(c.groups, group)
	}
	return c, nil
}

func (c *t2sConverter) mark(r rune) {
	if r < 0x10000 {
		c.start[r/64] |= 1 << (r % 64)
		return
	}
	c.startHigh[r] = true
}

// starts reports whether a key of some dictionary starts with r.
func (c *t2sConverter) starts(r rune) bool {
	if r < 0x10000 {
		return c.start[r/64]&(1<<(r%64)) != 0
	}
	return c.startHigh[r]
}

// convert converts the valid UTF-8 text s as gocc's Convert does.
func (c *t2sConverter) convert(s string) string {
	for _, g := range c.groups {
		s = c.convertGroup(g, s)
	}
	return s
}

func (c *t2sConverter) convertGroup(g t2sGroup, s string) string {
	var b strings.Builder
	changed := false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if c.starts(r) {
			if e, ok := g.match(r, s[i:]); ok {
				if !changed {
					b.Grow(len(s))
					b.WriteString(s[:i])
					changed = true
				}
				b.WriteString(e.value)
				i += len(e.key)
				continue
			}
		}
		if changed {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	if !changed {
		return s
	}
	return b.String()
}

// match finds the longest key of the first dictionary that has a key
// starting s (whose first rune is r).
func (g t2sGroup) match(r rune, s string) (t2sEntry, bool) {
	for _, d := range g {
		for _, e := range d[r] {
			if strings.HasPrefix(s, e.key) {
				return e, true
			}
		}
	}
	return t2sEntry{}, false
}

// AffixFilter tells from the first and last runes of a text alone whether
// its Text fold may start with one of some words, or end with one of
// others: a necessary condition, which spares folding a whole text (the
// label of every row) to find out that it is not a total or breakdown
// label. The first rune of a fold comes from the text's first folded rune,
// kept or replaced by the value of a t2s key starting with it; the last
// from its last folded rune, kept or replaced by the value of a key ending
// with it; so the filter admits the words' own first (last) runes and
// every rune that starts (ends) a key whose value starts (ends) with one.
type AffixFilter struct {
	all          bool // no filtering: a word folds to nothing, or t2s is unusual
	first, final map[rune]bool
}

// NewAffixFilter builds the filter for texts whose fold may start with one
// of prefixes or end with one of suffixes.
func NewAffixFilter(prefixes, suffixes []string) *AffixFilter {
	f := &AffixFilter{first: map[rune]bool{}, final: map[rune]bool{}}
	cc, err := t2s()
	if err != nil || len(cc.groups) != 1 {
		f.all = true
		return f
	}
	add := func(set map[rune]bool, words []string, pick func(string) (rune, int)) {
		for _, w := range words {
			w = Text(w)
			if w == "" {
				f.all = true
				return
			}
			r, _ := pick(w)
			set[r] = true
		}
	}
	add(f.first, prefixes, utf8.DecodeRuneInString)
	add(f.final, suffixes, utf8.DecodeLastRuneInString)
	for _, d := range cc.groups[0] {
		for _, entries := range d {
			for _, e := range entries {
				if e.value == "" {
					f.all = true
					return f
				}
				if v, _ := utf8.DecodeRuneInString(e.value); f.first[v] {
					k, _ := utf8.DecodeRuneInString(e.key)
					f.first[k] = true
				}
				if v, _ := utf8.DecodeLastRuneInString(e.value); f.final[v] {
					k, _ := utf8.DecodeLastRuneInString(e.key)
					f.final[k] = true
				}
			}
		}
	}
	return f
}

// May reports whether Text(s) may start with one of the prefixes or end
// with one of the suffixes; false means it certainly does not.
func (f *AffixFilter) May(s string) bool {
	if f.all {
		return true
	}
	first, last, ok := foldedEnds(s)
	if !ok {
		return false // folds to nothing: no word is a prefix of ""
	}
	return f.first[first] || f.final[last]
}

// foldedEnds returns the first and last runes of s as Text folds them
// before t2s (width, case, no white space); ok is false when nothing is
// left.
func foldedEnds(s string) (first, last rune, ok bool) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r, ok := foldRune(r); ok {
			first = r
			break
		}
		if i == len(s) {
			return 0, 0, false
		}
	}
	for j := len(s); j > 0; {
		r, size := utf8.DecodeLastRuneInString(s[:j])
		j -= size
		if r, ok := foldRune(r); ok {
			return first, r, true
		}
	}
	return 0, 0, false
}

// foldRune folds one rune as foldWidth does; ok is false for white space,
// which the fold drops. An invalid byte decodes as U+FFFD, as
// strings.ToValidUTF8 makes it.
func foldRune(r rune) (rune, bool) {
	switch {
	case 0x4E00 <= r && r <= 0x9FFF:
		return r, true
	case r < utf8.RuneSelf:
		if isSpace(r) {
			return 0, false
		}
		return rune(lowerASCII(byte(r))), true
	}
	if f := width.LookupRune(r).Folded(); f != 0 {
		r = f
	}
	switch {
	case isSpace(r):
		return 0, false
	case 'A' <= r && r <= 'Z':
		r += 'a' - 'A'
	}
	return r, true
}
