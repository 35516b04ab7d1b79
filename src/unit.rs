//! Units and emulation blocks (SITE-FORMAT §3.4): `data/units.yaml` and
//! `data/blocks.yaml`, both optional. Every problem is reported with the line
//! of the item or key at fault.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::fields::Fields;
use crate::yaml;

mod block;
pub use block::{parse_blocks, Block, Term};

pub const UNITS_FILE: &str = "data/units.yaml";
pub const BLOCKS_FILE: &str = "data/blocks.yaml";
const UNIT_KEYS: &[&str] = &["id", "name", "short", "aliases", "parent", "kind"];

/// An agency, locality or enterprise (đơn vị).
#[derive(Debug, Clone, Default)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub short: Option<String>,
    pub aliases: Vec<String>,
    /// A unit id (checked).
    pub parent: Option<String>,
    pub kind: Option<String>,
}

/// Lookups by unit id, by unit id / name / alias (matching key), by block id.
#[derive(Debug, Default)]
pub struct Lookup {
    by_id: HashMap<String, usize>,
    by_key: HashMap<String, usize>,
    blocks: HashMap<String, usize>,
}

impl Lookup {
    pub fn unit(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }
    pub fn block(&self, id: &str) -> Option<usize> {
        self.blocks.get(id).copied()
    }
    /// The unit whose id, name or an alias equals `text` after NFC, case
    /// folding and collapsing whitespace.
    pub fn find(&self, text: &str) -> Option<usize> {
        self.by_id
            .get(text.trim())
            .or_else(|| self.by_key.get(&match_key(text)))
            .copied()
    }
}

/// What `data/` holds.
#[derive(Debug, Default)]
pub struct Registry {
    pub units: Vec<Unit>,
    pub blocks: Vec<Block>,
    pub lookup: Lookup,
}

/// Text as compared for unit matching: NFC, lower case, whitespace collapsed.
pub fn match_key(text: &str) -> String {
    let lower: String = text.nfc().flat_map(char::to_lowercase).collect();
    let collapsed = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.nfc().collect()
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Read `data/units.yaml` and `data/blocks.yaml` under `root` (each optional).
pub fn load(root: &Path, diags: &Diagnostics) -> Registry {
    let mut reg = Registry::default();
    let read = |rel: &str| -> Option<String> {
        let path = root.join(rel);
        if !path.is_file() {
            return None;
        }
        crate::load::read_text(root, &path)
            .map_err(|d| diags.push(d))
            .ok()
    };
    if let Some(src) = read(UNITS_FILE) {
        let (units, lookup, ds) = parse_units(&src, Path::new(UNITS_FILE));
        diags.extend(ds);
        reg.units = units;
        reg.lookup = lookup;
    }
    if let Some(src) = read(BLOCKS_FILE) {
        let (blocks, ds) = parse_blocks(&src, Path::new(BLOCKS_FILE), &mut reg.lookup);
        diags.extend(ds);
        reg.blocks = blocks;
    }
    reg
}

/// The items of the YAML list at `path` of `src` (top level when empty), each
/// as its own [`Fields`] source text with its line offset (`base` is the
/// offset of `src` itself).
pub(crate) fn list_items(
    src: &str,
    path: &[&str],
    base: usize,
    value: &Value,
) -> Vec<(String, usize)> {
    let Value::Array(items) = value else {
        return Vec::new();
    };
    let located = yaml::sequence_items(src, path);
    if located.len() == items.len() {
        located
            .into_iter()
            .map(|i| (i.text, base + i.line - 1))
            .collect()
    } else {
        // Flow style: every key points at the list's own line.
        let line = if path.is_empty() {
            base
        } else {
            yaml::key_location(src, path).map_or(base, |(l, _)| base + l - 1)
        };
        items
            .iter()
            .map(|v| (serde_json::to_string(v).unwrap_or_default(), line))
            .collect()
    }
}

pub(crate) fn parse_list(
    src: &str,
    file: &Path,
    what_vi: &str,
    what_en: &str,
) -> Result<Value, Diagnostic> {
    match yaml::parse(src) {
        Ok(Value::Object(m)) if m.is_empty() => Ok(Value::Array(Vec::new())),
        Ok(v @ Value::Array(_)) => Ok(v),
        Ok(Value::Null) => Ok(Value::Array(Vec::new())),
        Ok(_) => Err(Diagnostic::error(
            Location::at(file, 1, 1),
            format!("{what_vi} phải là một danh sách (mỗi mục bắt đầu bằng `- `)"),
            format!("{what_en} must be a list (each item starting with `- `)"),
        )),
        Err(e) => Err(Diagnostic::error(
            Location::at(file, e.line, e.col),
            format!("YAML không hợp lệ: {}", e.message),
            format!("invalid YAML: {}", e.message),
        )),
    }
}

/// An item as [`Fields`]; a non-mapping item is reported at its line.
pub(crate) fn item_fields<'a>(
    text: &'a str,
    file: &'a Path,
    offset: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<Fields<'a>> {
    match Fields::parse(text, file, offset) {
        Ok(f) => Some(f),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// A required key of a list item: missing or empty is reported at the item.
pub(crate) fn required(f: &mut Fields, key: &str) -> Option<String> {
    match f.text(key) {
        Some(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(_) => {
            f.error(
                &[key],
                format!("`{key}` không được để trống"),
                format!("`{key}` must not be empty"),
            );
            None
        }
        None => {
            if !f.contains(key) {
                f.error(
                    &[key],
                    format!("thiếu khóa bắt buộc `{key}`"),
                    format!("missing required key `{key}`"),
                );
            }
            None
        }
    }
}

pub(crate) fn opt(f: &mut Fields, key: &str) -> Option<String> {
    f.text(key)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

pub(crate) fn check_id(f: &mut Fields, id: &str) -> bool {
    if valid_id(id) {
        return true;
    }
    f.error(
        &["id"],
        format!("mã `{id}` không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang (a-z, 0-9, -)"),
        format!("invalid id `{id}`: use lower-case letters without marks, digits and hyphens (a-z, 0-9, -)"),
    );
    false
}

/// Parse the units file's text.
pub fn parse_units(src: &str, file: &Path) -> (Vec<Unit>, Lookup, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut lookup = Lookup::default();
    let value = match parse_list(src, file, "data/units.yaml", "data/units.yaml") {
        Ok(v) => v,
        Err(d) => return (Vec::new(), lookup, vec![d]),
    };
    let mut units: Vec<Unit> = Vec::new();
    let mut parents: Vec<(usize, String, Location)> = Vec::new();
    let mut id_lines: HashMap<String, usize> = HashMap::new();
    for (text, offset) in list_items(src, &[], 0, &value) {
        let Some(mut f) = item_fields(&text, file, offset, &mut diags) else {
            continue;
        };
        f.deny_unknown(UNIT_KEYS, "một đơn vị", "a unit");
        let id = required(&mut f, "id");
        let name = required(&mut f, "name");
        let unit = Unit {
            id: id.clone().unwrap_or_default(),
            name: name.clone().unwrap_or_default(),
            short: opt(&mut f, "short"),
            aliases: f
                .text_list("aliases")
                .into_iter()
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty())
                .collect(),
            parent: opt(&mut f, "parent"),
            kind: opt(&mut f, "kind"),
        };
        let ok_id = id.as_deref().is_some_and(|id| check_id(&mut f, id));
        if ok_id {
            let line = f.loc(&["id"]).line;
            if let Some(first) = id_lines.get(&unit.id) {
                f.error(
                    &["id"],
                    format!("mã đơn vị `{}` đã dùng ở dòng {first}", unit.id),
                    format!("unit id `{}` is already used on line {first}", unit.id),
                );
            } else if name.is_some() {
                id_lines.insert(unit.id.clone(), line);
                if let Some(p) = &unit.parent {
                    parents.push((units.len(), p.clone(), f.loc(&["parent"])));
                }
                lookup.by_id.insert(unit.id.clone(), units.len());
                units.push(unit);
            }
        }
        diags.extend(f.diags);
    }
    for (i, parent, loc) in parents {
        if parent == units[i].id {
            diags.push(Diagnostic::error(
                loc,
                "đơn vị không thể trực thuộc chính nó",
                "a unit cannot be its own parent",
            ));
        } else if lookup.unit(&parent).is_none() {
            diags.push(unknown_unit(loc, &parent));
        }
    }
    // Matching keys: ids first, then names, then aliases; the first unit wins.
    let mut owners: HashMap<String, usize> = HashMap::new();
    let keys = |u: &Unit| -> Vec<String> {
        let mut v = vec![match_key(&u.id), match_key(&u.name)];
        v.extend(u.aliases.iter().map(|a| match_key(a)));
        v.dedup();
        v
    };
    for (i, u) in units.iter().enumerate() {
        for key in keys(u) {
            match owners.get(&key) {
                Some(&other) if other != i => {
                    let line = id_lines.get(&u.id).copied().unwrap_or(1);
                    diags.push(Diagnostic::warning(
                        Location::at(file, line, 1),
                        format!("tên `{key}` của đơn vị `{}` trùng với đơn vị `{}`; tên này sẽ chỉ đơn vị `{}`", u.id, units[other].id, units[other].id),
                        format!("the name `{key}` of unit `{}` is also a name of unit `{}`; it will refer to `{}`", u.id, units[other].id, units[other].id),
                    ));
                }
                Some(_) => {}
                None => {
                    owners.insert(key, i);
                }
            }
        }
    }
    lookup.by_key = owners;
    (units, lookup, diags)
}

pub(crate) fn unknown_unit(loc: Location, id: &str) -> Diagnostic {
    Diagnostic::error(
        loc,
        format!("không có đơn vị nào có mã `{id}` trong {UNITS_FILE}"),
        format!("no unit with id `{id}` in {UNITS_FILE}"),
    )
}

#[cfg(test)]
mod tests;
