package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestVersion checks `pairstat version --format json`: exactly its keys,
// in order, the Go and library versions, and the catalog's SHA-256, of the
// embedded catalog.yaml and of a --catalog file.
func TestVersion(t *testing.T) {
	embedded, err := os.ReadFile(filepath.Join("..", "..", "transform", "catalog.yaml"))
	must(t, err)
	local := append(slices.Clone(embedded), "# a local copy\n"...)
	other := filepath.Join(t.TempDir(), "catalog.yaml")
	writeFile(t, other, local)

	for _, c := range []struct {
		name string
		args []string
		text []byte
	}{
		{"embedded", nil, embedded},
		{"--catalog", []string{"--catalog", other}, local},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := pairstatDo(t, exitOK, append([]string{"version", "--format", "json"}, c.args...)...).stdout
			dec := json.NewDecoder(strings.NewReader(out))
			var keys []string
			must(t, walkKeys(dec, &keys))
			if want := []string{"pairstat", "go", "duckdb", "excelize", "catalog_sha256"}; !slices.Equal(keys, want) {
				t.Errorf("keys %v, want %v", keys, want)
			}
			var v map[string]string
			must(t, json.Unmarshal([]byte(out), &v))
			sum := sha256.Sum256(c.text)
			for key, want := range map[string]string{
				"pairstat":       "devel", // a test binary has neither -X nor vcs information
				"go":             runtime.Version(),
				"catalog_sha256": hex.EncodeToString(sum[:]),
			} {
				if v[key] != want {
					t.Errorf("%s %q, want %q", key, v[key], want)
				}
			}
			for key, pattern := range map[string]string{
				"duckdb":   `^v\d+\.\d+\.\d+`,
				"excelize": `^v2\.\d+\.\d+`,
			} {
				if !regexp.MustCompile(pattern).MatchString(v[key]) {
					t.Errorf("%s %q does not match %s", key, v[key], pattern)
				}
			}
		})
	}

	text := pairstatDo(t, exitOK, "version").stdout
	if !strings.HasPrefix(text, "pairstat        devel\ngo              "+runtime.Version()+"\n") {
		t.Errorf("version prints:\n%s", text)
	}
	if r := pairstatDo(t, exitFailure, "version", "--format", "csv"); !strings.Contains(r.stderr, "--format must be text or json") {
		t.Errorf("version --format csv says:\n%s", r.stderr)
	}
}

// walkKeys reads one JSON object of strings and appends its keys in order.
func walkKeys(dec *json.Decoder, keys *[]string) error {
	if _, err := dec.Token(); err != nil { // {
		return err
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return err
		}
		*keys = append(*keys, key.(string))
		if _, err := dec.Token(); err != nil { // the value
			return err
		}
	}
	return nil
}
