-- export_sources: every loaded source file, for the 数据来源 (sources)
-- sheet of exports.
-- Output columns: path, sha256, size, rows, warnings.
-- size is in bytes; rows counts the spreadsheet rows loaded from the file;
-- warnings lists its failed cross-checks and assumed units in Chinese, one
-- per line ("工作表「帮扶资金」D9：…"), NULL when none.
SELECT path, sha256, size, coalesce(rows, 0) AS rows,
       (SELECT string_agg('工作表「' || w.sheet || '」' || coalesce(w.cell, '') || '：' || w.message_zh, chr(10)
                          ORDER BY w.sheet, w.cell)
        FROM warnings w WHERE w.source_id = s.id) AS warnings
FROM sources s
WHERE status = 'loaded'
ORDER BY path, id;
