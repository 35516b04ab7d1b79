//! Stage 2: the site model. Plain data built once from what was loaded:
//! sections, pages with their URLs, tags and the archive. Later stages read it
//! by reference.

mod domain;
mod taxonomy;

use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;

use crate::config::Config;
use crate::date::Date;
use crate::diag::{Diagnostics, Location};
use crate::frontmatter::{FrontMatter, Kind};
use crate::load::{Loaded, PageSource, SectionSource, Sort};
use crate::markdown::{self, Rendered};
use crate::slug::slugify;

pub use domain::{Award, Index, Refs};
pub use taxonomy::{related, Month, Tag};

pub type PageId = usize;
pub type SectionId = usize;

/// Build-wide switches (`--drafts`, `--future`) and "now".
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub drafts: bool,
    pub future: bool,
    pub now: Date,
}

#[derive(Debug)]
pub struct Section {
    pub source: SectionSource,
    /// Path of section folder names below `content/` ("thoi-su/trong-tinh"); "" for the root.
    pub path: String,
    /// Site-absolute URL with the base path.
    pub url: String,
    pub parent: Option<SectionId>,
    pub children: Vec<SectionId>,
    /// Pages of this section and its subsections, in the section's order.
    pub pages: Vec<PageId>,
}

#[derive(Debug)]
pub struct Page {
    /// Index in `Site::pages`.
    pub id: PageId,
    pub source: std::sync::Arc<PageSource>,
    pub section: SectionId,
    pub kind: Kind,
    pub slug: String,
    pub url: String,
    /// `date`, or the kind's default.
    pub date: Option<Date>,
    pub summary: String,
    pub tags: Vec<usize>,
    /// Image URL (site-absolute with base path) for listings and og:image.
    pub image: Option<String>,
    /// A campaign page's campaign data (kind `campaigns`).
    pub campaign: Option<crate::campaign::Campaign>,
    /// A roster page's roster data (kind `rosters`).
    pub roster: Option<crate::roster::Roster>,
    /// Resolved `campaign`, `units`, `block`, `parent`.
    pub refs: Refs,
}

impl Page {
    pub fn fm(&self) -> &FrontMatter {
        &self.source.fm
    }
    pub fn body(&self) -> &Rendered {
        &self.source.body
    }
    pub fn title(&self) -> &str {
        &self.source.fm.title
    }
}

#[derive(Debug)]
pub struct Site {
    /// The site folder.
    pub root: PathBuf,
    pub config: Config,
    pub options: BuildOptions,
    /// Index 0 is the root section: home page front matter and standalone pages.
    pub sections: Vec<Section>,
    pub pages: Vec<Page>,
    pub tags: Vec<Tag>,
    pub archive: Vec<Month>,
    /// News pages, newest first (home, feeds, search).
    pub news: Vec<PageId>,
    /// Each page's place among all pages newest first (undated last, ties
    /// by URL): the order of [`newest_first`] as one number per page. Set
    /// once the dates are final (campaigns and rosters get default ones).
    pub recency: Vec<u32>,
    /// `data/units.yaml`, in file order.
    pub units: Vec<crate::unit::Unit>,
    /// `data/blocks.yaml`, in file order.
    pub blocks: Vec<crate::unit::Block>,
    /// Campaign, roster and unit indexes.
    pub domain: Index,
}

impl Site {
    pub fn section_by_path(&self, path: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.path == path)
    }
    pub fn page_url(&self, id: PageId) -> &str {
        &self.pages[id].url
    }
}

/// Slug from a file name: `2024-10-14-hoi-nghi.md` → `hoi-nghi`.
pub fn file_slug(stem: &str) -> String {
    let b = stem.as_bytes();
    let dated = b.len() > 11
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && b[10] == b'-';
    slugify(if dated { &stem[11..] } else { stem })
}

/// Build the model. Problems (duplicate URLs, bad slugs) go to `diags`.
pub fn build(
    root: &std::path::Path,
    loaded: Loaded,
    config: Config,
    options: BuildOptions,
    diags: &Diagnostics,
) -> Site {
    let mut timer = crate::timings::Timer::new();
    let sections = build_sections(loaded.sections, &config);
    // Pages in parallel (slugs, URLs, summaries); ids follow, in load order.
    let mut pages: Vec<Page> = loaded
        .pages
        .into_par_iter()
        .filter_map(|source| page(0, source, &sections, &config, &options, diags))
        .collect();
    for (id, p) in pages.iter_mut().enumerate() {
        p.id = id;
    }
    timer.lap(" pages");
    let mut site = Site {
        root: root.to_path_buf(),
        config,
        options,
        sections,
        pages,
        tags: Vec::new(),
        archive: Vec::new(),
        news: Vec::new(),
        recency: Vec::new(),
        units: Vec::new(),
        blocks: Vec::new(),
        domain: Index::default(),
    };
    domain::build(&mut site, loaded.registry, diags);
    timer.lap(" domain");
    check_duplicate_urls(&site, diags);
    timer.lap(" dupes");
    assign_section_pages(&mut site);
    timer.lap(" sections");
    site.news = newest_first(
        &site,
        site.pages
            .iter()
            .filter(|p| p.kind == Kind::News)
            .map(|p| p.id),
    );
    timer.lap(" news");
    taxonomy::build(&mut site);
    timer.lap(" tags");
    site
}

/// The model's page `id` from its source, before the site-wide indexes
/// (tags, references, kind data) are filled in. `None` when the page is left
/// out (a draft, dated in the future) or has no usable slug (an error).
pub fn page(
    id: PageId,
    source: std::sync::Arc<PageSource>,
    sections: &[Section],
    config: &Config,
    options: &BuildOptions,
    diags: &Diagnostics,
) -> Option<Page> {
    if source.fm.draft && !options.drafts {
        return None;
    }
    let date = source.fm.date;
    if !options.future && date.is_some_and(|d| d > options.now) {
        return None;
    }
    let section = source.section;
    let stem = match &source.bundle {
        Some(b) => b
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        None => source
            .file
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let slug = match &source.fm.slug {
        Some(s) => slugify(s),
        None => file_slug(&stem),
    };
    if slug.is_empty() {
        let line = crate::yaml::key_location(&source.front, &["slug"])
            .map_or(1, |(l, _)| l + source.front_offset);
        diags.error(
            Location::at(&source.file, line, 1),
            "không tạo được đường dẫn (slug) cho trang: hãy đặt `slug:` bằng chữ cái hoặc chữ số",
            "the page has no usable slug: set `slug:` with letters or digits",
        );
        return None;
    }
    let url = format!("{}{}/", sections[section].url, slug);
    let summary = match &source.fm.summary {
        Some(s) => s.trim().to_string(),
        None => markdown::summarize(&source.body.first_paragraph, 300),
    };
    let image = source
        .fm
        .image
        .as_deref()
        .map(|i| resolve_asset_url(config, &url, i));
    Some(Page {
        id,
        kind: source.kind,
        section,
        slug,
        url,
        date,
        summary,
        tags: Vec::new(),
        image,
        source,
        campaign: None,
        roster: None,
        refs: Refs::default(),
    })
}

/// An image or file path from front matter: site-absolute `/…` gets the base
/// path; a relative one is resolved against the page's URL (bundle files are
/// published beside the page).
pub fn resolve_asset_url(config: &Config, page_url: &str, path: &str) -> String {
    if path.starts_with("http://") || path.starts_with("https://") || path.starts_with("//") {
        path.to_string()
    } else if path.starts_with('/') {
        config.url(path)
    } else {
        format!("{page_url}{}", path.trim_start_matches("./"))
    }
}

fn build_sections(sources: Vec<SectionSource>, config: &Config) -> Vec<Section> {
    let dirs: Vec<PathBuf> = sources.iter().map(|s| s.dir.clone()).collect();
    let mut sections: Vec<Section> = Vec::with_capacity(sources.len());
    for (i, source) in sources.into_iter().enumerate() {
        // Nearest ancestor section (sources are in path order: parents first).
        let parent = (i > 0).then(|| {
            (0..i)
                .filter(|&j| source.dir.starts_with(&dirs[j]))
                .max_by_key(|&j| dirs[j].components().count())
                .unwrap_or(0)
        });
        let name = source
            .dir
            .file_name()
            .map(|n| slugify(&n.to_string_lossy()))
            .unwrap_or_default();
        let path = match parent {
            None => String::new(),
            Some(p) if sections[p].path.is_empty() => name,
            Some(p) => format!("{}/{}", sections[p].path, name),
        };
        let url = if path.is_empty() {
            config.base_path.clone()
        } else {
            format!("{}{}/", config.base_path, path)
        };
        if let Some(p) = parent {
            sections[p].children.push(i);
        }
        sections.push(Section {
            source,
            path,
            url,
            parent,
            children: Vec::new(),
            pages: Vec::new(),
        });
    }
    sections
}

fn check_duplicate_urls(site: &Site, diags: &Diagnostics) {
    // Looked up, never iterated: a fast hash.
    let mut seen: foldhash::HashMap<&str, &PathBuf> = foldhash::HashMap::default();
    let mut reserved: HashMap<String, &str> = HashMap::new();
    for fixed in ["the", "don-vi", "khoi-thi-dua", "luu-tru", "tim-kiem"] {
        reserved.insert(format!("{}{fixed}/", site.config.base_path), fixed);
    }
    for s in &site.sections {
        if let Some(f) = &s.source.file {
            seen.insert(&s.url, f);
        }
    }
    for p in &site.pages {
        if let Some(fixed) = reserved.get(&p.url) {
            diags.error(
                Location::at(&p.source.file, 1, 1),
                format!(
                    "đường dẫn {} trùng với trang `/{fixed}/` của loa; hãy đổi `slug`",
                    p.url
                ),
                format!(
                    "the URL {} clashes with loa's `/{fixed}/` page; change the `slug`",
                    p.url
                ),
            );
        }
        if let Some(other) = seen.insert(&p.url, &p.source.file) {
            diags.error(
                Location::at(&p.source.file, 1, 1),
                format!("đường dẫn {} trùng với {}", p.url, other.display()),
                format!("the URL {} is also the URL of {}", p.url, other.display()),
            );
        }
    }
}

fn assign_section_pages(site: &mut Site) {
    for id in 0..site.pages.len() {
        let mut s = Some(site.pages[id].section);
        while let Some(sid) = s {
            if sid != 0 {
                site.sections[sid].pages.push(id);
            }
            s = site.sections[sid].parent;
        }
    }
    let collator = crate::collate::Collator::new();
    for sid in 0..site.sections.len() {
        let mut ids = std::mem::take(&mut site.sections[sid].pages);
        let (pages, recency) = (&site.pages, &site.recency);
        match site.sections[sid].source.sort {
            Sort::Date => ids.sort_by_key(|&id| recency[id]),
            Sort::Title => ids.sort_by(|&a, &b| {
                collator
                    .compare(pages[a].title(), pages[b].title())
                    .then_with(|| pages[a].url.cmp(&pages[b].url))
            }),
            Sort::Weight => ids.sort_by(|&a, &b| {
                pages[a]
                    .fm()
                    .weight
                    .cmp(&pages[b].fm().weight)
                    .then_with(|| collator.compare(pages[a].title(), pages[b].title()))
            }),
        }
        site.sections[sid].pages = ids;
    }
}

/// Page ids sorted newest first (undated last), ties by URL.
pub fn newest_first(site: &Site, ids: impl Iterator<Item = PageId>) -> Vec<PageId> {
    let mut v: Vec<PageId> = ids.collect();
    v.sort_by_key(|&id| site.recency[id]);
    v
}

/// [`Site::recency`]: dates and URLs compared once for the whole site, so
/// that sorting a list newest first (tags, sections, related pages) compares
/// numbers.
pub(super) fn recency(pages: &[Page]) -> Vec<u32> {
    let mut order: Vec<PageId> = (0..pages.len()).collect();
    order.par_sort_by(|&a, &b| {
        pages[b]
            .date
            .cmp(&pages[a].date)
            .then_with(|| pages[a].url.cmp(&pages[b].url))
    });
    let mut rank = vec![0; pages.len()];
    for (place, &id) in order.iter().enumerate() {
        rank[id] = place as u32;
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_slugs_drop_dates() {
        assert_eq!(file_slug("2024-10-14-hoi-nghi-thi-dua"), "hoi-nghi-thi-dua");
        assert_eq!(file_slug("Đại hội Đảng"), "dai-hoi-dang");
        assert_eq!(file_slug("2024-10-14"), "2024-10-14");
    }
}
