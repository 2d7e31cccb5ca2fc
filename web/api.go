package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/pairstat/pairstat/export"
	"github.com/pairstat/pairstat/queries"
)

// apiTotals writes the totals as `pairstat totals --format json` does,
// narrowed by ?year=, ?region= and ?indicator= when given (see filter).
func (s *Server) apiTotals(w http.ResponseWriter, r *http.Request) error {
	f, err := s.filter(r)
	if err != nil {
		return err
	}
	totals, err := s.opts.DB.Totals(r.Context(), f)
	if err != nil {
		return err
	}
	setJSON(w)
	return export.WriteTotalsJSON(w, totals)
}

// apiTargets writes the targets with their actuals as `pairstat targets
// --format json` does, narrowed by ?year=, ?region= and ?indicator= when
// given (see filter).
func (s *Server) apiTargets(w http.ResponseWriter, r *http.Request) error {
	f, err := s.filter(r)
	if err != nil {
		return err
	}
	targets, err := s.opts.DB.Targets(r.Context(), f.List())
	if err != nil {
		return err
	}
	setJSON(w)
	return export.WriteTargetsJSON(w, targets)
}

// apiSources writes every file with its status, problems and warnings in
// the request's language.
func (s *Server) apiSources(w http.ResponseWriter, r *http.Request) error {
	files, err := s.sources(r.Context(), s.lang(r))
	if err != nil {
		return err
	}
	setJSON(w)
	return writeJSON(w, files)
}

// apiTrace writes the cells behind a total as `pairstat trace --format
// json` does.
func (s *Server) apiTrace(w http.ResponseWriter, r *http.Request) error {
	_, rows, err := s.trace(r)
	if err != nil {
		return err
	}
	setJSON(w)
	return export.WriteTraceJSON(w, rows)
}

// trace reads the cells behind the total ?year=, ?indicator= (both
// required) and ?region= name.
func (s *Server) trace(r *http.Request) (queries.Filter, []queries.TraceRow, error) {
	f, err := s.filter(r)
	if err != nil {
		return f, nil, err
	}
	if f.Year == 0 || f.Indicator == "" {
		return f, nil, errorZh(http.StatusBadRequest, "year and indicator are required", "必须给出年度（year）和指标（indicator）")
	}
	rows, err := s.opts.DB.Trace(r.Context(), f.Year, f.Indicator, f.Region)
	return f, rows, err
}

// filter reads ?year=, ?region= and ?indicator=: a year, and a region and
// an indicator named as the commands' flags name them (a code, a name or
// an alias; region all), resolved to codes by queries.Filter.Resolve. A
// query that cannot be read whole (a ';', a bad %-escape: net/url drops
// such a pair) or that gives a filter twice is refused, never read as
// narrower or wider than it was written.
func (s *Server) filter(r *http.Request) (queries.Filter, error) {
	var f queries.Filter
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return f, errorZh(http.StatusBadRequest, "the query %q is malformed: separate the filters with & (write ; as %%3B and %% as %%25)",
			"查询 %q 格式有误：各筛选条件之间用 & 分隔（分号写作 %%3B，百分号写作 %%25）", r.URL.RawQuery)
	}
	for _, name := range []string{"year", "region", "indicator"} {
		if n := len(q[name]); n > 1 {
			return f, errorZh(http.StatusBadRequest, "%s is given %d times: give it once", "%s 出现了 %d 次：只能给出一次", name, n)
		}
	}
	if y := q.Get("year"); y != "" {
		year, err := strconv.Atoi(y)
		if err != nil || year < 1 {
			return f, errorZh(http.StatusBadRequest, "year %q is not a year", "%q 不是年份", y)
		}
		f.Year = year
	}
	f.Region, f.Indicator = q.Get("region"), q.Get("indicator")
	f, err = f.Resolve(s.opts.Catalog)
	if err != nil {
		return f, errorf(http.StatusBadRequest, "%v", err)
	}
	return f, nil
}

// writeJSON writes v indented, as the CLI writes its JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// jsonType is the Content-Type of JSON: the API's answers and the .json
// downloads.
const jsonType = "application/json; charset=utf-8"

func setJSON(w http.ResponseWriter) {
	w.Header().Set("Content-Type", jsonType)
}
