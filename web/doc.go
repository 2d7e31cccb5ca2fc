// Package web owns `pairstat serve`'s web page: the statisticians' window
// on the inbox and the database (SPEC §6), in Chinese by default.
//
// Pages are rendered by the server with html/template (templates/); the
// style sheet, the icon and the one script are embedded (assets/), so the
// page works with no internet; charts are SVG drawn by the server
// (chart.go), styled by class. The words of the pages are in text.json,
// [English, Chinese] per key; indicator and region names come from the
// catalog. The language of a request: ?lang=zh|en (the switch link of
// every page, remembered in a cookie), then Options.Lang (--lang), then
// Accept-Language, then zh.
//
// Routes (GET unless said):
//
//	/               文件 files: every source record and every inbox file waiting to settle
//	/totals         汇总 totals by year and region, grouped by area, charts, year-on-year change,
//	                under each total with a target the target and its completion
//	/trace          the cells behind one total (?year=&indicator=&region=)
//	/targets        目标完成 targets, actuals and completion (linked once targets exist)
//	/upload         上传 the upload form; drop files anywhere on it
//	/upload/outcome the upload page's list item of one inbox file (?path=): its status, problems, warnings
//	/downloads      下载 every export (the targets' once there are); /download/{name} writes one
//	/api/totals     as `pairstat totals --format json` (?year=&region=&indicator=)
//	/api/targets    as `pairstat targets --format json` (?year=&region=&indicator=)
//	/api/sources    every file: path, status, rows, size, time, problems, warnings
//	/api/trace      as `pairstat trace --format json`
//	/api/events     server-sent events: "change" after each load or upload
//	POST /api/upload  multipart field file (and region): {file, path, archived, unchanged}
//
// A region or an indicator of a filter is named as the commands' flags
// name it (a code, a name or an alias), resolved by queries.Filter.Resolve;
// an unknown one is 400, and so is a query that cannot be parsed whole (a
// ';', a bad %-escape) or that gives a filter twice.
//
// The database is read through Reader, its read methods only: the
// watcher (Options.Watch) is the one writer. No SQL is accepted from the
// browser.
//
// Safety: every response carries a Content-Security-Policy without inline
// scripts or styles, X-Content-Type-Options, Referrer-Policy and
// frame-ancestors none, and every one but the embedded assets
// Cache-Control: no-store; every POST needs the header X-Pairstat-Token
// (compared in constant time); off loopback every request needs the token
// (the header, or ?token= once, which sets an HttpOnly SameSite=Strict
// cookie); on loopback a Host that is not this machine is refused (DNS
// rebinding). Uploads are limited to Options.MaxUpload bytes, keep their
// base name only, refuse hidden, lock and non-workbook names and names
// that are not UTF-8, hold control or format characters (Unicode Cf:
// bidirectional controls, zero-width characters, BOM) or are longer than
// 255 bytes, and land atomically (a
// temporary file in INBOX/.upload, synced, renamed). An upload named as a
// file already at the inbox's top or in one of its region folders is a
// corrected version of it: with other content the earlier file first
// moves to INBOX/.archive/<UTC time>/<its path>, and the upload takes its
// place; a region chosen must be that place's (409 otherwise, as for a
// name in more than one of those places). Hidden folders are
// never read by the pipeline. Every file
// operation of an upload goes through an os.Root of the inbox, and a
// folder on its way that is a symbolic link is refused (409). The token is
// printed at start only when the server made it.
//
// Stable ids for browser tests: #nav-files, #nav-totals, #nav-targets,
// #nav-upload, #nav-downloads, #lang-switch; #files-table with a row per
// file (tr[data-status][data-path]) and its problems in details.problems
// (table.problems-table); #totals-table, with a row per indicator and
// region (tr[data-indicator][data-region]) and a cell per year
// (td[data-year], its a.total opening the trace, and div.target with
// data-target and data-completion where the total has a target),
// #totals-targets (once targets exist); #trace-table, #trace-counted; #targets-table;
// #upload-form, #upload-file, #upload-region, #upload-submit and
// #upload-results (an li per upload, data-path and data-status: sending,
// waiting, loaded, rejected, …; once read, its details.problems and
// details.warnings as on the files page); #downloads with a#download-<file name>.
package web
