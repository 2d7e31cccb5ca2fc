package transform

import (
	"cmp"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/shopspring/decimal"

	"github.com/pairstat/pairstat/transform/parse"
)

//go:embed catalog.yaml
var defaultCatalog []byte

// Catalog is every name pairstat knows: indicators, regions, units, sheet
// kinds and their header aliases, status and row-marker words. It is data
// (catalog.yaml, embedded); LoadCatalog reads a replacement.
type Catalog struct {
	Dimensions     []Dimension `yaml:"dimensions"`
	Regions        []Region    `yaml:"regions"`
	Areas          []Area      `yaml:"areas"`
	Indicators     []Indicator `yaml:"indicators"`
	FundFields     []FundField `yaml:"fund_fields"`
	OtherField     string      `yaml:"other_field"`
	Statuses       Statuses    `yaml:"statuses"`
	TotalWords     []string    `yaml:"total_words"`
	SubtotalWords  []string    `yaml:"subtotal_words"`
	BreakdownWords []string    `yaml:"breakdown_words"`
	UnitWords      []string    `yaml:"unit_words"`
	FooterWords    []string    `yaml:"footer_words"`
	PairWords      []string    `yaml:"pair_words"`
	Kinds          []KindSpec  `yaml:"kinds"`

	units     map[string]Unit // folded unit name → unit
	unitNames []string        // every unit name, for parse.SplitUnit
	// unitEnds marks the ASCII bytes a folded unit name ends with: a value
	// ending with another ASCII byte (a digit, mostly) carries no unit.
	unitEnds   [128]bool
	totalWords []string // folded TotalWords
	subWords   []string // folded SubtotalWords
	breakWords []string // folded BreakdownWords
	unitWords  []string // folded UnitWords, longest first
	footWords  []string // folded FooterWords
	pairWords  []string // folded PairWords
	markers    *parse.AffixFilter
	footers    *parse.AffixFilter
	bases      map[string]string // dimension → base unit
	// scaled marks the dimensions whose units differ in scale (money): an
	// amount of such a dimension with no unit stated anywhere is noted.
	scaled map[string]bool
	// headerWords are the folded header aliases of every kind, to tell a
	// header row repeated below the data (see tables.go); headerStarts
	// tells most other texts by their first rune.
	headerWords  map[string]bool
	headerStarts *parse.AffixFilter
	regions      map[string]string // folded alias → region code
	indicators   map[string]*Indicator
	fields       map[string]string // folded alias → field name
	delivered    map[string]bool   // folded status → delivered?
	negations    []string          // folded Statuses.Negations
}

// Dimension is a family of units that can be converted into each other.
type Dimension struct {
	Name   string            `yaml:"name"`
	NameZh string            `yaml:"name_zh"`
	Base   string            `yaml:"base"`
	Units  map[string]string `yaml:"units"`
}

// Unit is one unit name with its conversion into its dimension's base unit.
type Unit struct {
	Name      string
	Dimension string
	Base      string
	Factor    decimal.Decimal
}

// Region is one of the paired regions.
type Region struct {
	Code    string   `yaml:"code"`
	NameZh  string   `yaml:"name_zh"`
	NameEn  string   `yaml:"name_en"`
	Aliases []string `yaml:"aliases"`
}

// Area is an area (领域) of indicators: Indicator.Area is its NameZh.
type Area struct {
	NameZh string `yaml:"name_zh"`
	NameEn string `yaml:"name_en"`
}

// Indicator is one yearly indicator of the programme.
type Indicator struct {
	Code      string   `yaml:"code"`
	NameZh    string   `yaml:"name_zh"`
	NameEn    string   `yaml:"name_en"`
	Area      string   `yaml:"area"`
	Dimension string   `yaml:"dimension"`
	Aliases   []string `yaml:"aliases"`
	// Unit is the base unit of Dimension, filled in by LoadCatalog.
	Unit string `yaml:"-"`
}

// FundField is a field (领域) of the fund ledger with its aliases.
type FundField struct {
	Name    string   `yaml:"name"`
	Aliases []string `yaml:"aliases"`
}

// Statuses lists the status words of assistance projects.
type Statuses struct {
	Delivered []string `yaml:"delivered"`
	Pending   []string `yaml:"pending"`
	// Negations turn a delivered word that follows them into a pending
	// status (未落地见效, 尚未完成).
	Negations []string `yaml:"negations"`
}

// KindSpec describes one sheet kind: its columns, each with header aliases,
// and the groups of columns that must be present to recognise it.
type KindSpec struct {
	Kind     string              `yaml:"kind"`
	NameZh   string              `yaml:"name_zh"`
	Required [][]string          `yaml:"required"`
	Columns  map[string][]string `yaml:"columns"`

	headers map[string]string // folded header → column name
}

// ErrCatalog marks an invalid catalog file.
var ErrCatalog = errors.New("invalid catalog")

// CatalogSource is the text of the catalog at path, or of the embedded one
// when path is "": what LoadCatalog parses, and what `pairstat version`
// hashes.
func CatalogSource(path string) ([]byte, error) {
	if path == "" {
		return slices.Clone(defaultCatalog), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read catalog: %w", err)
	}
	return data, nil
}

// LoadCatalog reads the catalog at path, or the embedded one when path is "".
func LoadCatalog(path string) (*Catalog, error) {
	data, err := CatalogSource(path)
	if err != nil {
		return nil, err
	}
	var c Catalog
	if err := yaml.UnmarshalWithOptions(data, &c, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("%s: %w: %w", catalogName(path), ErrCatalog, err)
	}
	if err := c.index(); err != nil {
		return nil, fmt.Errorf("%s: %w: %w", catalogName(path), ErrCatalog, err)
	}
	return &c, nil
}

func catalogName(path string) string {
	if path == "" {
		return "embedded catalog"
	}
	return path
}

// index builds the folded lookup maps and checks the catalog for clashes.
func (c *Catalog) index() error {
	c.units = map[string]Unit{}
	c.scaled = map[string]bool{}
	bases := map[string]string{}
	c.bases = bases
	for _, d := range c.Dimensions {
		bases[d.Name] = d.Base
		for name, f := range d.Units {
			factor, err := decimal.NewFromString(f)
			if err != nil {
				return fmt.Errorf("unit %s: factor %q: %w", name, f, err)
			}
			if !factor.Equal(one) {
				c.scaled[d.Name] = true
			}
			key := parse.Text(name)
			if _, dup := c.units[key]; dup {
				return fmt.Errorf("unit %s is listed twice", name)
			}
			c.units[key] = Unit{Name: name, Dimension: d.Name, Base: d.Base, Factor: factor}
			c.unitNames = append(c.unitNames, name)
		}
	}
	sort.Strings(c.unitNames)
	for _, name := range c.unitNames {
		if f := parse.Text(name); f != "" && f[len(f)-1] < 128 {
			last := f[len(f)-1]
			c.unitEnds[last] = true
			if 'a' <= last && last <= 'z' {
				c.unitEnds[last-'a'+'A'] = true // folding lower-cases the value's letters
			}
		}
	}
	c.totalWords, c.breakWords = foldAll(c.TotalWords), foldAll(c.BreakdownWords)
	c.subWords, c.footWords = foldAll(c.SubtotalWords), foldAll(c.FooterWords)
	c.unitWords, c.pairWords = foldAll(c.UnitWords), foldAll(c.PairWords)
	sort.SliceStable(c.unitWords, func(i, j int) bool { return len(c.unitWords[i]) > len(c.unitWords[j]) })
	c.markers = parse.NewAffixFilter(append(slices.Clone(c.TotalWords), c.BreakdownWords...), c.TotalWords)
	c.footers = parse.NewAffixFilter(c.FooterWords, nil)
	c.regions = map[string]string{}
	for _, r := range c.Regions {
		for _, a := range append([]string{r.Code, r.NameZh, r.NameEn}, r.Aliases...) {
			c.regions[parse.Text(a)] = r.Code
		}
	}
	c.indicators = map[string]*Indicator{}
	for i := range c.Indicators {
		ind := &c.Indicators[i]
		base, ok := bases[ind.Dimension]
		if !ok {
			return fmt.Errorf("indicator %s: unknown dimension %q", ind.Code, ind.Dimension)
		}
		ind.Unit = base
		for _, a := range append([]string{ind.Code, ind.NameZh, ind.NameEn}, ind.Aliases...) {
			key := parse.Text(a)
			if prev, dup := c.indicators[key]; dup && prev.Code != ind.Code {
				return fmt.Errorf("alias %s names both %s and %s", a, prev.Code, ind.Code)
			}
			c.indicators[key] = ind
		}
	}
	c.fields = map[string]string{}
	for _, f := range c.FundFields {
		for _, a := range append([]string{f.Name}, f.Aliases...) {
			c.fields[parse.Text(a)] = f.Name
		}
	}
	c.delivered = map[string]bool{}
	for _, s := range c.Statuses.Delivered {
		c.delivered[parse.Text(s)] = true
	}
	for _, s := range c.Statuses.Pending {
		c.delivered[parse.Text(s)] = false
	}
	c.negations = foldAll(c.Statuses.Negations)
	c.headerWords = map[string]bool{}
	var aliases []string
	for i := range c.Kinds {
		k := &c.Kinds[i]
		k.headers = map[string]string{}
		for col, names := range k.Columns {
			for _, a := range names {
				k.headers[parse.Text(a)] = col
				c.headerWords[parse.Text(a)] = true
			}
			aliases = append(aliases, names...)
		}
	}
	c.headerStarts = parse.NewAffixFilter(aliases, nil)
	for _, need := range []string{"project_ledger", "fund_ledger", "assistance_list", "indicator_long", "indicator_wide"} {
		if c.kind(need) == nil {
			return fmt.Errorf("sheet kind %s is missing", need)
		}
	}
	return nil
}

func (c *Catalog) kind(name string) *KindSpec {
	for i := range c.Kinds {
		if c.Kinds[i].Kind == name {
			return &c.Kinds[i]
		}
	}
	return nil
}

// KindName names a sheet kind for people: its Chinese name for lang zh, its
// code otherwise.
func (c *Catalog) KindName(kind, lang string) string {
	if k := c.kind(kind); k != nil && lang == "zh" && k.NameZh != "" {
		return k.NameZh
	}
	return kind
}

// RegionName names a region for people: its Chinese name for lang zh, its
// English name otherwise; "all" is both regions (两地合计), and an unknown
// code is itself.
func (c *Catalog) RegionName(code, lang string) string {
	if code == RegionAll {
		return map[string]string{"zh": "两地合计", "en": "both"}[lang]
	}
	for _, r := range c.Regions {
		if r.Code == code {
			if lang == "zh" {
				return r.NameZh
			}
			return r.NameEn
		}
	}
	return code
}

// IndicatorName names an indicator for people: its Chinese name for lang
// zh, its English name otherwise; an unknown code is itself.
func (c *Catalog) IndicatorName(code, lang string) string {
	ind, ok := c.Indicator(code)
	if !ok {
		return code
	}
	if lang == "zh" {
		return ind.NameZh
	}
	return ind.NameEn
}

// AreaName names an area (an Indicator.Area) for people: itself for lang
// zh, its English name otherwise; an area the catalog does not list (or
// lists without an English name) is itself.
func (c *Catalog) AreaName(area, lang string) string {
	for _, a := range c.Areas {
		if a.NameZh == area && lang != "zh" && a.NameEn != "" {
			return a.NameEn
		}
	}
	return area
}

// Unit looks a unit name up; ok is false for an unknown unit.
func (c *Catalog) Unit(name string) (Unit, bool) {
	u, ok := c.units[parse.Text(name)]
	return u, ok
}

// Indicator finds an indicator by code, Chinese or English name or alias.
func (c *Catalog) Indicator(name string) (*Indicator, bool) {
	ind, ok := c.indicators[parse.Text(name)]
	return ind, ok
}

// RegionCode finds a region by code, name or alias.
func (c *Catalog) RegionCode(name string) (string, bool) {
	code, ok := c.regions[parse.Text(name)]
	return code, ok
}

// RegionsIn returns the codes of the regions whose aliases occur in text,
// in catalog order.
func (c *Catalog) RegionsIn(text string) []string {
	folded := parse.Text(text)
	var found []string
	for _, r := range c.Regions {
		for _, a := range append([]string{r.NameZh}, r.Aliases...) {
			if strings.Contains(folded, parse.Text(a)) {
				found = append(found, r.Code)
				break
			}
		}
	}
	return found
}

// RegionAll is the region code of both regions together: the pair's
// totals and targets.
const RegionAll = "all"

// pairWordIn reports whether a title or name holds a pair word (两地).
func (c *Catalog) pairWordIn(text string) bool {
	folded := parse.Text(text)
	return slices.ContainsFunc(c.pairWords, func(w string) bool { return strings.Contains(folded, w) })
}

// isPairWord reports whether a region cell names both regions (两地).
func (c *Catalog) isPairWord(cell string) bool {
	return slices.Contains(c.pairWords, parse.Text(cell))
}

// Field maps a fund ledger field to its catalog name (OtherField when unknown).
func (c *Catalog) Field(name string) string {
	if f, ok := c.fields[parse.Text(name)]; ok {
		return f
	}
	return c.OtherField
}

// Delivered tells whether an assistance project status counts as delivered;
// known is false for a status word the catalog does not list.
// A status text that is not a listed word counts by the longest listed word
// it contains (项目已完成验收 → 已完成验收; 未完成 is listed as not
// delivered). A delivered word must end the text (已完成50% is not known),
// and with a negation or a plan before it, it is pending (未落地见效,
// 暂未完成, 预计完成).
func (c *Catalog) Delivered(status string) (delivered, known bool) {
	folded := parse.Text(status)
	if delivered, known = c.delivered[folded]; known {
		return delivered, true
	}
	longest, at := "", 0
	for word, d := range c.delivered {
		// Of two words as long, the pending one: a project is never
		// counted as delivered on a guess (完成前期工作 holds 完成 and 前期).
		if i := strings.Index(folded, word); i >= 0 && (len(word) > len(longest) || len(word) == len(longest) && !d) {
			longest, at, delivered, known = word, i, d, true
		}
	}
	if !delivered {
		return delivered, known
	}
	if strings.TrimRight(folded[at+len(longest):], "。.!") != "" {
		return false, false // words after it (已完成50%, 完成招标, 落地见效(未)): for a person to say
	}
	if slices.ContainsFunc(c.negations, func(n string) bool { return strings.Contains(folded[:at], n) }) {
		return false, true
	}
	return true, true
}

// rowMarker returns "total" or "breakdown" when a row's label marks it as
// such, "" otherwise. A total word may start or end the label (合计,
// 两地合计, 合计(万元); see startsOrEnds); a breakdown word starts it
// (其中：教育).
func (c *Catalog) rowMarker(label string) string {
	if !c.markers.May(label) {
		return "" // most labels: told by their first and last runes
	}
	folded := parse.Text(label)
	if startsOrEnds(folded, c.totalWords) {
		return roleTotal
	}
	for _, w := range c.breakWords {
		if strings.HasPrefix(folded, w) {
			return roleBreakdown
		}
	}
	return ""
}

// base is the base unit of a dimension.
func (c *Catalog) base(dimension string) string { return c.bases[dimension] }

// dimensionZh names a dimension in Chinese (金额), or by its name.
func (c *Catalog) dimensionZh(dimension string) string {
	for _, d := range c.Dimensions {
		if d.Name == dimension && d.NameZh != "" {
			return d.NameZh
		}
	}
	return dimension
}

// unitsOf lists the unit names of a dimension, smallest first (then by
// name), for advice.
func (c *Catalog) unitsOf(dimension string) []string {
	var units []Unit
	for _, d := range c.Dimensions {
		if d.Name == dimension {
			for name := range d.Units {
				if u, ok := c.Unit(name); ok {
					units = append(units, u)
				}
			}
		}
	}
	slices.SortFunc(units, func(a, b Unit) int {
		return cmp.Or(a.Factor.Cmp(b.Factor), strings.Compare(a.Name, b.Name))
	})
	names := make([]string, len(units))
	for i, u := range units {
		names[i] = u.Name
	}
	return names
}

// isSubtotal reports whether a total row's label marks the total of its
// group (小计) rather than of its table.
func (c *Catalog) isSubtotal(label string) bool {
	return startsOrEnds(parse.Text(label), c.subWords)
}

// startsOrEnds reports whether the folded text ends with one of the
// words (合计, 两地合计) or starts with one that is not the beginning of a
// longer word (合计(万元), 小计：教育, total2023 — not 小计算器厂, 合计划外项目,
// TotalEnergies): a project's name may begin with a total word's
// characters.
func startsOrEnds(folded string, words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(folded, w) {
			return true
		}
		if rest, ok := strings.CutPrefix(folded, w); ok {
			if next, _ := utf8.DecodeRuneInString(rest); rest == "" || !unicode.IsLetter(next) {
				return true
			}
		}
	}
	return false
}

// isFooter reports whether a text opens a sign-off or note line: a
// footer word followed by a colon (填表人：张三, 注：…), in either width,
// maybe with a note between them (单位负责人（签字）：).
func (c *Catalog) isFooter(text string) bool {
	if !c.footers.May(text) {
		return false
	}
	folded := parse.Text(text)
	for _, w := range c.footWords {
		if rest, ok := strings.CutPrefix(folded, w); ok && strings.HasPrefix(signNote(rest), ":") {
			return true
		}
	}
	return false
}

// signNote cuts what may stand between a sign-off word and its colon: a
// note in brackets (单位负责人（签字）：) or 签字, 签名, 盖章 (审核人签字：).
func signNote(folded string) string {
	if strings.HasPrefix(folded, "(") {
		if end := strings.IndexByte(folded, ')'); end > 0 {
			folded = folded[end+1:]
		}
	}
	for _, w := range []string{"签字", "签名", "盖章"} {
		folded = strings.TrimPrefix(folded, w)
	}
	return folded
}

// foldAll folds every word with parse.Text.
func foldAll(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = parse.Text(w)
	}
	return out
}

// mayHaveUnit reports whether the value v may end with a unit name: false
// when its last byte before any trailing ASCII white space is ASCII and no
// folded unit name ends with it (v = "12345.67"), which spares the unit
// search of parse.SplitUnit for most number cells.
func (c *Catalog) mayHaveUnit(v string) bool {
	for i := len(v) - 1; i >= 0; i-- {
		switch b := v[i]; b {
		case ' ', '\t', '\n', '\v', '\f', '\r':
			continue
		default:
			return b >= 128 || c.unitEnds[b]
		}
	}
	return false
}
