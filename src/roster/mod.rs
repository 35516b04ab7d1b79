//! Award rosters (danh sách khen thưởng, SITE-FORMAT §3.2–3.3): the front
//! matter of a page of a `rosters` section, its entries inline or from a CSV
//! file beside the page, read and checked.

pub mod csv;
mod read;

use std::path::{Path, PathBuf};

use chrono::FixedOffset;

use crate::date::Date;
use crate::diag::{Diagnostic, Location};
use crate::fields::Fields;
use crate::slug::fold;

/// The name of a roster's CSV download, published beside the page.
pub const CSV_NAME: &str = "danh-sach.csv";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Decided,
    Proposed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Decided => "decided",
            Status::Proposed => "proposed",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Status::Decided => "Đã có quyết định",
            Status::Proposed => "Lấy ý kiến nhân dân",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Collective,
    Individual,
    Household,
}

impl EntryKind {
    pub const ALL: [EntryKind; 3] = [
        EntryKind::Collective,
        EntryKind::Individual,
        EntryKind::Household,
    ];

    /// `collective|individual|household`, or `tập thể|cá nhân|hộ gia đình`,
    /// ignoring case, diacritics and spacing.
    pub fn parse(s: &str) -> Option<EntryKind> {
        let key: String = fold(s).split_whitespace().collect::<Vec<_>>().join(" ");
        match key.as_str() {
            "collective" | "tap the" => Some(EntryKind::Collective),
            "individual" | "ca nhan" => Some(EntryKind::Individual),
            "household" | "ho gia dinh" => Some(EntryKind::Household),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Collective => "collective",
            EntryKind::Individual => "individual",
            EntryKind::Household => "household",
        }
    }
    /// "Tập thể", "Cá nhân", "Hộ gia đình"
    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Collective => "Tập thể",
            EntryKind::Individual => "Cá nhân",
            EntryKind::Household => "Hộ gia đình",
        }
    }
    fn counted(self) -> &'static str {
        match self {
            EntryKind::Collective => "tập thể",
            EntryKind::Individual => "cá nhân",
            EntryKind::Household => "hộ gia đình",
        }
    }
}

pub(crate) fn bad_kind(kind: &str) -> (String, String) {
    (
        format!("loại `{kind}` không hợp lệ; dùng `tập thể`, `cá nhân` hoặc `hộ gia đình` (collective, individual, household)"),
        format!("invalid kind `{kind}`; use `collective`, `individual` or `household` (tập thể, cá nhân, hộ gia đình)"),
    )
}

#[derive(Debug, Clone, Default)]
pub struct Decision {
    /// Printed exactly as written ("163/QĐ-UBND").
    pub number: Option<String>,
    pub date: Option<Date>,
    pub issuer: Option<String>,
    pub signer: Option<String>,
    pub file: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Consultation {
    pub from: Date,
    pub until: Date,
    pub contact: Option<String>,
}

/// One recipient, in the decision's order.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub kind: EntryKind,
    pub position: Option<String>,
    /// As written: a unit id or free text.
    pub unit: Option<String>,
    /// The entry's award, else the roster's.
    pub award: String,
    pub posthumous: bool,
    /// The entry's own achievement (the roster's `reason` is not copied in).
    pub achievement: Option<String>,
    pub note: Option<String>,
    /// Where `unit` is written (YAML line or CSV row), for warnings.
    pub unit_loc: Location,
    /// Index of the unit `unit` names, set by the model.
    pub unit_ref: Option<usize>,
    /// Index of the unit a collective entry's name names, set by the model.
    pub name_ref: Option<usize>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub collective: usize,
    pub individual: usize,
    pub household: usize,
    pub total: usize,
}

impl Counts {
    pub fn of(entries: &[Entry]) -> Counts {
        let mut c = Counts {
            total: entries.len(),
            ..Counts::default()
        };
        for e in entries {
            match e.kind {
                EntryKind::Collective => c.collective += 1,
                EntryKind::Individual => c.individual += 1,
                EntryKind::Household => c.household += 1,
            }
        }
        c
    }

    /// Zero-padded as decisions write them: "03 tập thể, 02 cá nhân".
    pub fn text(&self) -> String {
        let n = [self.collective, self.individual, self.household];
        EntryKind::ALL
            .iter()
            .zip(n)
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{n:02} {}", k.counted()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[derive(Debug, Clone)]
pub struct Roster {
    pub status: Status,
    pub decision: Option<Decision>,
    pub consultation: Option<Consultation>,
    pub award: Option<String>,
    pub reason: Option<String>,
    pub period: Option<String>,
    /// A campaign slug, resolved by the model.
    pub campaign: Option<String>,
    /// A block id, resolved by the model.
    pub block: Option<String>,
    pub entries: Vec<Entry>,
    /// The CSV file, relative to the site root, when entries come from one.
    pub entries_file: Option<PathBuf>,
    pub counts: Counts,
}

/// An entry as read, before the roster's defaults apply.
#[derive(Debug)]
pub(crate) struct RawEntry {
    pub name: String,
    pub kind: EntryKind,
    pub position: Option<String>,
    pub unit: Option<String>,
    pub award: Option<String>,
    pub posthumous: bool,
    pub achievement: Option<String>,
    pub note: Option<String>,
    /// The item's line or the CSV row.
    pub loc: Location,
    pub unit_loc: Location,
}

/// What a page's front matter is read against.
pub struct Source<'a> {
    pub root: &'a Path,
    /// The page's `.md` file, relative to the root.
    pub file: &'a Path,
    pub front: &'a str,
    pub offset: usize,
    pub tz: FixedOffset,
}

pub(crate) fn opt(f: &mut Fields, key: &str) -> Option<String> {
    f.text(key)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

pub(crate) fn clean(s: &str) -> Option<String> {
    let s = s.replace("\r\n", "\n");
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

impl Roster {
    /// Read the roster keys of a page's front matter. Every problem is in
    /// `f.diags`; the roster is returned anyway (without the entries at
    /// fault), so its references can be checked too.
    pub fn read(f: &mut Fields, src: &Source) -> Roster {
        let status = match f.text("status").as_deref().map(str::trim) {
            None | Some("decided") => Status::Decided,
            Some("proposed") => Status::Proposed,
            Some(other) => {
                f.error(
                    &["status"],
                    format!("trạng thái `{other}` không hợp lệ; dùng `decided` (đã quyết định) hoặc `proposed` (lấy ý kiến nhân dân)"),
                    format!("invalid status `{other}`; use `decided` or `proposed`"),
                );
                Status::Decided
            }
        };
        let decision = read::read_decision(f, status, src.tz);
        let consultation = read::read_consultation(f, status, src.tz);
        let award = opt(f, "award");
        let raw = match (f.contains("entries"), f.contains("entries_file")) {
            (true, false) => read::read_entries(f, src),
            (false, true) => read::read_file(f, src),
            (true, true) => {
                f.error(
                    &["entries_file"],
                    "chỉ dùng một trong hai: `entries` (danh sách trong trang) hoặc `entries_file` (tệp CSV)",
                    "use only one of `entries` (inline list) and `entries_file` (CSV file)",
                );
                None
            }
            (false, false) => {
                f.missing("entries");
                if let Some(d) = f.diags.last_mut() {
                    d.vi.push_str(" (hoặc `entries_file`: tệp CSV bên cạnh trang)");
                    d.en.push_str(" (or `entries_file`: a CSV file beside the page)");
                }
                None
            }
        };
        let entries_file = f
            .text("entries_file")
            .map(|p| read::beside(src.file, p.trim()));
        let mut entries = Vec::new();
        for e in raw.unwrap_or_default() {
            let Some(entry_award) = e.award.or_else(|| award.clone()) else {
                f.diags.push(Diagnostic::error(
                    e.loc,
                    format!("`{}` chưa có hình thức khen thưởng: ghi `award` cho mục này hoặc cho cả danh sách", e.name),
                    format!("`{}` has no award: set `award` on the entry or on the roster", e.name),
                ));
                continue;
            };
            entries.push(Entry {
                name: e.name,
                kind: e.kind,
                position: e.position,
                unit: e.unit,
                award: entry_award,
                posthumous: e.posthumous,
                achievement: e.achievement,
                note: e.note,
                unit_loc: e.unit_loc,
                unit_ref: None,
                name_ref: None,
            });
        }
        Roster {
            status,
            decision,
            consultation,
            award,
            reason: opt(f, "reason"),
            period: opt(f, "period"),
            campaign: opt(f, "campaign"),
            block: opt(f, "block"),
            counts: Counts::of(&entries),
            entries,
            entries_file,
        }
    }

    /// `date` when the page has none: the decision's date (`consultation.from` when proposed).
    pub fn default_date(&self) -> Option<Date> {
        match self.status {
            Status::Proposed => self
                .consultation
                .as_ref()
                .map(|c| c.from)
                .or(self.decision.as_ref().and_then(|d| d.date)),
            Status::Decided => self.decision.as_ref().and_then(|d| d.date),
        }
    }
}

#[cfg(test)]
mod tests;
