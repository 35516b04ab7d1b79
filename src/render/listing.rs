//! Rendering of each job: home, sections, pages, tags, archive, search, 404
//! and alias redirects.

use crate::render::Output;
use tera::Value;

use super::article::NewsParts;
use super::shared::Fragment;
use super::values::{self, obj, text};
use super::{output_path, page_template, render_template, Ctx, Job};
use crate::diag::Location;
use crate::frontmatter::Kind;
use crate::model::PageId;

/// Render one job: its output path and HTML, or `None` after reporting an error.
pub(crate) fn render_job(ctx: &Ctx, job: &Job) -> Option<Output> {
    let site = ctx.site;
    let c = &site.config;
    match job {
        Job::Home => {
            let home = &site.sections[0];
            let featured: Vec<PageId> = {
                let f: Vec<PageId> = site
                    .news
                    .iter()
                    .copied()
                    .filter(|&i| site.pages[i].fm().featured)
                    .take(5)
                    .collect();
                if f.is_empty() {
                    site.news.iter().copied().take(3).collect()
                } else {
                    f
                }
            };
            let latest: Vec<PageId> = site
                .news
                .iter()
                .copied()
                .filter(|i| !featured.contains(i))
                .take(10)
                .collect();
            let blocks = values::list(
                site.sections
                    .iter()
                    .filter(|s| {
                        s.parent == Some(0) && s.source.kind == Kind::News && !s.pages.is_empty()
                    })
                    .map(|s| {
                        obj([
                            ("section", values::section_link(s)),
                            ("pages", ctx.summaries(&s.pages[..s.pages.len().min(5)])),
                        ])
                    }),
            );
            let home_value = obj([
                (
                    "title",
                    values::opt_text(
                        home.source
                            .file
                            .as_ref()
                            .map(|_| home.source.title.as_str()),
                    ),
                ),
                ("content", Value::safe_string(&home.source.body.html)),
            ]);
            let html = render_template(
                ctx,
                "home.html",
                &c.base_path,
                home.source.file.as_deref(),
                vec![
                    ("title", text(&c.title)),
                    ("description", text(&c.description)),
                    ("og_type", text("website")),
                    ("feed", text(&c.url("/rss.xml"))),
                    ("home", home_value),
                    ("featured", ctx.summaries(&featured)),
                    ("latest", ctx.summaries(&latest)),
                    ("section_blocks", blocks),
                    ("campaigns", super::domain::home_campaigns(ctx)),
                ],
            )?;
            Some(("index.html".into(), html))
        }
        Job::Section { id, n } => {
            let s = &site.sections[*id];
            let url = values::page_n_url(&s.url, *n);
            let template = s.source.template.as_deref().unwrap_or("section.html");
            if let (Some(l), "section.html") = (&ctx.listing_pages, template) {
                if let Some(html) = l.section(ctx, *id, *n) {
                    return Some((output_path(site, &url), html));
                }
            }
            let per = ctx.paginate(Some(*id));
            let total = values::page_count(s.pages.len(), per);
            let chunk = values::page_chunk(&s.pages, per, *n);
            let title = values::listing_title(&s.source.title, *n);
            let mut vars = values::section_listing(site, *id, &title);
            vars.extend([
                ("subsections", values::subsections(site, *id)),
                ("pages", ctx.summaries_with(chunk, Fragment::Card)),
                ("paginator", values::paginator(&s.url, *n, total)),
            ]);
            let html = render_template(ctx, template, &url, s.source.file.as_deref(), vars)?;
            Some((output_path(site, &url), html))
        }
        Job::Page(id) => render_page(ctx, *id),
        Job::Domain(job) => super::domain::render(ctx, job),
        Job::TagList => {
            let tags = values::list(site.tags.iter().map(|t| {
                obj([
                    ("name", text(&t.name)),
                    ("slug", text(&t.slug)),
                    ("url", text(&t.url)),
                    ("count", Value::from(t.pages.len())),
                ])
            }));
            let url = c.url("/the/");
            let html = render_template(
                ctx,
                "tag_list.html",
                &url,
                None,
                vec![
                    ("title", text("Từ khóa")),
                    ("description", text(&format!("Các từ khóa của {}", c.title))),
                    ("og_type", text("website")),
                    ("tags", tags),
                ],
            )?;
            Some((output_path(site, &url), html))
        }
        Job::Tag { id, n } => {
            let t = &site.tags[*id];
            let url = values::page_n_url(&t.url, *n);
            if let Some(html) = ctx.listing_pages.as_ref().and_then(|l| l.tag(ctx, *id, *n)) {
                return Some((output_path(site, &url), html));
            }
            let per = c.paginate;
            let total = values::page_count(t.pages.len(), per);
            let chunk = values::page_chunk(&t.pages, per, *n);
            let (title, description) = values::tag_head(&t.name);
            let html = render_template(
                ctx,
                "tag.html",
                &url,
                None,
                vec![
                    ("title", text(&title)),
                    ("description", text(&description)),
                    ("og_type", text("website")),
                    (
                        "tag",
                        obj([
                            ("name", text(&t.name)),
                            ("url", text(&t.url)),
                            ("count", Value::from(t.pages.len())),
                        ]),
                    ),
                    (
                        "pages",
                        ctx.summaries_with(chunk, Fragment::CardWithSection),
                    ),
                    ("paginator", values::paginator(&t.url, *n, total)),
                ],
            )?;
            Some((output_path(site, &url), html))
        }
        Job::Archive => {
            let mut years: Vec<(i32, Vec<usize>)> = Vec::new();
            for (i, m) in site.archive.iter().enumerate() {
                match years.last_mut() {
                    Some((y, ms)) if *y == m.year => ms.push(i),
                    _ => years.push((m.year, vec![i])),
                }
            }
            let years = values::list(years.iter().map(|(y, ms)| {
                let count: usize = ms.iter().map(|&i| site.archive[i].pages.len()).sum();
                obj([
                    ("year", Value::from(*y as i64)),
                    ("count", Value::from(count)),
                    (
                        "months",
                        values::list(ms.iter().map(|&i| {
                            let m = &site.archive[i];
                            obj([
                                ("month", Value::from(m.month as i64)),
                                ("url", text(&m.url)),
                                ("count", Value::from(m.pages.len())),
                            ])
                        })),
                    ),
                ])
            }));
            let url = c.url("/luu-tru/");
            let html = render_template(
                ctx,
                "archive.html",
                &url,
                None,
                vec![
                    ("title", text("Lưu trữ")),
                    (
                        "description",
                        text(&format!("Tin bài theo tháng của {}", c.title)),
                    ),
                    ("og_type", text("website")),
                    ("years", years),
                ],
            )?;
            Some((output_path(site, &url), html))
        }
        Job::ArchiveMonth(i) => {
            let m = &site.archive[*i];
            let html = render_template(
                ctx,
                "archive_month.html",
                &m.url,
                None,
                vec![
                    (
                        "title",
                        text(&format!("Lưu trữ tháng {}/{}", m.month, m.year)),
                    ),
                    (
                        "description",
                        text(&format!("Tin bài tháng {}/{}", m.month, m.year)),
                    ),
                    ("og_type", text("website")),
                    ("year", Value::from(m.year as i64)),
                    ("month", Value::from(m.month as i64)),
                    ("pages", ctx.summaries(&m.pages)),
                ],
            )?;
            Some((output_path(site, &m.url), html))
        }
        Job::Search => {
            let url = c.url("/tim-kiem/");
            let html = render_template(
                ctx,
                "search.html",
                &url,
                None,
                vec![
                    ("title", text("Tìm kiếm")),
                    (
                        "description",
                        text(&format!("Tìm kiếm tin bài trên {}", c.title)),
                    ),
                    ("og_type", text("website")),
                    (
                        "search",
                        obj([(
                            "index_url",
                            text(&c.url(&format!("/{}/", crate::search::INDEX_DIR))),
                        )]),
                    ),
                ],
            )?;
            Some((output_path(site, &url), html))
        }
        Job::NotFound => {
            let url = c.url("/404.html");
            let html = render_template(
                ctx,
                "404.html",
                &url,
                None,
                vec![
                    ("title", text("Không tìm thấy trang")),
                    ("description", text(&c.description)),
                    ("og_type", text("website")),
                ],
            )?;
            Some(("404.html".into(), html))
        }
        Job::Alias { from, to, file } => {
            let Some(path) = alias_path(from) else {
                ctx.diags.error(
                    Location::at(file, 1, 1),
                    format!("đường dẫn cũ `{from}` trong `aliases` không hợp lệ: phải bắt đầu bằng `/` và không chứa `..`"),
                    format!("alias `{from}` is invalid: it must start with `/` and must not contain `..`"),
                );
                return None;
            };
            let target = c.permalink(to);
            let html = render_template(
                ctx,
                "alias.html",
                &c.url(from),
                Some(file),
                vec![("target", text(&target))],
            )?;
            Some((path, html))
        }
    }
}

/// `/tin-cu/ten-cu/` → `tin-cu/ten-cu/index.html`; `/a.html` → `a.html`.
fn alias_path(from: &str) -> Option<String> {
    let rel = from.strip_prefix('/')?;
    if rel.split('/').any(|p| p == ".." || p == ".")
        || rel.contains(['\\', '\0', '?', '#'])
        || rel.starts_with('/')
    {
        return None;
    }
    Some(if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else if rel.ends_with(".html") {
        rel.to_string()
    } else {
        format!("{rel}/index.html")
    })
}

pub(super) fn render_page(ctx: &Ctx, id: PageId) -> Option<Output> {
    let site = ctx.site;
    let p = &site.pages[id];
    let fm = p.fm();
    let template = fm.template.as_deref().unwrap_or(page_template(p.kind));
    let news = match p.kind {
        Kind::News => Some(NewsParts::new(ctx, id)?),
        _ => None,
    };
    if let (Some(n), Some(articles), "article.html") = (&news, &ctx.articles, template) {
        if let Some(html) = n.native(ctx, articles, p) {
            return Some((output_path(site, &p.url), html));
        }
    }
    // Room for the news page's variables too: no growing step by step.
    let mut vars = Vec::with_capacity(10);
    vars.extend([
        ("title", text(p.title())),
        ("description", text(&p.summary)),
        (
            "og_type",
            text(if p.kind == Kind::Pages {
                "website"
            } else {
                "article"
            }),
        ),
        (
            "og_image",
            p.image.as_deref().map_or_else(Value::none, text),
        ),
        (
            "page",
            values::page(site, &ctx.links, p, super::domain::page_extras(site, p)),
        ),
    ]);
    if let Some(n) = news {
        vars.extend(n.vars(ctx));
    }
    vars.retain(|(_, v)| !v.is_none());
    let html = render_template(ctx, template, &p.url, Some(&p.source.file), vars)?;
    Some((output_path(site, &p.url), html))
}

#[cfg(test)]
mod tests {
    use super::alias_path;

    #[test]
    fn alias_paths_stay_inside() {
        assert_eq!(
            alias_path("/tin-cu/a/").as_deref(),
            Some("tin-cu/a/index.html")
        );
        assert_eq!(alias_path("/a.html").as_deref(), Some("a.html"));
        assert_eq!(alias_path("/a").as_deref(), Some("a/index.html"));
        assert_eq!(alias_path("/../etc/passwd"), None);
        assert_eq!(alias_path("//evil"), None);
        assert_eq!(alias_path("relative/"), None);
    }
}
