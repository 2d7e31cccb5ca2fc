package web

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/pairstat/pairstat/export"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// templates are the pages: layout.html around one page file each.
//
//go:embed templates
var templates embed.FS

// pageNames are the page templates, one file each in templates/.
const pageNames = "files totals trace targets upload downloads"

// page is what every page template gets: the layout's data and the
// page's own.
type page struct {
	Lang, Other string // the page's language, and the other one
	Switch      string // this page's address in the other language
	Token       string
	Current     string // the page's name, for the navigation
	HasTargets  bool
	Inbox       string
	Data        any
	words       texts
}

// T words a key in the page's language.
func (p page) T(key string) string { return p.words.in(p.Lang, key) }

// fileView is one file of the inbox on a page: what the template
// file-details (parts.html) shows of it, the problems and warnings tables
// of the files page and of an upload's outcome.
type fileView struct {
	page
	sourceFile
}

// File is f on the page p.
func (p page) File(f sourceFile) fileView { return fileView{p, f} }

// parsePages parses the layout and the shared parts with each page.
func parsePages() (map[string]*template.Template, error) {
	layout, err := template.ParseFS(templates, "templates/layout.html", "templates/parts.html")
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	out := map[string]*template.Template{}
	for _, name := range strings.Fields(pageNames) {
		t, err := template.Must(layout.Clone()).ParseFS(templates, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: %w", err)
		}
		out[name] = t
	}
	return out, nil
}

// render writes a page in the request's language.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, data any) error {
	return s.renderPart(w, r, name, "layout", data)
}

// renderPart writes the template part of the page name in the request's
// language: "layout" for the whole page, or a fragment the script puts
// into it.
func (s *Server) renderPart(w http.ResponseWriter, r *http.Request, name, part string, data any) error {
	lang := s.lang(r)
	if l := r.URL.Query().Get("lang"); l == "zh" || l == "en" {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	}
	hasTargets, err := s.hasTargets(r.Context())
	if err != nil {
		return err
	}
	other := "en"
	if lang == "en" {
		other = "zh"
	}
	q := r.URL.Query()
	q.Set("lang", other)
	u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	p := page{Lang: lang, Other: other, Switch: u.String(), Token: s.opts.Token, Current: name,
		HasTargets: hasTargets, Inbox: s.opts.Inbox, Data: data, words: s.words}
	var b bytes.Buffer // a page that fails halfway is an error page, not half a page
	if err := s.pages[name].ExecuteTemplate(&b, part, p); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, err = b.WriteTo(w)
	return err
}

// pageFiles shows every file of the inbox.
func (s *Server) pageFiles(w http.ResponseWriter, r *http.Request) error {
	files, err := s.sources(r.Context(), s.lang(r))
	if err != nil {
		return err
	}
	return s.render(w, r, "files", files)
}

// totalsRow is one indicator and region of the totals page: a cell per
// year.
type totalsRow struct {
	Indicator, Name, Region, RegionName, Unit string
	Cells                                     []totalsCell
}

// totalsCell is one total (Value "" where the year has none).
type totalsCell struct {
	Year          int
	Value, Change string
	Partial       bool
	Trace         string     // the address of its trace page
	Target        *targetRow // the total's target and completion; nil without one
}

// totalsArea is one area (领域) of the totals page.
type totalsArea struct {
	Name   string
	Rows   []totalsRow
	Charts []template.HTML
}

type totalsData struct {
	Years   []int
	Columns int // of the table: indicator, region, unit and the years
	Areas   []totalsArea
}

// pageTotals shows the totals by year and region, grouped by area, with a
// chart per indicator, and under each total that has a target the target
// and its completion (the rows of the targets page).
func (s *Server) pageTotals(w http.ResponseWriter, r *http.Request) error {
	lang := s.lang(r)
	totals, err := s.opts.DB.Totals(r.Context(), queries.Filter{})
	if err != nil {
		return err
	}
	targets, err := s.targetRows(r.Context(), lang)
	if err != nil {
		return err
	}
	targetOf := map[string]*targetRow{}
	for i, t := range targets {
		targetOf[key(t.Year, t.Region, t.Indicator)] = &targets[i]
	}
	cat := s.opts.Catalog
	var data totalsData
	byKey := map[string]queries.Total{}
	for _, t := range totals {
		if !slices.Contains(data.Years, t.Year) {
			data.Years = append(data.Years, t.Year)
		}
		byKey[key(t.Year, t.Region, t.Indicator)] = t
	}
	slices.Sort(data.Years)
	data.Columns = 3 + len(data.Years)
	regions := []string{}
	for _, reg := range cat.Regions {
		regions = append(regions, reg.Code)
	}
	for _, ind := range cat.Indicators {
		var rows []totalsRow
		for _, reg := range append(slices.Clone(regions), transform.RegionAll) {
			row := totalsRow{Indicator: ind.Code, Name: cat.IndicatorName(ind.Code, lang), Region: reg,
				RegionName: cat.RegionName(reg, lang), Unit: ind.Unit}
			has := false
			for _, y := range data.Years {
				c := totalsCell{Year: y}
				if t, ok := byKey[key(y, reg, ind.Code)]; ok {
					has, row.Unit = true, t.Unit
					c.Value, c.Partial = export.Thousands(t.Value), t.Partial
					c.Trace = traceURL(y, ind.Code, reg, lang)
					c.Target = targetOf[key(y, reg, ind.Code)]
					if before, ok := byKey[key(y-1, reg, ind.Code)]; ok {
						c.Change = export.YearOnYear(before.Value, t.Value)
					}
				}
				row.Cells = append(row.Cells, c)
			}
			if has {
				rows = append(rows, row)
			}
		}
		if len(rows) == 0 {
			continue
		}
		if area := cat.AreaName(ind.Area, lang); len(data.Areas) == 0 || data.Areas[len(data.Areas)-1].Name != area {
			data.Areas = append(data.Areas, totalsArea{Name: area})
		}
		area := &data.Areas[len(data.Areas)-1]
		area.Rows = append(area.Rows, rows...)
		area.Charts = append(area.Charts, s.totalsChart(ind, regions, data.Years, byKey, lang))
	}
	return s.render(w, r, "totals", data)
}

func key(year int, region, indicator string) string {
	return strconv.Itoa(year) + "/" + region + "/" + indicator
}

// traceURL is the trace page of a total.
func traceURL(year int, indicator, region, lang string) string {
	q := url.Values{"year": {strconv.Itoa(year)}, "indicator": {indicator}, "region": {region}, "lang": {lang}}
	return "/trace?" + q.Encode()
}

// traceRow is one traced cell, for the page.
type traceRow struct {
	queries.TraceRow
	RegionName string
	Shown      string // the value with thousands separators
}

type traceData struct {
	Year                   int
	Name, RegionName, Unit string
	Rows                   []traceRow
	Counted                string // "counted cells: n rows, sum s"
	Back                   string
}

// pageTrace shows the cells behind a total and the rows left out of it.
func (s *Server) pageTrace(w http.ResponseWriter, r *http.Request) error {
	lang := s.lang(r)
	f, rows, err := s.trace(r)
	if err != nil {
		return err
	}
	cat := s.opts.Catalog
	region := f.Region
	if region == "" {
		region = transform.RegionAll
	}
	ind, _ := cat.Indicator(f.Indicator)
	data := traceData{Year: f.Year, Name: cat.IndicatorName(f.Indicator, lang), RegionName: cat.RegionName(region, lang),
		Unit: ind.Unit, Back: "/totals?lang=" + lang}
	sum, n := decimal.Zero, 0
	for _, row := range rows {
		if row.Label == f.Indicator {
			row.Label = data.Name // a figure's or target's label is its indicator: named, not coded
		}
		data.Rows = append(data.Rows, traceRow{row, cat.RegionName(row.Region, lang), export.Thousands(row.Value)})
		if row.Status == queries.TraceStatusCounted {
			v, err := decimal.NewFromString(row.Value)
			if err != nil {
				return fmt.Errorf("trace value %q: %w", row.Value, err)
			}
			sum, n = sum.Add(v), n+1
		}
	}
	data.Counted = fmt.Sprintf(s.words.in(lang, "trace.counted"), n, export.Thousands(sum.String()))
	return s.render(w, r, "trace", data)
}

// targetRow is one target, for the page.
type targetRow struct {
	queries.Target
	Name, RegionName   string
	Shown, ShownActual string
	Percent            string // the completion as a percentage, exact
}

type targetsData struct {
	Rows  []targetRow
	Chart template.HTML
}

// targetRows reads every target with its actual and completion (as
// /api/targets does) and words them in lang: the rows of the targets page
// and of the totals page's targets.
func (s *Server) targetRows(ctx context.Context, lang string) ([]targetRow, error) {
	targets, err := s.opts.DB.Targets(ctx, queries.ExportFilter{})
	if err != nil {
		return nil, err
	}
	cat := s.opts.Catalog
	rows := make([]targetRow, 0, len(targets))
	for _, t := range targets {
		row := targetRow{Target: t, Name: cat.IndicatorName(t.Indicator, lang), RegionName: cat.RegionName(t.Region, lang),
			Shown: export.Thousands(t.Target), ShownActual: export.Thousands(t.Actual)}
		if row.Percent, err = export.Percent(t.Completion); err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// pageTargets shows the targets, their actuals and completion.
func (s *Server) pageTargets(w http.ResponseWriter, r *http.Request) error {
	rows, err := s.targetRows(r.Context(), s.lang(r))
	if err != nil {
		return err
	}
	return s.render(w, r, "targets", targetsData{Rows: rows, Chart: s.completionChart(rows)})
}

type uploadData struct {
	Regions []transform.Region
}

// pageUpload shows the upload form.
func (s *Server) pageUpload(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "upload", uploadData{Regions: s.opts.Catalog.Regions})
}

// uploadOutcome writes what became of the inbox file ?path= (an upload):
// the upload page's list item for it, with its status and, as on the
// files page, its problems and warnings in the request's language; the
// status is waiting until the watcher has read it. 404 for a path the
// inbox and the database do not know.
func (s *Server) uploadOutcome(w http.ResponseWriter, r *http.Request) error {
	want := r.URL.Query().Get("path")
	files, err := s.sources(r.Context(), s.lang(r))
	if err != nil {
		return err
	}
	var found *sourceFile
	for i := range files { // the newest record, or the file waiting, is the last
		if files[i].Path == want {
			found = &files[i]
		}
	}
	if found == nil {
		return errorZh(http.StatusNotFound, "%q is not a file of the inbox", "%q 不是收件箱中的文件", want)
	}
	return s.renderPart(w, r, "upload", "outcome", *found)
}
