// Package messages words what pairstat tells statisticians, in Chinese
// and English: a problem with its file, sheet, cell, value and fix; a
// cross-check warning; why a file found in an inbox is not read; the line
// that ends a load; what `check` found in each table. The command line
// and the web page print the same words.
//
// The problems' causes are worded in Chinese here (Localize) before they
// are stored, so that a rejection read later shows in either language.
package messages
