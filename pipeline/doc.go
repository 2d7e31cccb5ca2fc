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
// caller's too (Options.Problems, Options.ReadFailure).
package pipeline
