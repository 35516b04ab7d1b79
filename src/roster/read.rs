//! Reading a roster's nested keys: `decision`, `consultation`, inline
//! `entries` and `entries_file`, each problem at its line.

use std::path::{Component, Path, PathBuf};

use chrono::FixedOffset;
use serde_json::Value;

use super::{bad_kind, csv, opt, Consultation, Decision, EntryKind, RawEntry, Source, Status};
use crate::diag::{Diagnostic, Location};
use crate::fields::Fields;
use crate::frontmatter::read_date;
use crate::unit::{list_items, required};

const DECISION_KEYS: &[&str] = &["number", "date", "issuer", "signer", "file"];
const CONSULTATION_KEYS: &[&str] = &["from", "until", "contact"];
const ENTRY_KEYS: &[&str] = &[
    "name",
    "kind",
    "position",
    "unit",
    "award",
    "posthumous",
    "achievement",
    "note",
];

/// `name` beside the page file: `content/a/x.md` + `ds.csv` → `content/a/ds.csv`.
pub(super) fn beside(page_file: &Path, name: &str) -> PathBuf {
    page_file.parent().unwrap_or(Path::new("")).join(name)
}

fn sub_text(
    f: &mut Fields,
    map: &serde_json::Map<String, Value>,
    parent: &str,
    key: &str,
) -> Option<String> {
    match map.get(key)? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Null => None,
        _ => {
            f.error(
                &[parent, key],
                format!("`{parent}.{key}` phải là một chuỗi văn bản"),
                format!("`{parent}.{key}` must be a text value"),
            );
            None
        }
    }
}

fn sub_map(
    f: &mut Fields,
    key: &str,
    keys: &[&str],
    shape: &str,
) -> Option<serde_json::Map<String, Value>> {
    let value = f.raw(key).cloned()?;
    let Value::Object(map) = value else {
        f.error(
            &[key],
            format!("`{key}` phải có dạng {shape}"),
            format!("`{key}` must be a mapping {shape}"),
        );
        return None;
    };
    for k in map.keys() {
        if !keys.contains(&k.as_str()) {
            let (hvi, hen) = crate::diag::hint(k, keys);
            f.error(
                &[key, k],
                format!("khóa `{k}` không được dùng trong `{key}`{hvi}"),
                format!("unknown key `{k}` in `{key}`{hen}"),
            );
        }
    }
    Some(map)
}

fn sub_required(
    f: &mut Fields,
    map: &serde_json::Map<String, Value>,
    parent: &str,
    key: &str,
    why_vi: &str,
    why_en: &str,
) {
    if map
        .get(key)
        .is_none_or(|v| v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()))
    {
        let path: &[&str] = if map.contains_key(key) {
            &[parent, key]
        } else {
            &[parent]
        };
        f.error(
            path,
            format!("thiếu `{parent}.{key}` {why_vi}"),
            format!("missing `{parent}.{key}` {why_en}"),
        );
    }
}

pub(super) fn read_decision(f: &mut Fields, status: Status, tz: FixedOffset) -> Option<Decision> {
    let decided = status == Status::Decided;
    if decided && !f.contains("decision") {
        f.missing("decision");
        if let Some(d) = f.diags.last_mut() {
            d.vi.push_str(" (danh sách đã quyết định cần số, ngày và cơ quan, người quyết định)");
            d.en.push_str(" (a decided roster needs the decision's number, date and issuer)");
        }
        return None;
    }
    let map = sub_map(
        f,
        "decision",
        DECISION_KEYS,
        "{number, date, issuer, signer, file}",
    )?;
    if decided {
        for key in ["number", "date", "issuer"] {
            sub_required(
                f,
                &map,
                "decision",
                key,
                "(bắt buộc khi `status: decided`)",
                "(required when `status: decided`)",
            );
        }
    }
    Some(Decision {
        number: sub_text(f, &map, "decision", "number"),
        date: read_date(f, &["decision", "date"], map.get("date"), tz),
        issuer: sub_text(f, &map, "decision", "issuer"),
        signer: sub_text(f, &map, "decision", "signer"),
        file: sub_text(f, &map, "decision", "file"),
    })
}

pub(super) fn read_consultation(
    f: &mut Fields,
    status: Status,
    tz: FixedOffset,
) -> Option<Consultation> {
    if status == Status::Proposed && !f.contains("consultation") {
        f.missing("consultation");
        if let Some(d) = f.diags.last_mut() {
            d.vi.push_str(" (danh sách lấy ý kiến nhân dân cần `{from, until, contact}`)");
            d.en.push_str(" (a proposed roster needs `{from, until, contact}`)");
        }
        return None;
    }
    let map = sub_map(
        f,
        "consultation",
        CONSULTATION_KEYS,
        "{from, until, contact}",
    )?;
    for key in ["from", "until"] {
        sub_required(
            f,
            &map,
            "consultation",
            key,
            "(thời gian lấy ý kiến)",
            "(the comment period)",
        );
    }
    let from = read_date(f, &["consultation", "from"], map.get("from"), tz);
    let until = read_date(f, &["consultation", "until"], map.get("until"), tz);
    let contact = sub_text(f, &map, "consultation", "contact");
    if contact.is_none() && status == Status::Proposed {
        f.warning(
            &["consultation"],
            "thiếu `consultation.contact`: người đọc cần biết gửi ý kiến về đâu",
            "missing `consultation.contact`: readers need to know where to send comments",
        );
    }
    let (from, until) = (from?, until?);
    if until.date_naive() < from.with_timezone(until.offset()).date_naive() {
        f.error(
            &["consultation", "until"],
            "`consultation.until` trước `consultation.from`",
            "`consultation.until` is before `consultation.from`",
        );
    }
    Some(Consultation {
        from,
        until,
        contact,
    })
}

pub(super) fn read_entries(f: &mut Fields, src: &Source) -> Option<Vec<RawEntry>> {
    let value = f.raw("entries").cloned()?;
    let Value::Array(items) = &value else {
        f.error(
            &["entries"],
            "`entries` phải là danh sách `{name, kind, …}`",
            "`entries` must be a list of `{name, kind, …}`",
        );
        return None;
    };
    let mut out = Vec::new();
    for (i, (text, offset)) in list_items(src.front, &["entries"], src.offset, &value)
        .into_iter()
        .enumerate()
    {
        let mut e = match Fields::parse(&text, src.file, offset) {
            Ok(e) if items[i].is_object() => e,
            _ => {
                f.diags.push(Diagnostic::error(
                    Location::at(src.file, offset + 1, 1),
                    "mỗi mục của `entries` phải có dạng `{name, kind, …}`",
                    "each item of `entries` must be a mapping `{name, kind, …}`",
                ));
                continue;
            }
        };
        e.deny_unknown(ENTRY_KEYS, "một mục của danh sách", "a roster entry");
        let name = required(&mut e, "name");
        let kind = required(&mut e, "kind").and_then(|k| {
            let kind = EntryKind::parse(&k);
            if kind.is_none() {
                let (vi, en) = bad_kind(&k);
                e.error(&["kind"], vi, en);
            }
            kind
        });
        let posthumous = match e.raw("posthumous").cloned() {
            None => false,
            Some(Value::Bool(b)) => b,
            Some(Value::String(s)) => csv::truthy(&s),
            Some(Value::Number(n)) => n.as_i64() == Some(1),
            Some(_) => {
                e.error(
                    &["posthumous"],
                    "`posthumous` phải là true hoặc false",
                    "`posthumous` must be true or false",
                );
                false
            }
        };
        let item_loc = Location::at(src.file, offset + 1, 1);
        let unit_loc = if e.contains("unit") {
            e.loc(&["unit"])
        } else {
            item_loc.clone()
        };
        let raw = RawEntry {
            position: opt(&mut e, "position"),
            unit: opt(&mut e, "unit"),
            award: opt(&mut e, "award"),
            posthumous,
            achievement: opt(&mut e, "achievement"),
            note: opt(&mut e, "note"),
            loc: item_loc,
            unit_loc,
            name: name.unwrap_or_default(),
            kind: kind.unwrap_or(EntryKind::Individual),
        };
        let ok = !e.diags.iter().any(Diagnostic::is_error);
        f.diags.extend(e.diags);
        if ok {
            out.push(raw);
        }
    }
    if items.is_empty() {
        f.warning(
            &["entries"],
            "danh sách `entries` trống",
            "the `entries` list is empty",
        );
    }
    Some(out)
}

pub(super) fn read_file(f: &mut Fields, src: &Source) -> Option<Vec<RawEntry>> {
    let name = f.text("entries_file")?.trim().to_string();
    let escapes = Path::new(&name)
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    if name.is_empty() || escapes {
        f.error(
            &["entries_file"],
            format!("`entries_file` phải là tên một tệp CSV đặt bên cạnh trang (không dùng `/` đầu hay `..`), không phải `{name}`"),
            format!("`entries_file` must name a CSV file beside the page (no leading `/`, no `..`), not `{name}`"),
        );
        return None;
    }
    let rel = beside(src.file, &name);
    let path = src.root.join(&rel);
    // Like the content walker, never follow a link: it could lead out of the site.
    let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
    let inside = match (
        std::fs::canonicalize(&path),
        std::fs::canonicalize(src.root),
    ) {
        (Ok(p), Ok(r)) => p.starts_with(r),
        _ => true, // a missing file is reported by the read below
    };
    if is_link || !inside {
        f.error(
            &["entries_file"],
            format!("`entries_file` `{name}` là liên kết tượng trưng (symlink) hoặc nằm ngoài thư mục trang: loa chỉ đọc tệp thật trong trang"),
            format!("`entries_file` `{name}` is a symbolic link or lies outside the site: loa reads only real files inside the site"),
        );
        return None;
    }
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            f.error(
                &["entries_file"],
                format!("không đọc được tệp danh sách `{}`: {e}", rel.display()),
                format!("cannot read the entries file `{}`: {e}", rel.display()),
            );
            return None;
        }
    };
    match csv::parse(&bytes, &rel) {
        Ok(entries) => Some(entries),
        Err(ds) => {
            f.diags.extend(ds);
            None
        }
    }
}
