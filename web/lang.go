package web

import (
	_ "embed" // text.json
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// textJSON words the pages: key → [English, Chinese].
//
//go:embed text.json
var textJSON []byte

// texts are the pages' words, read from text.json by New.
type texts map[string][2]string

func loadTexts() (texts, error) {
	var t texts
	if err := json.Unmarshal(textJSON, &t); err != nil {
		return nil, fmt.Errorf("web: text.json: %w", err)
	}
	return t, nil
}

// in words key in lang; a missing key shows as itself, so that a test sees it.
func (t texts) in(lang, key string) string {
	w, ok := t[key]
	if !ok {
		return key
	}
	if lang == "zh" {
		return w[1]
	}
	return w[0]
}

// lang is the language of a request: ?lang= (the page's switch), then the
// language the visitor switched to (its cookie), then --lang, then the
// browser's Accept-Language; Chinese by default.
func (s *Server) lang(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == "zh" || l == "en" {
		return l
	}
	if l := cookieValue(r, langCookie); l == "zh" || l == "en" {
		return l
	}
	if s.opts.Lang != "" {
		return s.opts.Lang
	}
	return acceptLanguage(r.Header.Get("Accept-Language"))
}

// acceptLanguage picks zh or en from an Accept-Language header: the
// preferred of the two (by q, then order), zh when it names neither.
func acceptLanguage(header string) string {
	type choice struct {
		lang string
		q    float64
		pos  int
	}
	var choices []choice
	for i, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag = strings.ToLower(strings.TrimSpace(tag))
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		for _, l := range []string{"zh", "en"} {
			if q > 0 && (tag == l || strings.HasPrefix(tag, l+"-")) {
				choices = append(choices, choice{l, q, i})
			}
		}
	}
	if len(choices) == 0 {
		return "zh"
	}
	sort.SliceStable(choices, func(i, j int) bool { return choices[i].q > choices[j].q })
	return choices[0].lang
}
