// Package pipeline is the pipeline: it takes the files of an inbox into
// the database. It owns inbox discovery (which files are read, which are
// special and skipped, the name each file is known by: its path relative
// to the inbox, with slashes), settling (a file is read only once it has
// been still for QuietPeriod), hashing (a file's SHA-256 is its content's
// identity), the read → convert → store flow — workbooks read and
// converted by several workers at once, stored in file order by one
// writer — and the watching of an inbox.
//
// It prints nothing: what it does is reported through Events (and
// WatchEvents), which the command renders as messages, in either
// language, and as a progress bar. Which problems reject a workbook is the
// caller's too (Options.Problems, Options.ReadFailure). The database is
// behind Store, the methods of *queries.DB that a load calls.
//
// # Words
//
// One word per step, here and in the packages it drives:
//   - read: open a file and read its sheets and cells — package ingest,
//     the reader (an ingest.Workbook is a file open for reading);
//   - convert: turn a workbook read into tables of facts — package
//     transform (Catalog.Stream, Catalog.Workbook);
//   - store: write one converted workbook's rows, or its rejection, into
//     the database — the Store (queries; its LoadAll and BeginLoad store);
//   - load: all of it for a list of files, in order, each file in its own
//     transaction — Load, with its Summary and Events. A watcher (Watch)
//     loads whatever settles in the inbox, one load at a time; Check does
//     the read and convert of one file, as a load would, and stores
//     nothing.
//
// "Ingest" names only the reader package and the `pairstat ingest`
// command, which finds and settles the files under its paths and loads
// them.
package pipeline
