package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// version is pairstat's version as the release build gives it (`git
// describe`, set with -ldflags "-X main.version=…" by scripts/dist.sh).
// It is a variable only because -X can set nothing else; nothing assigns
// it at run time.
var version string

// versions is what `pairstat version` prints, in this order; the JSON keys
// are the field tags.
type versions struct {
	Pairstat      string `json:"pairstat"`
	Go            string `json:"go"`
	DuckDB        string `json:"duckdb"`
	Excelize      string `json:"excelize"`
	CatalogSHA256 string `json:"catalog_sha256"`
}

func newVersionCmd(g *globals) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the versions of pairstat, Go, DuckDB and excelize, and the catalog's SHA-256",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" && format != "json" {
				return fmt.Errorf("--format must be text or json, not %q", format)
			}
			v, err := readVersions(cmd.Context(), g.catalog)
			if err != nil {
				return err
			}
			if format == "json" {
				enc := json.NewEncoder(g.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(v)
			}
			_, err = fmt.Fprintf(g.stdout, "pairstat        %s\ngo              %s\nduckdb          %s\nexcelize        %s\ncatalog sha256  %s\n",
				v.Pairstat, v.Go, v.DuckDB, v.Excelize, v.CatalogSHA256)
			return err
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// readVersions gathers the versions: the catalog's hash is of the file
// --catalog names, or of the embedded catalog.yaml.
func readVersions(ctx context.Context, catalog string) (versions, error) {
	v := versions{Pairstat: "devel", Go: runtime.Version(), Excelize: "unknown"}
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
		return versions{}, err
	}
	v.DuckDB = duck
	src, err := transform.CatalogSource(catalog)
	if err != nil {
		return versions{}, err
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
