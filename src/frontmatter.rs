//! Front matter (SITE-FORMAT §3.2): split from the Markdown body and read into
//! typed fields, reporting every bad key with its line.

use std::path::Path;

use chrono::FixedOffset;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::date::{self, Date};
use crate::diag::{Diagnostic, Location};
use crate::fields::Fields;

/// The kinds of content (a section's `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    News,
    Campaigns,
    Rosters,
    Pages,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "news" => Some(Kind::News),
            "campaigns" => Some(Kind::Campaigns),
            "rosters" => Some(Kind::Rosters),
            "pages" => Some(Kind::Pages),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::News => "news",
            Kind::Campaigns => "campaigns",
            Kind::Rosters => "rosters",
            Kind::Pages => "pages",
        }
    }
}

pub const COMMON_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "summary",
    "slug",
    "draft",
    "tags",
    "image",
    "image_alt",
    "featured",
    "aliases",
    "template",
    "weight",
    "extra",
];
pub const NEWS_KEYS: &[&str] = &[
    "author",
    "source",
    "source_url",
    "campaign",
    "units",
    "attachments",
];
pub const CAMPAIGN_KEYS: &[&str] = &[
    "issuer",
    "slogan",
    "form",
    "document",
    "start",
    "end",
    "participants",
    "goals",
    "awards",
    "milestones",
    "parent",
];
pub const ROSTER_KEYS: &[&str] = &[
    "status",
    "decision",
    "consultation",
    "award",
    "reason",
    "period",
    "campaign",
    "block",
    "entries",
    "entries_file",
];
pub const SECTION_KEYS: &[&str] = &[
    "title",
    "description",
    "kind",
    "paginate",
    "sort",
    "weight",
    "template",
    "extra",
    "image",
    "image_alt",
];

/// A Markdown file split into its front matter and body.
pub struct Split<'a> {
    pub front: &'a str,
    /// File line of the first front-matter line, minus one.
    pub front_offset: usize,
    pub body: &'a str,
    /// File line of the first body line, minus one.
    pub body_offset: usize,
}

/// Split `---` front matter from the body. `text` has no BOM.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(Diagnostic::error(
            Location::at(file, 1, 1),
            "thiếu front matter: tệp phải bắt đầu bằng một dòng `---`",
            "missing front matter: the file must start with a `---` line",
        ));
    }
    let front_start = (first_end + 1).min(text.len());
    let mut pos = front_start;
    let mut line = 1;
    while pos < text.len() {
        line += 1;
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == "---" {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                front: &text[front_start..pos],
                front_offset: 1,
                body: &text[body_start..],
                body_offset: line,
            });
        }
        pos = end + 1;
    }
    Err(Diagnostic::error(
        Location::at(file, 1, 1),
        "front matter không được đóng: thiếu dòng `---` thứ hai",
        "unclosed front matter: the closing `---` line is missing",
    ))
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    pub title: String,
    pub file: String,
}

/// What every page's front matter says, read and checked.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    pub title: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub summary: Option<String>,
    pub slug: Option<String>,
    pub draft: bool,
    pub tags: Vec<String>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub featured: bool,
    pub aliases: Vec<String>,
    pub template: Option<String>,
    pub weight: i64,
    pub extra: Map<String, Value>,
    pub author: Vec<String>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub campaign: Option<String>,
    pub units: Vec<String>,
    pub attachments: Vec<Attachment>,
}

/// Read a date key: a string (or YAML scalar) in one of the accepted forms.
pub fn read_date(
    f: &mut Fields,
    path: &[&str],
    value: Option<&Value>,
    tz: FixedOffset,
) -> Option<Date> {
    let text = match value? {
        Value::String(s) => s.clone(),
        Value::Null => return None,
        other => other.to_string(),
    };
    let parsed = date::parse(&text, tz);
    if parsed.is_none() {
        let key = path.join(".");
        f.error(
            path,
            format!("ngày `{text}` ở `{key}` không hợp lệ; dùng dạng 2024-10-14, 2024-10-14 08:30 hoặc 2024-10-14T08:30:00+07:00"),
            format!("invalid date `{text}` in `{key}`; use 2024-10-14, 2024-10-14 08:30 or 2024-10-14T08:30:00+07:00"),
        );
    }
    parsed
}

impl FrontMatter {
    /// Read the common and `news` keys; the kind decides which keys are allowed.
    /// Kind-specific keys of campaigns and rosters are left in `f` for their modules.
    pub fn read(f: &mut Fields, kind: Kind, tz: FixedOffset) -> FrontMatter {
        let mut allowed: Vec<&str> = COMMON_KEYS.to_vec();
        match kind {
            Kind::News => allowed.extend_from_slice(NEWS_KEYS),
            Kind::Campaigns => allowed.extend_from_slice(CAMPAIGN_KEYS),
            Kind::Rosters => allowed.extend_from_slice(ROSTER_KEYS),
            Kind::Pages => {}
        }
        let (vi, en) = match kind {
            Kind::News => ("front matter của tin bài", "a news item's front matter"),
            Kind::Campaigns => (
                "front matter của phong trào thi đua",
                "a campaign's front matter",
            ),
            Kind::Rosters => (
                "front matter của danh sách khen thưởng",
                "a roster's front matter",
            ),
            Kind::Pages => ("front matter của trang", "a page's front matter"),
        };
        f.deny_unknown(&allowed, vi, en);
        let title = f.required_text("title").unwrap_or_default();
        let date_value = f.raw("date").cloned();
        let date = read_date(f, &["date"], date_value.as_ref(), tz);
        if kind == Kind::News && !f.contains("date") {
            f.missing("date");
        }
        let updated_value = f.raw("updated").cloned();
        let updated = read_date(f, &["updated"], updated_value.as_ref(), tz);
        let author = f.text_list("author");
        let attachments: Vec<Attachment> = f.get("attachments").unwrap_or_default();
        FrontMatter {
            title: title.trim().to_string(),
            date,
            updated,
            summary: f.text("summary"),
            slug: f.text("slug"),
            draft: f.get("draft").unwrap_or(false),
            tags: f
                .text_list("tags")
                .into_iter()
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect(),
            image: f.text("image"),
            image_alt: f.text("image_alt"),
            featured: f.get("featured").unwrap_or(false),
            aliases: f.text_list("aliases"),
            template: f.text("template"),
            weight: f.get("weight").unwrap_or(0),
            extra: f.get("extra").unwrap_or_default(),
            author,
            source: f.text("source"),
            source_url: f.text("source_url"),
            campaign: f.text("campaign"),
            units: f.text_list("units"),
            attachments,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tz() -> FixedOffset {
        date::parse_offset("+07:00").unwrap()
    }

    fn read(text: &str, kind: Kind) -> (FrontMatter, Vec<Diagnostic>) {
        let file = Path::new("content/a.md");
        let s = split(text, file).unwrap();
        let mut f = Fields::parse(s.front, file, s.front_offset).unwrap();
        let fm = FrontMatter::read(&mut f, kind, tz());
        (fm, f.diags)
    }

    #[test]
    fn splits_front_matter() {
        let s = split("---\ntitle: a\n---\nbody\n", Path::new("a.md")).unwrap();
        assert_eq!(s.front, "title: a\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_offset, 3);
        let crlf = split("---\r\ntitle: a\r\n---\r\nbody", Path::new("a.md")).unwrap();
        assert_eq!(crlf.body, "body");
    }

    #[test]
    fn unclosed_and_missing() {
        let e = split("---\ntitle: a\n", Path::new("a.md")).err().unwrap();
        assert!(e.en.contains("unclosed"));
        let e = split("title: a\n", Path::new("a.md")).err().unwrap();
        assert!(e.en.contains("missing front matter"));
    }

    #[test]
    fn every_problem_with_its_line() {
        let (_, d) = read(
            "---\ntitle: T\ndate: 2024-13-40\ntitel: x\nautor: y\n---\n",
            Kind::News,
        );
        let lines: Vec<usize> = d.iter().map(|d| d.location.line).collect();
        assert_eq!(d.len(), 3, "{d:?}");
        assert!(
            lines.contains(&3) && lines.contains(&4) && lines.contains(&5),
            "{lines:?}"
        );
        assert!(d.iter().any(|x| x.en.contains("did you mean `author`")));
    }

    #[test]
    fn news_needs_date_pages_do_not() {
        let (_, d) = read("---\ntitle: T\n---\n", Kind::News);
        assert_eq!(d.len(), 1);
        let (_, d) = read("---\ntitle: T\n---\n", Kind::Pages);
        assert!(d.is_empty());
    }

    #[test]
    fn reads_news_keys() {
        let (fm, d) = read(
            "---\ntitle: Tin\ndate: 2026-11-20 08:27\ntags: [thi đua, nông thôn mới]\nauthor: A\nfeatured: true\n---\n",
            Kind::News,
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(fm.tags, ["thi đua", "nông thôn mới"]);
        assert_eq!(fm.author, ["A"]);
        assert!(fm.featured);
        assert_eq!(
            date::rfc3339(&fm.date.unwrap()),
            "2026-11-20T08:27:00+07:00"
        );
    }
}
