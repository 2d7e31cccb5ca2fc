package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/pairstat/pairstat/pipeline"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
	"github.com/pairstat/pairstat/web"
)

// serveOptions are the flags of `pairstat serve`.
type serveOptions struct {
	addr  string
	token string
}

func newServeCmd(g *globals) *cobra.Command {
	var o serveOptions
	cmd := &cobra.Command{
		Use:   "serve [INBOX]",
		Short: "Serve the web page of the inbox and the database (files, totals, targets, upload, downloads), watching INBOX",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, err := g.loadCatalog()
			if err != nil {
				return err
			}
			inbox := ""
			if len(args) == 1 {
				inbox = args[0]
				if info, err := os.Stat(inbox); err != nil || !info.IsDir() {
					return fmt.Errorf("the inbox %s is not a folder", inbox)
				}
			}
			// One handle for the whole process: the watcher loads through
			// it, the pages read through it (web.Reader has no writes).
			db, err := g.openDB(cmd.Context(), inbox == "", cat)
			if err != nil {
				return err
			}
			defer db.Close()
			opts := web.Options{DB: db, Catalog: cat, Inbox: inbox, DBFile: g.db, Addr: o.addr, Token: o.token, Log: g.stderr}
			if cmd.Flags().Changed("lang") {
				opts.Lang = g.lang
			}
			if inbox != "" {
				opts.Watch = func(ctx context.Context, changed func()) error {
					return serveWatch(ctx, cat, db, inbox, changed, g)
				}
			}
			return web.Serve(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&o.addr, "addr", web.DefaultAddr, "address to listen on (HOST:PORT); off loopback every request needs the token")
	cmd.Flags().StringVar(&o.token, "token", "", "the token of uploads (default: a random one, printed at start)")
	return cmd
}

// serveWatch watches inbox as `pairstat watch` does, loading through the
// server's database and telling the page after each load.
func serveWatch(ctx context.Context, cat *transform.Catalog, db *queries.DB, inbox string, changed func(), g *globals) error {
	w := pipeline.Watch{Inbox: inbox, DB: g.db, Events: watchView{g}}
	w.Load = func(ctx context.Context, files []pipeline.File, loaded func(pipeline.Summary)) error {
		return loadWatched(ctx, cat, db, files, func(sum pipeline.Summary) {
			loaded(sum)
			changed()
		}, g)
	}
	return w.Run(ctx)
}
