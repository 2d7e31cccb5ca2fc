package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// Exit statuses (SPEC §5).
const (
	exitOK       = 0
	exitFailure  = 1
	exitRejected = 3
)

// lockWait is how long a command waits for another pairstat process (a
// watcher loading a file, say) to release the database.
const lockWait = 60 * time.Second

// errRejected ends a command that finished with at least one input rejected.
var errRejected = errors.New("at least one input was rejected")

// globals are the options every command shares.
type globals struct {
	db      string
	catalog string
	lang    string
	jobs    int  // workbooks read at once; 0: one per CPU
	strict  bool // a workbook with a warning is rejected
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
}

// Do runs pairstat with args until ctx ends and returns its exit status. It
// builds a fresh command tree per call, so the whole CLI can run inside a
// test.
func Do(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	g := &globals{stdin: stdin, stdout: stdout, stderr: stderr}
	root := newRoot(g)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	return exitStatus(err, stderr)
}

// exitStatus maps an error to SPEC §5's exit statuses, printing it.
func exitStatus(err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errRejected):
		return exitRejected
	case errors.Is(err, context.Canceled):
		// Ctrl-C or SIGTERM (systemctl stop) before the command finished:
		// each workbook is one transaction, so a load stopped midway left
		// nothing of its workbook behind.
		fmt.Fprintln(stderr, "pairstat: interrupted before the end; what was loaded stays loaded, the next run loads the rest")
		return exitFailure
	default:
		fmt.Fprintf(stderr, "pairstat: %v\n", err)
		return exitFailure
	}
}

func newRoot(g *globals) *cobra.Command {
	root := &cobra.Command{
		Use:           "pairstat",
		Short:         "Exact yearly indicator totals from the workbooks of two paired regions",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	db := os.Getenv("PAIRSTAT_DB")
	if db == "" {
		db = "pairstat.duckdb"
	}
	root.PersistentFlags().StringVar(&g.db, "db", db, "database file (env PAIRSTAT_DB)")
	root.PersistentFlags().StringVar(&g.catalog, "catalog", "", "catalog file replacing the embedded one")
	root.PersistentFlags().StringVar(&g.lang, "lang", defaultLang(), "language of names and messages: zh or en")
	root.PersistentFlags().IntVar(&g.jobs, "jobs", 0, "workbooks read at once (default: one per CPU)")
	root.PersistentFlags().BoolVar(&g.strict, "strict", false, "reject a workbook that fails a cross-check (审核) or has a unit assumed, instead of loading it with a warning")
	root.AddCommand(newRunCmd(g), newIngestCmd(g), newTotalsCmd(g), newTargetsCmd(g), newQueryCmd(g), newCheckCmd(g), newTraceCmd(g), newWatchCmd(g), newExportCmd(g), newCellsCmd(g), newServeCmd(g), newVersionCmd(g))
	return root
}

// defaultLang is zh when the locale is Chinese, en otherwise.
func defaultLang() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := os.Getenv(v); l != "" {
			if strings.HasPrefix(l, "zh") {
				return "zh"
			}
			return "en"
		}
	}
	return "en"
}

// loadCatalog checks --lang and loads the catalog.
func (g *globals) loadCatalog() (*transform.Catalog, error) {
	if g.lang != "zh" && g.lang != "en" {
		return nil, fmt.Errorf("--lang must be zh or en, not %q", g.lang)
	}
	return transform.LoadCatalog(g.catalog)
}

// openDB opens the database, waiting while another process holds it. A
// writable database gets the catalog's indicators.
func (g *globals) openDB(ctx context.Context, readOnly bool, cat *transform.Catalog) (*queries.DB, error) {
	if _, err := os.Stat(g.db); readOnly && err != nil {
		return nil, fmt.Errorf("no database at %s: run `pairstat ingest INBOX` first (or pass --db)", g.db)
	}
	db, err := queries.OpenWait(ctx, g.db, readOnly, lockWait)
	if err != nil {
		return nil, err
	}
	if err := db.SyncCatalog(ctx, cat); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// withDB loads the catalog and opens the database for fn, closing it after.
func (g *globals) withDB(ctx context.Context, readOnly bool, fn func(*transform.Catalog, *queries.DB) error) error {
	cat, err := g.loadCatalog()
	if err != nil {
		return err
	}
	db, err := g.openDB(ctx, readOnly, cat)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(cat, db)
}
