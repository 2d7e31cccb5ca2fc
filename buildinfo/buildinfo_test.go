package buildinfo_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/pairstat/pairstat/buildinfo"
)

func TestRead(t *testing.T) {
	v, err := buildinfo.Read(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	if v.Go != runtime.Version() || !strings.HasPrefix(v.DuckDB, "v") || v.Pairstat == "" {
		t.Errorf("versions: %+v", v)
	}
	// --catalog FILE: the hash is the file's.
	path := filepath.Join(t.TempDir(), "catalog.yaml")
	src, err := os.ReadFile("../transform/catalog.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src = append(src, "\n# a local change\n"...)
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := buildinfo.Read(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(src)
	if w.CatalogSHA256 != hex.EncodeToString(sum[:]) || w.CatalogSHA256 == v.CatalogSHA256 {
		t.Errorf("catalog hash %s for %s (embedded: %s)", w.CatalogSHA256, path, v.CatalogSHA256)
	}
}
