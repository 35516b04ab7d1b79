//! The model as template values (see themes/cong/README.md for the shapes).
//! Summaries are built once per page and shared (Tera values are Arc-backed).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use tera::Value;

use crate::date::{self, Date};
use crate::model::{resolve_asset_url, Page, Section, Site};

pub type Obj = BTreeMap<&'static str, Value>;

pub fn obj(entries: impl IntoIterator<Item = (&'static str, Value)>) -> Value {
    let map: Obj = entries.into_iter().filter(|(_, v)| !v.is_none()).collect();
    Value::from(map)
}

/// Plain text as an HTML fragment that templates may print with `| safe`.
pub fn escaped_html(s: &str) -> Value {
    let mut buf = Vec::with_capacity(s.len() + 16);
    let _ = tera::escape_html(s, &mut buf);
    Value::safe_string(&String::from_utf8_lossy(&buf))
}

pub fn text(s: &str) -> Value {
    Value::from(s)
}

pub fn opt_text(s: Option<&str>) -> Value {
    shown(s).map_or_else(Value::none, Value::from)
}

/// An optional text as templates get it: absent when blank.
pub fn shown(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.trim().is_empty())
}

/// Minutes to read `words` words (at least one).
pub fn reading_minutes(words: usize) -> usize {
    words.div_ceil(200).max(1)
}

/// The upper-case extension of an attachment's file name ("" without one).
pub fn file_ext(file: &str) -> String {
    file.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_uppercase())
        .unwrap_or_default()
}

pub fn date(d: Option<&Date>) -> Value {
    d.map_or_else(Value::none, |d| Value::from(date::rfc3339(d)))
}

pub fn link(title: &str, url: &str) -> Value {
    obj([
        ("title", text(title)),
        ("url", text(url)),
        ("name", text(title)),
    ])
}

pub fn list(items: impl IntoIterator<Item = Value>) -> Value {
    Value::from(items.into_iter().collect::<Vec<Value>>())
}

/// `{url, alt}` of a page's image.
pub fn image(page: &Page) -> Value {
    match &page.image {
        Some(url) => obj([
            ("url", text(url)),
            (
                "alt",
                text(page.fm().image_alt.as_deref().unwrap_or(page.title())),
            ),
        ]),
        None => Value::none(),
    }
}

/// What every listing page of section `id` has: `title` (given: it may
/// carry the page number), `description`, `og_type`, `section`, `feed` and
/// `feed_title`.
pub fn section_listing(site: &Site, id: usize, title: &str) -> Vec<(&'static str, Value)> {
    let s = &site.sections[id];
    let description = s.source.description.as_deref();
    let mut vars = vec![
        ("title", text(title)),
        (
            "description",
            text(description.unwrap_or(&site.config.description)),
        ),
        ("og_type", text("website")),
        ("section", section(site, id)),
    ];
    vars.extend(section_feed(s, &site.config.title));
    vars
}

/// `subsections` of a section's listing: links to its child sections.
pub fn subsections(site: &Site, id: usize) -> Value {
    list(
        site.sections[id]
            .children
            .iter()
            .map(|&k| section_link(&site.sections[k])),
    )
}

/// `feed` and `feed_title` of a section's pages: its feed's URL and title,
/// as the feed itself gives them.
pub fn section_feed(s: &Section, site_title: &str) -> [(&'static str, Value); 2] {
    feed(
        &super::feeds::section_feed_url(s),
        super::feeds::section_feed_title(s, site_title),
    )
}

/// `feed` and `feed_title`, given.
pub fn feed(url: &str, title: String) -> [(&'static str, Value); 2] {
    [("feed", text(url)), ("feed_title", Value::from(title))]
}

pub fn section_link(s: &Section) -> Value {
    link(&s.source.title, &s.url)
}

/// The `{title, url, name}` links of tags and sections, each built once per
/// render when first asked for: each article lists its tags and section,
/// each summary its section (Tera values are shared, a clone is a reference
/// count).
pub struct Links<'a> {
    site: &'a Site,
    tags: Vec<OnceLock<Value>>,
    sections: Vec<OnceLock<Value>>,
}

impl<'a> Links<'a> {
    pub fn new(site: &'a Site) -> Links<'a> {
        Links {
            site,
            tags: site.tags.iter().map(|_| OnceLock::new()).collect(),
            sections: site.sections.iter().map(|_| OnceLock::new()).collect(),
        }
    }
    pub fn tag(&self, t: usize) -> Value {
        let tag = &self.site.tags[t];
        self.tags[t]
            .get_or_init(|| link(&tag.name, &tag.url))
            .clone()
    }
    pub fn section(&self, s: usize) -> Value {
        self.sections[s]
            .get_or_init(|| section_link(&self.site.sections[s]))
            .clone()
    }
}

/// The listing shape of a page.
pub fn summary(links: &Links<'_>, page: &Page, extra: Vec<(&'static str, Value)>) -> Value {
    let fm = page.fm();
    let mut m: Obj = BTreeMap::new();
    m.insert("title", text(page.title()));
    m.insert("url", text(&page.url));
    m.insert("date", date(page.date.as_ref()));
    m.insert("updated", date(fm.updated.as_ref()));
    m.insert("summary", text(&page.summary));
    m.insert("image", image(page));
    if page.section != 0 {
        m.insert("section", links.section(page.section));
    }
    m.insert("kind", text(page.kind.as_str()));
    m.insert("featured", Value::from(fm.featured));
    m.insert("draft", Value::from(fm.draft));
    for (k, v) in extra {
        m.insert(k, v);
    }
    m.retain(|_, v| !v.is_none());
    Value::from(m)
}

/// The full `page` variable of a page's own template.
pub fn page(
    site: &Site,
    links: &Links<'_>,
    page: &Page,
    extra: Vec<(&'static str, Value)>,
) -> Value {
    let fm = page.fm();
    let body = page.body();
    let mut m: Obj = BTreeMap::new();
    m.insert("title", text(page.title()));
    m.insert("url", text(&page.url));
    m.insert("permalink", text(&site.config.permalink(&page.url)));
    m.insert("kind", text(page.kind.as_str()));
    m.insert("date", date(page.date.as_ref()));
    m.insert("updated", date(fm.updated.as_ref()));
    m.insert("summary", text(&page.summary));
    // The sapo: only an explicit `summary` (a derived one repeats the first paragraph).
    m.insert(
        "summary_html",
        shown(fm.summary.as_deref()).map_or_else(Value::none, escaped_html),
    );
    m.insert("content", Value::safe_string(&body.html));
    m.insert("image", image(page));
    m.insert("author", list(fm.author.iter().map(|a| text(a))));
    m.insert("source", opt_text(fm.source.as_deref()));
    m.insert("source_url", opt_text(fm.source_url.as_deref()));
    m.insert("tags", list(page.tags.iter().map(|&t| links.tag(t))));
    m.insert(
        "attachments",
        list(fm.attachments.iter().map(|a| {
            let ext = file_ext(&a.file);
            obj([
                ("title", text(&a.title)),
                (
                    "url",
                    text(&resolve_asset_url(&site.config, &page.url, &a.file)),
                ),
                ("ext", text(&ext)),
            ])
        })),
    );
    if page.section != 0 {
        m.insert("section", links.section(page.section));
    }
    m.insert(
        "toc",
        list(body.toc.iter().map(|h| {
            obj([
                ("level", Value::from(h.level as i64)),
                ("id", text(&h.id)),
                ("title", text(&h.title)),
            ])
        })),
    );
    let words = body.words;
    m.insert("word_count", Value::from(words));
    m.insert("reading_minutes", Value::from(reading_minutes(words)));
    m.insert("extra", Value::from_serializable(&fm.extra));
    m.insert("units", list(Vec::new()));
    for (k, v) in extra {
        m.insert(k, v);
    }
    m.retain(|_, v| !v.is_none());
    Value::from(m)
}

/// `paginator` for listing page `current` (1-based) of `total`.
pub fn paginator(base_url: &str, current: usize, total: usize) -> Value {
    let url = |n: usize| page_n_url(base_url, n);
    obj([
        ("current", Value::from(current)),
        ("total", Value::from(total)),
        (
            "prev_url",
            if current > 1 {
                text(&url(current - 1))
            } else {
                Value::none()
            },
        ),
        (
            "next_url",
            if current < total {
                text(&url(current + 1))
            } else {
                Value::none()
            },
        ),
        ("first_url", text(&url(1))),
        ("last_url", text(&url(total))),
        (
            "pages",
            list(shown_pages(current, total).into_iter().map(|n| match n {
                Some(n) => obj([
                    ("number", Value::from(n)),
                    ("url", text(&url(n))),
                    ("current", Value::from(n == current)),
                ]),
                None => obj([("gap", Value::from(true))]),
            })),
        ),
    ])
}

/// The page links a listing shows: the first, the last and two either side
/// of the current one, `None` for a gap ("…") right beyond those two. A
/// few entries whatever the number of pages (listing every page made each
/// listing page cost as much as the whole listing).
pub(crate) fn shown_pages(current: usize, total: usize) -> Vec<Option<usize>> {
    let mut candidates = vec![1, total];
    candidates.extend(current.saturating_sub(3).max(1)..=(current + 3).min(total));
    candidates.sort_unstable();
    candidates.dedup();
    candidates
        .into_iter()
        .filter_map(|n| {
            if n == 1 || n == total || n.abs_diff(current) <= 2 {
                Some(Some(n))
            } else if n.abs_diff(current) == 3 {
                Some(None)
            } else {
                None
            }
        })
        .collect()
}

/// How many listing pages `len` items fill, `per` to a page (at least one).
pub fn page_count(len: usize, per: usize) -> usize {
    len.div_ceil(per).max(1)
}

/// The items of listing page `n` (1-based), `per` to a page.
pub fn page_chunk<T>(items: &[T], per: usize, n: usize) -> &[T] {
    let end = (n * per).min(items.len());
    &items[((n - 1) * per).min(end)..end]
}

/// The `title` of listing page `n` of a section named `name`.
pub fn listing_title(name: &str, n: usize) -> String {
    if n > 1 {
        format!("{name} - Trang {n}")
    } else {
        name.to_string()
    }
}

/// The `title` and `description` of a tag's listing pages.
pub fn tag_head(name: &str) -> (String, String) {
    (format!("Từ khóa: {name}"), format!("Tin bài về {name}"))
}

/// The sections above section `id`, not the root, outermost first.
pub fn ancestors(site: &Site, id: usize) -> Vec<&Section> {
    let mut ancestors = Vec::new();
    let mut up = site.sections[id].parent;
    while let Some(a) = up.filter(|&a| a != 0) {
        ancestors.push(&site.sections[a]);
        up = site.sections[a].parent;
    }
    ancestors.reverse();
    ancestors
}

/// URL of listing page `n` (1-based) under `base_url`.
pub fn page_n_url(base_url: &str, n: usize) -> String {
    if n == 1 {
        base_url.to_string()
    } else {
        format!("{base_url}trang/{n}/")
    }
}

/// The `section` variable of a listing template: the section and the
/// sections above it (not the root), outermost first, for breadcrumbs.
pub fn section(site: &Site, id: usize) -> Value {
    let s = &site.sections[id];
    let ancestors = ancestors(site, id).into_iter().map(section_link);
    obj([
        ("title", text(&s.source.title)),
        ("description", opt_text(s.source.description.as_deref())),
        ("url", text(&s.url)),
        ("content", Value::safe_string(&s.source.body.html)),
        ("kind", text(s.source.kind.as_str())),
        ("path", text(&s.path)),
        ("ancestors", list(ancestors)),
    ])
}

#[cfg(test)]
mod tests {
    use super::shown_pages;

    #[test]
    fn pagination_shows_ends_and_neighbours_with_gaps() {
        let n = |v: &[usize]| {
            v.iter()
                .map(|&x| if x == 0 { None } else { Some(x) })
                .collect::<Vec<_>>()
        };
        assert_eq!(shown_pages(1, 1), n(&[1]));
        assert_eq!(shown_pages(1, 3), n(&[1, 2, 3]));
        assert_eq!(shown_pages(1, 300), n(&[1, 2, 3, 0, 300]));
        assert_eq!(
            shown_pages(150, 300),
            n(&[1, 0, 148, 149, 150, 151, 152, 0, 300])
        );
        assert_eq!(shown_pages(4, 300), n(&[1, 2, 3, 4, 5, 6, 0, 300]));
        assert_eq!(shown_pages(5, 300), n(&[1, 0, 3, 4, 5, 6, 7, 0, 300]));
        assert_eq!(shown_pages(300, 300), n(&[1, 0, 298, 299, 300]));
        assert_eq!(shown_pages(7, 10), n(&[1, 0, 5, 6, 7, 8, 9, 10]));
    }
}
