//! Roster CSV files (SITE-FORMAT §3.3): what a spreadsheet exports, read
//! with Vietnamese or English headers, and the CSV download written back.

use std::path::Path;

use super::{bad_kind, clean, EntryKind, RawEntry, Roster};
use crate::diag::{Diagnostic, Location};
use crate::slug::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Ignored,
    Name,
    Kind,
    Position,
    Unit,
    Award,
    Achievement,
    Posthumous,
    Note,
}

/// Accepted headers, as the spec lists them.
const HEADERS: &[(Column, &[&str])] = &[
    (Column::Ignored, &["STT", "TT"]),
    (
        Column::Name,
        &[
            "Tên",
            "Họ và tên",
            "Họ tên",
            "Tên tập thể",
            "Tên tập thể, cá nhân",
            "name",
        ],
    ),
    (Column::Kind, &["Loại", "Đối tượng", "kind"]),
    (Column::Position, &["Chức vụ", "position"]),
    (Column::Unit, &["Đơn vị", "Đơn vị công tác", "unit"]),
    (
        Column::Award,
        &["Hình thức", "Hình thức khen thưởng", "Danh hiệu", "award"],
    ),
    (Column::Achievement, &["Thành tích", "Lý do", "achievement"]),
    (Column::Posthumous, &["Truy tặng", "posthumous"]),
    (Column::Note, &["Ghi chú", "note"]),
];

/// A header as compared: no case, no diacritics (đ → d), no spaces or punctuation.
fn header_key(s: &str) -> String {
    fold(s)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

fn column(header: &str) -> Option<Column> {
    if header.trim().is_empty() {
        return Some(Column::Ignored);
    }
    let key = header_key(header);
    HEADERS
        .iter()
        .find(|(_, names)| names.iter().any(|n| header_key(n) == key))
        .map(|(c, _)| *c)
}

fn accepted_names() -> String {
    HEADERS
        .iter()
        .flat_map(|(_, names)| names.iter().map(|n| format!("“{n}”")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `x`, `có`, `true`, `1` (any case, with or without marks) mean yes.
pub fn truthy(s: &str) -> bool {
    matches!(fold(s).trim(), "x" | "co" | "true" | "1")
}

/// The header row's fields split by `delim`, honouring quotes.
fn split_header(line: &str, delim: char) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c == delim && !quoted => fields.push(String::new()),
            c => fields.last_mut().expect("one field at least").push(c),
        }
    }
    fields
}

/// `,`, `;` or tab: the one that splits the header row into the most known
/// column names (then the most columns).
fn detect_delimiter(text: &str) -> u8 {
    let header = text.split('\n').next().unwrap_or("").trim_end_matches('\r');
    let score = |d: char| {
        let fields = split_header(header, d);
        let known = fields
            .iter()
            .filter(|h| !h.trim().is_empty() && column(h).is_some())
            .count();
        (known, fields.len())
    };
    let mut best = (b',', score(','));
    for (b, c) in [(b';', ';'), (b'\t', '\t')] {
        let s = score(c);
        if s > best.1 {
            best = (b, s);
        }
    }
    best.0
}

fn err(file: &Path, row: usize, vi: String, en: String) -> Diagnostic {
    Diagnostic::error(Location::at(file, row, 1), vi, en)
}

/// Parse a roster CSV (`file` is its path relative to the site root, for
/// messages). Every problem is returned, each at its row (the header is row 1).
pub(crate) fn parse(bytes: &[u8], file: &Path) -> Result<Vec<RawEntry>, Vec<Diagnostic>> {
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => crate::load::nfc(t.to_string()),
        Err(e) => {
            let row = row_of_byte(bytes, e.valid_up_to());
            return Err(vec![err(
                file,
                row,
                format!("tệp CSV không phải UTF-8 (lỗi ở hàng {row}); hãy lưu lại bảng tính với kiểu “CSV UTF-8” (trong Excel: Save As › CSV UTF-8)"),
                format!("the CSV file is not UTF-8 (at row {row}); save the spreadsheet again as “CSV UTF-8” (Excel: Save As › CSV UTF-8)"),
            )]);
        }
    };
    if let Some(at) = text.find('\0') {
        // UTF-16 saved without a byte order mark looks like this.
        let row = row_of_byte(text.as_bytes(), at);
        return Err(vec![err(
            file,
            row,
            format!("tệp CSV chứa ký tự NUL (ở hàng {row}), thường do lưu dạng UTF-16 (“Unicode Text”); hãy lưu lại với kiểu “CSV UTF-8”"),
            format!("the CSV file holds a NUL character (at row {row}), usually from saving as UTF-16 (“Unicode Text”); save it again as “CSV UTF-8”"),
        )]);
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(detect_delimiter(&text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let mut diags = Vec::new();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            return Err(vec![err(
                file,
                1,
                format!("không đọc được dòng tiêu đề: {e}"),
                format!("cannot read the header row: {e}"),
            )])
        }
        None => {
            return Err(vec![err(
                file,
                1,
                "tệp CSV trống: cần một dòng tiêu đề và các dòng danh sách".into(),
                "the CSV file is empty: it needs a header row and entry rows".into(),
            )])
        }
    };
    let mut columns = Vec::new();
    for h in header.iter() {
        match column(h) {
            Some(c) => {
                if c != Column::Ignored && columns.contains(&c) {
                    diags.push(err(
                        file,
                        1,
                        format!("cột “{}” bị lặp lại", h.trim()),
                        format!("column “{}” appears twice", h.trim()),
                    ));
                }
                columns.push(c);
            }
            None => {
                let names = accepted_names();
                diags.push(err(
                    file,
                    1,
                    format!(
                        "không nhận ra cột “{}”; các tên cột được chấp nhận: {names}",
                        h.trim()
                    ),
                    format!(
                        "unknown column “{}”; accepted column names: {names}",
                        h.trim()
                    ),
                ));
                columns.push(Column::Ignored);
            }
        }
    }
    for (c, vi, en) in [
        (
            Column::Name,
            "tên (“Họ và tên”, “Tên tập thể”, …)",
            "name (“Họ và tên”, “Tên”, …)",
        ),
        (
            Column::Kind,
            "loại (“Loại”, “Đối tượng”)",
            "kind (“Loại”, “Đối tượng”)",
        ),
    ] {
        if !columns.contains(&c) {
            diags.push(err(
                file,
                1,
                format!("thiếu cột {vi}"),
                format!("missing the {en} column"),
            ));
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let mut entries = Vec::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let row = e.position().map_or(0, |p| p.record() as usize + 1);
                diags.push(err(
                    file,
                    row,
                    format!("hàng {row} không đọc được: {e}"),
                    format!("row {row} cannot be read: {e}"),
                ));
                continue;
            }
        };
        let row = record.position().map_or(0, |p| p.record() as usize + 1);
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        if record
            .iter()
            .skip(columns.len())
            .any(|v| !v.trim().is_empty())
        {
            diags.push(err(
                file,
                row,
                format!(
                    "hàng {row} có nhiều cột hơn dòng tiêu đề ({} cột)",
                    columns.len()
                ),
                format!(
                    "row {row} has more columns than the header row ({})",
                    columns.len()
                ),
            ));
            continue;
        }
        if let Some(e) = read_row(&record, &columns, file, row, &mut diags) {
            entries.push(e);
        }
    }
    if diags.is_empty() {
        Ok(entries)
    } else {
        Err(diags)
    }
}

fn read_row(
    record: &::csv::StringRecord,
    columns: &[Column],
    file: &Path,
    row: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<RawEntry> {
    let get = |c: Column| {
        columns
            .iter()
            .position(|x| *x == c)
            .and_then(|i| record.get(i))
            .map(unneutralise)
            .and_then(clean)
    };
    let loc = Location::at(file, row, 1);
    let name = get(Column::Name);
    if name.is_none() {
        diags.push(err(
            file,
            row,
            format!("hàng {row}: thiếu tên"),
            format!("row {row}: the name is missing"),
        ));
    }
    let kind = match get(Column::Kind) {
        None => {
            diags.push(err(
                file,
                row,
                format!("hàng {row}: thiếu loại (tập thể, cá nhân hoặc hộ gia đình)"),
                format!("row {row}: the kind is missing (tập thể, cá nhân or hộ gia đình)"),
            ));
            None
        }
        Some(k) => {
            let kind = EntryKind::parse(&k);
            if kind.is_none() {
                let (vi, en) = bad_kind(&k);
                diags.push(err(
                    file,
                    row,
                    format!("hàng {row}: {vi}"),
                    format!("row {row}: {en}"),
                ));
            }
            kind
        }
    };
    Some(RawEntry {
        name: name?,
        kind: kind?,
        position: get(Column::Position),
        unit: get(Column::Unit),
        award: get(Column::Award),
        posthumous: get(Column::Posthumous).is_some_and(|v| truthy(&v)),
        achievement: get(Column::Achievement),
        note: get(Column::Note),
        loc: loc.clone(),
        unit_loc: loc,
    })
}

/// The row (header = 1) holding byte `offset`, for encoding errors.
fn row_of_byte(bytes: &[u8], offset: usize) -> usize {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut row = 0;
    let mut record = ::csv::ByteRecord::new();
    while let Ok(true) = reader.read_byte_record(&mut record) {
        match record.position() {
            Some(p) if (p.byte() as usize) <= offset => row = p.record() as usize + 1,
            _ => break,
        }
    }
    row.max(1)
}

/// The roster as a CSV download: UTF-8 with a byte order mark (so
/// spreadsheets open it right), CRLF line ends, a Vietnamese header row that
/// §3.3 reads back, quoted where needed. `unit_name` gives an entry's unit as
/// shown on the page.
pub fn write(roster: &Roster, unit_name: impl Fn(&super::Entry) -> Option<String>) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut out);
        let header = [
            "STT",
            "Tên tập thể, cá nhân",
            "Loại",
            "Chức vụ",
            "Đơn vị",
            "Hình thức khen thưởng",
            "Thành tích",
            "Truy tặng",
            "Ghi chú",
        ];
        let _ = w.write_record(header);
        for (i, e) in roster.entries.iter().enumerate() {
            let achievement = e
                .achievement
                .as_deref()
                .or(roster.reason.as_deref())
                .unwrap_or("");
            let record = [
                (i + 1).to_string(),
                e.name.clone(),
                e.kind.label().to_string(),
                e.position.clone().unwrap_or_default(),
                unit_name(e).unwrap_or_default(),
                e.award.clone(),
                achievement.to_string(),
                if e.posthumous {
                    "x".to_string()
                } else {
                    String::new()
                },
                e.note.clone().unwrap_or_default(),
            ];
            let _ = w.write_record(record.iter().map(|s| neutralise(&s.replace("\r\n", "\n"))));
        }
        let _ = w.flush();
    }
    out
}

/// Cells a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR
/// first: "CSV injection") get a leading `'`, which spreadsheets show as text.
fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// [`neutralise`] undone when a download is read back as an `entries_file`.
fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests;
