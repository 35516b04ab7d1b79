//! Campaigns (phong trào thi đua, SITE-FORMAT §3.2): the front matter of a
//! page of a `campaigns` section, read and checked, and its status on a day.

use chrono::{Datelike, FixedOffset, NaiveDate};
use serde_json::Value;

use crate::date::{self, Date};
use crate::fields::Fields;
use crate::frontmatter::read_date;
use crate::slug::fold;
use crate::unit::{list_items, required};

/// The legal forms, as written on the page.
pub const FORMS: [&str; 2] = ["thường xuyên", "chuyên đề"];
const DOCUMENT_KEYS: &[&str] = &[
    "kind", "number", "date", "issuer", "signer", "summary", "file",
];
const MILESTONE_KEYS: &[&str] = &["title", "date", "when"];

/// The launching document (văn bản phát động). `number` is printed exactly.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub kind: Option<String>,
    pub number: Option<String>,
    pub date: Option<Date>,
    pub issuer: Option<String>,
    pub signer: Option<String>,
    pub summary: Option<String>,
    /// As written: relative to the page, or site-absolute.
    pub file: Option<String>,
}

/// A milestone: a date, or free text such as "quý I/2025" (or both).
#[derive(Debug, Clone)]
pub struct Milestone {
    pub title: String,
    pub date: Option<Date>,
    pub when: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Upcoming,
    Ongoing,
    Ended,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Ongoing, Status::Upcoming, Status::Ended];
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Upcoming => "upcoming",
            Status::Ongoing => "ongoing",
            Status::Ended => "ended",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Status::Upcoming => "Sắp diễn ra",
            Status::Ongoing => "Đang diễn ra",
            Status::Ended => "Đã kết thúc",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Campaign {
    pub issuer: String,
    pub slogan: Option<String>,
    /// One of [`FORMS`].
    pub form: Option<String>,
    pub document: Option<Document>,
    pub start: Date,
    pub end: Date,
    pub participants: Vec<String>,
    pub goals: Vec<String>,
    pub awards: Vec<String>,
    /// In file order.
    pub milestones: Vec<Milestone>,
    /// A campaign's slug, resolved by the model.
    pub parent: Option<String>,
}

/// The calendar day of `d` in the offset of `now`.
pub fn day_of(d: &Date, now: &Date) -> NaiveDate {
    d.with_timezone(now.offset()).date_naive()
}

impl Campaign {
    /// Read the campaign keys of a page's front matter (`front` is its text,
    /// starting at file line `offset + 1`). `None` when `issuer`, `start` or
    /// `end` is missing or wrong; every problem is in `f.diags`.
    pub fn read(f: &mut Fields, front: &str, offset: usize, tz: FixedOffset) -> Option<Campaign> {
        let issuer = f.required_text("issuer").map(|s| s.trim().to_string());
        let form = f.text("form").and_then(|s| {
            let folded = fold(&s).split_whitespace().collect::<Vec<_>>().join(" ");
            let form = FORMS.iter().find(|f| fold(f) == folded).map(|f| f.to_string());
            if form.is_none() {
                f.error(
                    &["form"],
                    format!("hình thức `{s}` không hợp lệ; dùng `thường xuyên` hoặc `chuyên đề`"),
                    format!("invalid form `{s}`; use `thường xuyên` (regular) or `chuyên đề` (thematic)"),
                );
            }
            form
        });
        let document = read_document(f, tz);
        let start = required_date(f, "start", tz);
        let end = required_date(f, "end", tz);
        if let (Some(s), Some(e)) = (&start, &end) {
            if day_of(e, s) < s.date_naive() {
                f.error(
                    &["end"],
                    format!(
                        "ngày kết thúc `end` ({}) trước ngày bắt đầu `start` ({})",
                        date::text(e),
                        date::text(s)
                    ),
                    format!(
                        "`end` ({}) is before `start` ({})",
                        date::text(e),
                        date::text(s)
                    ),
                );
            }
        }
        let milestones = read_milestones(f, front, offset, tz);
        let campaign = Campaign {
            issuer: issuer?,
            slogan: f
                .text("slogan")
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            form,
            document,
            start: start?,
            end: end?,
            participants: f.text_list("participants"),
            goals: f.text_list("goals"),
            awards: f.text_list("awards"),
            milestones,
            parent: f
                .text("parent")
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
        };
        Some(campaign)
    }

    /// `date` when the page has none: the document's date, else `start`.
    pub fn default_date(&self) -> Date {
        self.document
            .as_ref()
            .and_then(|d| d.date)
            .unwrap_or(self.start)
    }

    /// Upcoming before `start`, ongoing from `start` to `end` inclusive,
    /// ended after `end` (calendar days in the offset of `now`).
    pub fn status(&self, now: &Date) -> Status {
        let today = now.date_naive();
        if today < day_of(&self.start, now) {
            Status::Upcoming
        } else if today > day_of(&self.end, now) {
            Status::Ended
        } else {
            Status::Ongoing
        }
    }

    /// Days left, today and the end day included ("Còn N ngày"): 1 on the last day.
    pub fn days_left(&self, now: &Date) -> i64 {
        (day_of(&self.end, now) - now.date_naive()).num_days() + 1
    }

    /// Days until the start: 1 the day before.
    pub fn days_until_start(&self, now: &Date) -> i64 {
        (day_of(&self.start, now) - now.date_naive()).num_days()
    }

    /// "từ ngày 14/10/2024 đến hết ngày 30/6/2025"
    pub fn period_text(&self) -> String {
        format!(
            "từ ngày {} đến hết ngày {}",
            date::text(&self.start),
            date::text(&self.end)
        )
    }

    /// Dated milestones by date, then the fuzzy ones in file order.
    pub fn milestones_in_order(&self) -> Vec<&Milestone> {
        let mut v: Vec<&Milestone> = self.milestones.iter().collect();
        v.sort_by_key(|m| (m.date.is_none(), m.date));
        v
    }
}

impl Milestone {
    /// "10/6/2024", or `when` as written.
    pub fn label(&self) -> String {
        match (&self.when, &self.date) {
            (Some(w), _) => w.clone(),
            (None, Some(d)) => date::text(d),
            (None, None) => String::new(),
        }
    }

    /// Whether the milestone is behind us: its day (or the last day of a
    /// fuzzy "quý I/2025", "tháng 8/2025", "năm 2020") is before today.
    /// A fuzzy text without a year counts as past once the campaign ended.
    pub fn past(&self, now: &Date, campaign_ended: bool) -> bool {
        let last = match (&self.date, &self.when) {
            (Some(d), _) => Some(day_of(d, now)),
            (None, Some(w)) => fuzzy_end(w),
            (None, None) => None,
        };
        match last {
            Some(day) => day < now.date_naive(),
            None => campaign_ended,
        }
    }
}

/// The last day meant by "quý I/2025", "tháng 8/2025", "năm 2020", "2028".
pub fn fuzzy_end(when: &str) -> Option<NaiveDate> {
    let folded = fold(when);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let year: i32 = words
        .iter()
        .rev()
        .find(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))?
        .parse()
        .ok()?;
    let after = |key: &str| {
        words
            .iter()
            .position(|w| *w == key)
            .and_then(|i| words.get(i + 1))
            .copied()
    };
    let month = if let Some(q) = after("quy") {
        let q = match q {
            "i" | "1" => 1,
            "ii" | "2" => 2,
            "iii" | "3" => 3,
            "iv" | "4" => 4,
            _ => 4,
        };
        q * 3
    } else {
        after("thang")
            .and_then(|m| m.parse::<u32>().ok())
            .filter(|m| (1..=12).contains(m))
            .unwrap_or(12)
    };
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    first_next
        .and_then(|d| d.pred_opt())
        .filter(|d| d.year() == year)
}

fn required_date(f: &mut Fields, key: &str, tz: FixedOffset) -> Option<Date> {
    if !f.contains(key) {
        f.missing(key);
        return None;
    }
    let v = f.raw(key).cloned();
    read_date(f, &[key], v.as_ref(), tz)
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn read_document(f: &mut Fields, tz: FixedOffset) -> Option<Document> {
    let value = f.raw("document").cloned()?;
    let Value::Object(map) = value else {
        f.error(
            &["document"],
            "`document` phải có dạng {kind, number, date, issuer, signer, summary, file}",
            "`document` must be a mapping {kind, number, date, issuer, signer, summary, file}",
        );
        return None;
    };
    let mut doc = Document::default();
    for (key, v) in &map {
        if !DOCUMENT_KEYS.contains(&key.as_str()) {
            let (hvi, hen) = crate::diag::hint(key, DOCUMENT_KEYS);
            f.error(
                &["document", key],
                format!("khóa `{key}` không được dùng trong `document`{hvi}"),
                format!("unknown key `{key}` in `document`{hen}"),
            );
            continue;
        }
        if key == "date" {
            doc.date = read_date(f, &["document", "date"], Some(v), tz);
            continue;
        }
        if v.is_null() {
            continue;
        }
        let Some(text) = text_of(v) else {
            if !v.is_string() {
                f.error(
                    &["document", key],
                    format!("`document.{key}` phải là một chuỗi văn bản"),
                    format!("`document.{key}` must be a text value"),
                );
            }
            continue;
        };
        let slot = match key.as_str() {
            "kind" => &mut doc.kind,
            "number" => &mut doc.number,
            "issuer" => &mut doc.issuer,
            "signer" => &mut doc.signer,
            "summary" => &mut doc.summary,
            _ => &mut doc.file,
        };
        *slot = Some(text);
    }
    Some(doc)
}

fn read_milestones(f: &mut Fields, front: &str, offset: usize, tz: FixedOffset) -> Vec<Milestone> {
    let Some(value) = f.raw("milestones").cloned() else {
        return Vec::new();
    };
    let Value::Array(items) = &value else {
        f.error(
            &["milestones"],
            "`milestones` phải là danh sách `{title, date}` hoặc `{title, when}`",
            "`milestones` must be a list of `{title, date}` or `{title, when}`",
        );
        return Vec::new();
    };
    let file = f.file().to_path_buf();
    let mut out = Vec::new();
    for (i, (text, item_offset)) in list_items(front, &["milestones"], offset, &value)
        .into_iter()
        .enumerate()
    {
        let mut m = match Fields::parse(&text, &file, item_offset) {
            Ok(m) if items[i].is_object() => m,
            _ => {
                let line = item_offset + 1;
                f.diags.push(crate::diag::Diagnostic::error(
                    crate::diag::Location::at(&file, line, 1),
                    "mỗi mốc phải có dạng `{title, date}` hoặc `{title, when}`",
                    "each milestone must be `{title, date}` or `{title, when}`",
                ));
                continue;
            }
        };
        m.deny_unknown(MILESTONE_KEYS, "một mốc của phong trào", "a milestone");
        let title = required(&mut m, "title");
        let date_value = m.raw("date").cloned();
        let date = read_date(&mut m, &["date"], date_value.as_ref(), tz);
        let when = m
            .text("when")
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        if date_value.is_none() && when.is_none() {
            m.error(
                &["title"],
                "mốc cần `date` (ngày) hoặc `when` (ví dụ \"quý I/2025\")",
                "a milestone needs `date` or `when` (e.g. \"quý I/2025\")",
            );
        }
        if let (Some(title), true) = (title, date.is_some() || when.is_some()) {
            out.push(Milestone { title, date, when });
        }
        f.diags.extend(m.diags);
    }
    out
}

#[cfg(test)]
mod tests;
