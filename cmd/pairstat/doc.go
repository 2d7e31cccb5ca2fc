// Command pairstat turns the Excel workbooks of two paired regions into
// exact yearly indicator totals. See the README for its commands.
//
// # Words
//
// The command package keeps flags, options and printing; the work is
// done by the stages, the words statisticians read by package messages and
// the tables for people by package export. One word per concept:
//   - `pairstat ingest` is the command that loads the files under its
//     paths (newIngestCmd); "ingest" names nothing else here, the reader
//     package ingest aside;
//   - a load is one pass of the pipeline over a list of files: read
//     (package ingest), convert (transform), store (queries) —
//     pipeline.Load, started by loadPaths for `ingest` and `run` and by
//     the watcher, rendered by loadView;
//   - check reads and converts, as a load would, and stores nothing
//     (pipeline.Options.Check).
//
// Every command's work function takes a context.Context and the options
// (globals, with the output streams), never the cobra command: only RunE
// touches cobra. Do takes the context; main makes it, with the process's
// one signal handler.
package main
