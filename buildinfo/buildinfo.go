package buildinfo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"runtime"
	"runtime/debug"

	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// version is pairstat's version as the release build gives it (`git
// describe`, set with -ldflags "-X github.com/pairstat/pairstat/buildinfo.version=…" by scripts/dist.sh).
// It is a variable only because -X can set nothing else; nothing assigns
// it at run time.
var version string

// Versions is what a pairstat binary is built from, in the order `pairstat
// version` prints it; the JSON keys are the field tags.
type Versions struct {
	Pairstat      string `json:"pairstat"`
	Go            string `json:"go"`
	DuckDB        string `json:"duckdb"`
	Excelize      string `json:"excelize"`
	CatalogSHA256 string `json:"catalog_sha256"`
}

// Read gathers the versions: the catalog's hash is of the file
// --catalog names, or of the embedded catalog.yaml.
func Read(ctx context.Context, catalog string) (Versions, error) {
	v := Versions{Pairstat: "devel", Go: runtime.Version(), Excelize: "unknown"}
	info, ok := debug.ReadBuildInfo()
	if ok {
		v.Pairstat = buildVersion(info)
		for _, dep := range info.Deps {
			if dep.Path == "github.com/xuri/excelize/v2" {
				v.Excelize = dep.Version
			}
		}
	}
	if version != "" {
		v.Pairstat = version
	}
	duck, err := duckDBVersion(ctx)
	if err != nil {
		return Versions{}, err
	}
	v.DuckDB = duck
	src, err := transform.CatalogSource(catalog)
	if err != nil {
		return Versions{}, err
	}
	sum := sha256.Sum256(src)
	v.CatalogSHA256 = hex.EncodeToString(sum[:])
	return v, nil
}

// buildVersion is the commit go build recorded (with -buildvcs, the
// default in a checkout), "+dirty" when the tree had changes; "devel"
// without one.
func buildVersion(info *debug.BuildInfo) string {
	rev, modified := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	switch {
	case rev == "":
		return "devel"
	case modified:
		return rev + "+dirty"
	default:
		return rev
	}
}

// duckDBVersion asks the linked DuckDB library its version, on a database
// in memory.
func duckDBVersion(ctx context.Context) (string, error) {
	db, err := queries.Open(ctx, "", false)
	if err != nil {
		return "", err
	}
	defer db.Close()
	return db.EngineVersion(ctx)
}
