//! Emulation blocks and clusters (`data/blocks.yaml`): members and each
//! year's head and deputy, all unit ids checked against the units.

use super::{check_id, item_fields, list_items, opt, parse_list, required, unknown_unit, Lookup};
use crate::diag::{Diagnostic, Location};
use crate::fields::Fields;
use crate::yaml;
use std::collections::HashMap;
use std::path::Path;

const BLOCK_KEYS: &[&str] = &["id", "name", "kind", "members", "terms"];
const TERM_KEYS: &[&str] = &["year", "head", "deputy"];

/// An emulation block or cluster (khối / cụm thi đua).
#[derive(Debug, Clone, Default)]
pub struct Block {
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
    /// Unit ids, in file order (checked).
    pub members: Vec<String>,
    pub terms: Vec<Term>,
}

/// One year's head (trưởng khối) and deputy (phó khối), as unit ids.
#[derive(Debug, Clone, Default)]
pub struct Term {
    pub year: i64,
    pub head: Option<String>,
    pub deputy: Option<String>,
}

/// Parse the blocks file's text; unit ids are checked against `lookup`, and
/// block ids are added to it.
pub fn parse_blocks(src: &str, file: &Path, lookup: &mut Lookup) -> (Vec<Block>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let value = match parse_list(src, file, "data/blocks.yaml", "data/blocks.yaml") {
        Ok(v) => v,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let mut blocks: Vec<Block> = Vec::new();
    let mut id_lines: HashMap<String, usize> = HashMap::new();
    for (text, offset) in list_items(src, &[], 0, &value) {
        let Some(mut f) = item_fields(&text, file, offset, &mut diags) else {
            continue;
        };
        f.deny_unknown(BLOCK_KEYS, "một khối thi đua", "a block");
        let id = required(&mut f, "id");
        let name = required(&mut f, "name");
        let kind = opt(&mut f, "kind");
        let members = read_members(&mut f, &text, offset, lookup);
        let terms = read_terms(&mut f, &text, offset, lookup);
        let ok_id = id.as_deref().is_some_and(|id| check_id(&mut f, id));
        if let (true, Some(id), Some(name)) = (ok_id, id, name) {
            let line = f.loc(&["id"]).line;
            if let Some(first) = id_lines.get(&id) {
                f.error(
                    &["id"],
                    format!("mã khối `{id}` đã dùng ở dòng {first}"),
                    format!("block id `{id}` is already used on line {first}"),
                );
            } else {
                id_lines.insert(id.clone(), line);
                lookup.blocks.insert(id.clone(), blocks.len());
                blocks.push(Block {
                    id,
                    name,
                    kind,
                    members,
                    terms,
                });
            }
        }
        diags.extend(f.diags);
    }
    (blocks, diags)
}

fn read_members(f: &mut Fields, text: &str, offset: usize, lookup: &Lookup) -> Vec<String> {
    let members = f.text_list("members");
    let lines = yaml::sequence_items(text, &["members"]);
    let mut out = Vec::new();
    for (i, m) in members.into_iter().enumerate() {
        let m = m.trim().to_string();
        if lookup.unit(&m).is_none() {
            let loc = match lines.get(i) {
                Some(item) => Location::at(f.file(), offset + item.line, 1),
                None => f.loc(&["members"]),
            };
            f.diags.push(unknown_unit(loc, &m));
            continue;
        }
        if !out.contains(&m) {
            out.push(m);
        }
    }
    out
}

fn read_terms(f: &mut Fields, text: &str, offset: usize, lookup: &Lookup) -> Vec<Term> {
    let Some(value) = f.raw("terms").cloned() else {
        return Vec::new();
    };
    if !value.is_array() {
        f.error(
            &["terms"],
            "`terms` phải là danh sách `{year, head, deputy}`",
            "`terms` must be a list of `{year, head, deputy}`",
        );
        return Vec::new();
    }
    let file = f.file().to_path_buf();
    let mut terms = Vec::new();
    for (item, item_offset) in list_items(text, &["terms"], offset, &value) {
        let Some(mut t) = item_fields(&item, &file, item_offset, &mut f.diags) else {
            continue;
        };
        t.deny_unknown(TERM_KEYS, "một nhiệm kỳ của khối", "a block term");
        let year = match t.raw("year").cloned() {
            Some(v) => match v
                .as_i64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
            {
                Some(y) => Some(y),
                None => {
                    t.error(
                        &["year"],
                        "`year` phải là một năm, ví dụ 2024",
                        "`year` must be a year, e.g. 2024",
                    );
                    None
                }
            },
            None => {
                t.error(
                    &["year"],
                    "thiếu khóa bắt buộc `year`",
                    "missing required key `year`",
                );
                None
            }
        };
        let role = |t: &mut Fields, key: &str| -> Option<String> {
            let id = opt(t, key)?;
            if lookup.unit(&id).is_none() {
                let loc = t.loc(&[key]);
                t.diags.push(unknown_unit(loc, &id));
                return None;
            }
            Some(id)
        };
        let head = role(&mut t, "head");
        let deputy = role(&mut t, "deputy");
        if let Some(year) = year {
            terms.push(Term { year, head, deputy });
        }
        f.diags.extend(t.diags);
    }
    terms.sort_by_key(|t| std::cmp::Reverse(t.year));
    terms
}
