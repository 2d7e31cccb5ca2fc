-- export_sources: every loaded source file, for the 数据来源 (sources)
-- sheet of exports.
-- Output columns: path, sha256, size, rows.
-- size is in bytes; rows counts the spreadsheet rows loaded from the file.
SELECT path, sha256, size, coalesce(rows, 0) AS rows
FROM sources
WHERE status = 'loaded'
ORDER BY path, id;
