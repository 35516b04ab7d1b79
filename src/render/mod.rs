//! Stage 3: render. Turns the model into output files through the theme's
//! templates, in parallel, handing each file to a [`Sink`] as soon as it is
//! ready (stage 4 decides where bytes go: a folder, or memory for `serve`).

mod article;
mod cards;
mod domain;
mod feeds;
mod filters;
mod frame;
mod jsonld;
mod listing;
mod listing_page;
mod literals;
mod same_section;
mod shared;
pub mod theme;
pub mod values;

use std::path::Path;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::diag::{Diagnostics, Location};
use crate::frontmatter::Kind;
use crate::model::{PageId, Site};
pub use theme::Theme;
use values::{obj, text};

/// Where rendered files go. Paths are relative to the output root, `/`-separated.
pub trait Sink: Sync {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()>;
    fn copy(&self, path: &str, from: &Path) -> std::io::Result<()>;
}

/// A rendered file: its output path and bytes.
pub(crate) type Output = (String, Vec<u8>);

/// One output page to render.
#[derive(Debug, Clone)]
pub(crate) enum Job {
    Home,
    Section {
        id: usize,
        n: usize,
    },
    Page(PageId),
    /// Campaigns, rosters, units and blocks (render/domain).
    Domain(domain::Job),
    TagList,
    Tag {
        id: usize,
        n: usize,
    },
    Archive,
    ArchiveMonth(usize),
    Search,
    NotFound,
    Alias {
        from: String,
        to: String,
        file: std::path::PathBuf,
    },
}

/// What renderers share: the site, the theme, the prebuilt summaries.
pub(crate) struct Ctx<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    /// `values::summary` of every page, by page id, built when first needed.
    pub summaries: Vec<std::sync::OnceLock<Value>>,
    /// Header and footer, rendered once per menu state.
    chrome: shared::Chrome,
    /// "Tin cùng chuyên mục" boxes, rendered once per list.
    pub same_section: shared::SameSection,
    /// Headlines and cards of pages, rendered once per page.
    fragments: shared::Fragments,
    /// The built-in components written directly, when the theme has them.
    cards: Option<cards::Cards>,
    /// Articles written without Tera (the built-in theme's article files).
    articles: Option<article::Articles>,
    /// Tag and section listings written without Tera (the built-in files).
    listing_pages: Option<listing_page::ListingPages>,
    /// Tag and section links, built once.
    pub links: values::Links<'a>,
    pub diags: &'a Diagnostics,
}

impl Ctx<'_> {
    pub fn summary(&self, id: PageId) -> Value {
        let site = self.site;
        self.summaries[id]
            .get_or_init(|| {
                values::summary(
                    &self.links,
                    &site.pages[id],
                    domain::summary_extras(site, &site.pages[id]),
                )
            })
            .clone()
    }
    pub fn summaries(&self, ids: &[PageId]) -> Value {
        values::list(ids.iter().map(|&i| self.summary(i)))
    }
    /// The summaries of `ids`, each with its fragment `f` (see
    /// [`shared::Fragment`]) when the theme allows rendering it ahead.
    pub fn summaries_with(&self, ids: &[PageId], f: shared::Fragment) -> Value {
        values::list(ids.iter().map(|&i| {
            self.fragments
                .summary(self, i, f)
                .unwrap_or_else(|| self.summary(i))
        }))
    }
    /// Empties the summary and fragment caches (they fill again if needed).
    fn forget_caches(&mut self) {
        self.summaries
            .par_iter_mut()
            .for_each(|cell| drop(cell.take()));
        self.fragments.forget();
        self.same_section.forget();
    }
    /// Whether a static file (the site's or the theme's) is copied to
    /// output path `path`: it then takes the place of the machine file loa
    /// would write there (a feed, the sitemap, robots.txt, 404.html).
    pub fn is_static(&self, path: &str) -> bool {
        self.theme.statics.contains_key(path)
    }
    pub fn paginate(&self, section: Option<usize>) -> usize {
        section
            .and_then(|s| self.site.sections[s].source.paginate)
            .unwrap_or(self.site.config.paginate)
    }
}

fn context<'a>(site: &'a Site, theme: &'a mut Theme, diags: &'a Diagnostics) -> Ctx<'a> {
    let menu = menu(site);
    theme
        .tera
        .global_context()
        .insert_value("site", site_value(site, &menu));
    let theme: &Theme = theme;
    let summaries = (0..site.pages.len())
        .map(|_| std::sync::OnceLock::new())
        .collect();
    Ctx {
        site,
        theme,
        summaries,
        chrome: shared::Chrome::new(
            menu.into_iter().map(|(_, url)| url).collect(),
            site.config.base_path.clone(),
        ),
        same_section: shared::SameSection::new(same_section::SameSectionBox::new(
            theme,
            &site.config.base_path,
        )),
        fragments: shared::Fragments::new(&theme.tera, site.pages.len()),
        cards: cards::Cards::new(
            theme.is_built_in("partials/card.html"),
            site.config.timezone,
        ),
        articles: article::Articles::new(theme, &site.config),
        listing_pages: listing_page::ListingPages::new(theme, &site.config),
        links: values::Links::new(site),
        diags,
    }
}

/// Render only the own pages of `ids` (not the listings that show them);
/// `serve` renders [`render_pages_and_listings`] after an edit.
pub fn render_pages(
    site: &Site,
    theme: &mut Theme,
    ids: &[PageId],
    sink: &dyn Sink,
    diags: &Diagnostics,
) {
    let ctx = context(site, theme, diags);
    run(&ctx, &page_jobs(site, ids), sink);
}

/// Render the own pages of `ids` and the listings that show them: the
/// listing page of each section holding them (theirs and its ancestors'), of
/// each of their tags, their archive month, and home. What `serve` renders
/// after an edit before the full render: listings of other kinds, feeds,
/// the search index and the boxes on other pages follow with the full render.
pub fn render_pages_and_listings(
    site: &Site,
    theme: &mut Theme,
    ids: &[PageId],
    sink: &dyn Sink,
    diags: &Diagnostics,
) {
    let ctx = context(site, theme, diags);
    let mut jobs: Vec<Job> = page_jobs(site, ids);
    jobs.push(Job::Home);
    jobs.extend(listing_jobs(&ctx, ids));
    run(&ctx, &jobs, sink);
}

/// Render `jobs` in parallel, each file to `sink` as soon as it is ready.
fn run(ctx: &Ctx, jobs: &[Job], sink: &dyn Sink) {
    jobs.par_iter().for_each(|job| {
        if let Some((path, html)) = listing::render_job(ctx, job) {
            write(sink, &path, &html, ctx.diags);
        }
    });
}

fn page_jobs(site: &Site, ids: &[PageId]) -> Vec<Job> {
    ids.iter()
        .flat_map(|&id| match domain::page_jobs(&site.pages[id]) {
            Some(jobs) => jobs.into_iter().map(Job::Domain).collect(),
            None => vec![Job::Page(id)],
        })
        .collect()
}

/// The section, tag and archive listing pages that list any of `ids`.
fn listing_jobs(ctx: &Ctx, ids: &[PageId]) -> Vec<Job> {
    let site = ctx.site;
    let mut jobs = Vec::new();
    for (id, s) in site.sections.iter().enumerate().skip(1) {
        if !domain::owns_section(s) {
            let ns = listing_pages_holding(&s.pages, ids, ctx.paginate(Some(id)));
            jobs.extend(ns.map(|n| Job::Section { id, n }));
        }
    }
    for (id, t) in site.tags.iter().enumerate() {
        let ns = listing_pages_holding(&t.pages, ids, site.config.paginate);
        jobs.extend(ns.map(|n| Job::Tag { id, n }));
    }
    jobs.extend(
        (site.archive.iter().enumerate())
            .filter(|(_, m)| m.pages.iter().any(|p| ids.contains(p)))
            .map(|(i, _)| Job::ArchiveMonth(i)),
    );
    jobs
}

/// Numbers (1-based, ascending, each once) of the listing pages of `list`,
/// `per` to a page, that show any of `ids`.
fn listing_pages_holding<'a>(
    list: &'a [PageId],
    ids: &'a [PageId],
    per: usize,
) -> impl Iterator<Item = usize> + 'a {
    let mut last = 0;
    (list.iter().enumerate())
        .filter(|(_, p)| ids.contains(p))
        .map(move |(i, _)| i / per + 1)
        .filter(move |&n| std::mem::replace(&mut last, n) != n)
}

/// Render the whole site into `sink`. Errors go to `diags`.
pub fn render(site: &Site, theme: &mut Theme, sink: &dyn Sink, diags: &Diagnostics) {
    let mut timer = crate::timings::Timer::new();
    let mut ctx = context(site, theme, diags);
    run(&ctx, &jobs(&ctx), sink);
    // The feeds and the search index need none of the pages' caches: free
    // them before the index, the build's peak of memory.
    ctx.forget_caches();
    timer.lap(" pages");
    feeds::render(&ctx, sink);
    timer.lap(" feeds");
    copy_assets(&ctx, sink);
    timer.lap(" assets");
}

pub(crate) fn write(sink: &dyn Sink, path: &str, bytes: &[u8], diags: &Diagnostics) {
    if let Err(e) = sink.write(path, bytes) {
        diags.error(
            Location::file(path),
            format!("không ghi được tệp đầu ra: {e}"),
            format!("cannot write output file: {e}"),
        );
    }
}

fn jobs(ctx: &Ctx) -> Vec<Job> {
    let site = ctx.site;
    let mut jobs = vec![Job::Home, Job::TagList, Job::Archive, Job::Search];
    if !ctx.is_static("404.html") {
        jobs.push(Job::NotFound);
    }
    for (id, s) in site.sections.iter().enumerate().skip(1) {
        if domain::owns_section(s) {
            continue;
        }
        let per = ctx.paginate(Some(id));
        let pages = values::page_count(s.pages.len(), per);
        jobs.extend((1..=pages).map(|n| Job::Section { id, n }));
    }
    jobs.extend(
        (0..site.pages.len())
            .filter(|&i| !domain::owns_page(&site.pages[i]))
            .map(Job::Page),
    );
    jobs.extend(domain::jobs(ctx).into_iter().map(Job::Domain));
    for (id, t) in site.tags.iter().enumerate() {
        let pages = values::page_count(t.pages.len(), site.config.paginate);
        jobs.extend((1..=pages).map(|n| Job::Tag { id, n }));
    }
    jobs.extend((0..site.archive.len()).map(Job::ArchiveMonth));
    for p in &site.pages {
        for alias in &p.fm().aliases {
            jobs.push(Job::Alias {
                from: alias.clone(),
                to: p.url.clone(),
                file: p.source.file.clone(),
            });
        }
    }
    jobs
}

/// The menu of `loa.yaml`: title and site-absolute URL of each entry.
fn menu(site: &Site) -> Vec<(String, String)> {
    let c = &site.config;
    c.menu
        .iter()
        .map(|m| {
            let url = match (&m.section, &m.url) {
                (Some(s), _) => site
                    .section_by_path(s.trim_matches('/'))
                    .map(|s| s.url.clone())
                    .unwrap_or_else(|| c.url(&format!("/{}/", s.trim_matches('/')))),
                (None, Some(u)) => c.url(u),
                _ => c.base_path.clone(),
            };
            (m.title.clone(), url)
        })
        .collect()
}

/// The global `site` variable.
fn site_value(site: &Site, menu: &[(String, String)]) -> Value {
    let c = &site.config;
    let menu = values::list(menu.iter().map(|(title, url)| values::link(title, url)));
    let mut top: Vec<&crate::model::Section> = site
        .sections
        .iter()
        .filter(|s| s.parent == Some(0))
        .collect();
    top.sort_by(|a, b| {
        a.source
            .weight
            .cmp(&b.source.weight)
            .then_with(|| crate::collate::Collator::new().compare(&a.source.title, &b.source.title))
    });
    let sections = values::list(top.iter().map(|s| {
        obj([
            ("title", text(&s.source.title)),
            ("url", text(&s.url)),
            ("kind", text(s.source.kind.as_str())),
        ])
    }));
    obj([
        ("title", text(&c.title)),
        ("description", text(&c.description)),
        ("language", text(&c.language)),
        ("base_url", text(&c.base_url)),
        ("base_path", text(&c.base_path)),
        ("url", text(&c.base_path)),
        ("menu", menu),
        ("sections", sections),
        ("social", Value::from_serializable(&c.social)),
        ("organization", Value::from_serializable(&c.organization)),
        ("extra", Value::from_serializable(&c.extra)),
        ("now", text(&crate::date::rfc3339(&site.options.now))),
        ("search_url", text(&c.url("/tim-kiem/"))),
        ("feed_url", text(&c.url("/rss.xml"))),
    ])
}

/// Render `template` with `vars` plus the per-page basics. Errors are reported
/// against the template file, naming the page being rendered.
pub(crate) fn render_template(
    ctx: &Ctx,
    template: &str,
    url: &str,
    source: Option<&Path>,
    vars: Vec<(&'static str, Value)>,
) -> Option<Vec<u8>> {
    let mut c = Context::new();
    c.insert("page_url", url);
    c.insert_value("chrome", ctx.chrome.get(ctx, url)?);
    for (k, v) in vars {
        c.insert_value(k, v);
    }
    // Straight to bytes: no second UTF-8 validation of the whole page.
    let mut out = Vec::with_capacity(32 * 1024);
    match ctx.theme.tera.render_to(template, &c, &mut out) {
        Ok(()) => Some(out),
        Err(e) => {
            let mut d = theme::template_error(&e, &ctx.theme.files);
            let what = source
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| url.to_string());
            d.vi.push_str(&format!(" (khi dựng {what})"));
            d.en.push_str(&format!(" (while rendering {what})"));
            ctx.diags.push(d);
            None
        }
    }
}

/// Output file path for a site-absolute URL: `/bao/thoi-su/` → `thoi-su/index.html`.
pub(crate) fn output_path(site: &Site, url: &str) -> String {
    let rel = url
        .strip_prefix(site.config.base_path.as_str())
        .unwrap_or(url.trim_start_matches('/'));
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

/// Static files of the theme and site, and every bundle's files.
fn copy_assets(ctx: &Ctx, sink: &dyn Sink) {
    let site = ctx.site;
    ctx.theme.statics.par_iter().for_each(|(path, source)| {
        let result = match source {
            theme::StaticSource::Embedded(bytes) => sink.write(path, bytes),
            theme::StaticSource::Disk(from) => sink.copy(path, from),
        };
        if let Err(e) = result {
            ctx.diags.error(
                Location::file(path),
                format!("không sao chép được: {e}"),
                format!("cannot copy: {e}"),
            );
        }
    });
    site.pages
        .par_iter()
        .filter(|p| p.source.bundle.is_some())
        .for_each(|p| {
            let bundle = site_root_join(site, p.source.bundle.as_deref().unwrap_or(Path::new("")));
            let dir = output_path(site, &p.url)
                .trim_end_matches("index.html")
                .to_string();
            for asset in &p.source.assets {
                let name = asset.to_string_lossy().replace('\\', "/");
                if let Err(e) = sink.copy(&format!("{dir}{name}"), &bundle.join(asset)) {
                    ctx.diags.error(
                        Location::file(&p.source.file),
                        format!("không sao chép được {name}: {e}"),
                        format!("cannot copy {name}: {e}"),
                    );
                }
            }
        });
}

fn site_root_join(site: &Site, rel: &Path) -> std::path::PathBuf {
    site.root.join(rel)
}

/// Default template of a page kind.
pub(crate) fn page_template(kind: Kind) -> &'static str {
    match kind {
        Kind::News => "article.html",
        Kind::Pages => "page.html",
        Kind::Campaigns => "campaign.html",
        Kind::Rosters => "roster.html",
    }
}

/// A site folder for tests: `loa.yaml` with `config`, and a function that
/// writes a file under `content/`.
#[cfg(test)]
pub(crate) fn fixture_site<'r>(root: &'r Path, config: &str) -> impl Fn(&str, &str) + use<'r> {
    std::fs::write(root.join("loa.yaml"), config).unwrap();
    move |rel: &str, text: &str| {
        let path = root.join("content").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// The model and theme of the site at `root` for tests, under `base_url`
/// when given.
#[cfg(test)]
pub(crate) fn fixture_model(
    root: &Path,
    base_url: Option<&str>,
    diags: &Diagnostics,
) -> (Site, Theme) {
    let opts = crate::pipeline::Options {
        root: root.to_path_buf(),
        base_url: base_url.map(str::to_string),
        ..crate::pipeline::Options::default()
    };
    crate::pipeline::prepare(&opts, diags, None).expect("the site models")
}
