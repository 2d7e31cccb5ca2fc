// Package hostile writes hostile .xlsx files for pairstat's tests:
// decompression bombs, sheets with millions of rows or cells, shared-string
// bombs, XML with document type declarations, zip members with unsafe
// names. Every file is generated, never stored: a part of gigabytes is
// written as a short compressed stream that repeats one compressed chunk,
// so even a 4 GiB sheet takes a few megabytes and a fraction of a second to
// write.
//
// Cases lists the hostile inputs that ingest and the command line are
// tested against; Write and Workbook build other archives.
package hostile
