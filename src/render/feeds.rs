//! Machine files: RSS feeds (site and per section), sitemap.xml, robots.txt
//! and the search index. A static file of the same path (the site's
//! `static/robots.txt`, say) takes the place of a feed, the sitemap or
//! robots.txt: it is copied as it is, and loa writes none.

use rayon::prelude::*;
use tera::Value;

use super::values::{self, obj, text};
use super::{output_path, render_template, write, Ctx, Sink};
use crate::frontmatter::Kind;
use crate::model::PageId;

pub(crate) fn render(ctx: &Ctx, sink: &dyn Sink) {
    let site = ctx.site;
    let c = &site.config;
    // Site feed: newest news; section feeds: the section's newest pages.
    let mut feeds: Vec<(String, String, String, Vec<PageId>)> = vec![(
        c.title.clone(),
        c.base_path.clone(),
        c.url("/rss.xml"),
        site.news.iter().copied().take(c.feed_limit).collect(),
    )];
    for s in site.sections.iter().skip(1) {
        let ids = crate::model::newest_first(site, s.pages.iter().copied())
            .into_iter()
            .take(c.feed_limit)
            .collect();
        feeds.push((
            section_feed_title(s, &c.title),
            s.url.clone(),
            section_feed_url(s),
            ids,
        ));
    }
    // The feeds and the sitemap (one thread each, short) beside the search
    // index (all threads, long): no core waits for the last feed.
    let mut timer = crate::timings::Timer::new();
    rayon::join(
        || {
            feeds.par_iter().for_each(|(title, url, self_url, ids)| {
                let path = output_path(site, self_url);
                if ctx.is_static(&path) {
                    return;
                }
                if let Some(xml) = feed(ctx, title, url, self_url, ids) {
                    write(sink, &path, &xml, ctx.diags);
                }
            });
            if !ctx.is_static("sitemap.xml") {
                write(sink, "sitemap.xml", sitemap(ctx).as_bytes(), ctx.diags);
            }
            if !ctx.is_static("robots.txt") {
                let robots = format!(
                    "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
                    c.base_url
                );
                write(sink, "robots.txt", robots.as_bytes(), ctx.diags);
            }
        },
        || search_index(ctx, sink),
    );
    timer.lap(" search");
}

/// The URL of a section's feed.
pub(crate) fn section_feed_url(s: &crate::model::Section) -> String {
    format!("{}rss.xml", s.url)
}

/// The title of a section's feed ("<section> - <site>"), which its pages
/// also announce in `<link rel="alternate">` (`feed_title`).
pub(crate) fn section_feed_title(s: &crate::model::Section, site_title: &str) -> String {
    format!("{} - {}", s.source.title, site_title)
}

fn feed(ctx: &Ctx, title: &str, url: &str, self_url: &str, ids: &[PageId]) -> Option<Vec<u8>> {
    let site = ctx.site;
    let c = &site.config;
    let updated = ids
        .first()
        .and_then(|&i| site.pages[i].date)
        .unwrap_or(site.options.now);
    let items = values::list(ids.iter().map(|&i| {
        let p = &site.pages[i];
        let d = p.date.unwrap_or(site.options.now);
        obj([
            ("title", text(p.title())),
            ("permalink", text(&c.permalink(&p.url))),
            ("date", text(&crate::date::rfc3339(&d))),
            ("date_rfc2822", text(&d.to_rfc2822())),
            ("summary", text(&p.summary)),
            ("content", text(&p.body().html)),
            (
                "author",
                values::opt_text(p.fm().author.first().map(String::as_str)),
            ),
            (
                "image",
                p.image
                    .as_deref()
                    .map_or_else(Value::none, |u| text(&c.permalink(u))),
            ),
        ])
    }));
    let feed = obj([
        ("title", text(title)),
        ("url", text(&c.permalink(url))),
        ("self_url", text(&c.permalink(self_url))),
        ("updated", text(&crate::date::rfc3339(&updated))),
        ("updated_rfc2822", text(&updated.to_rfc2822())),
        ("description", text(&c.description)),
    ]);
    render_template(
        ctx,
        "rss.xml",
        self_url,
        None,
        vec![("feed", feed), ("items", items)],
    )
}

fn sitemap(ctx: &Ctx) -> String {
    let site = ctx.site;
    let c = &site.config;
    let mut urls: Vec<(String, Option<String>)> = Vec::new();
    let newest = site
        .news
        .first()
        .and_then(|&i| site.pages[i].date)
        .map(|d| crate::date::rfc3339(&d));
    urls.push((c.base_path.clone(), newest.clone()));
    for s in site.sections.iter().skip(1) {
        let last = s
            .pages
            .iter()
            .filter_map(|&i| site.pages[i].date)
            .max()
            .map(|d| crate::date::rfc3339(&d));
        urls.push((s.url.clone(), last));
    }
    for p in &site.pages {
        let d = p.fm().updated.or(p.date).map(|d| crate::date::rfc3339(&d));
        urls.push((p.url.clone(), d));
    }
    for t in &site.tags {
        urls.push((t.url.clone(), None));
    }
    urls.push((c.url("/the/"), None));
    urls.push((c.url("/luu-tru/"), None));
    for m in &site.archive {
        urls.push((m.url.clone(), None));
    }
    urls.extend(
        super::domain::sitemap_urls(site)
            .into_iter()
            .map(|u| (u, None)),
    );
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (url, lastmod) in urls {
        out.push_str("  <url><loc>");
        out.push_str(&xml_escape(&c.permalink(&url)));
        out.push_str("</loc>");
        if let Some(d) = lastmod {
            out.push_str("<lastmod>");
            out.push_str(&d);
            out.push_str("</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn search_index(ctx: &Ctx, sink: &dyn Sink) {
    let site = ctx.site;
    let dates: Vec<Option<String>> = site
        .pages
        .par_iter()
        .map(|p| p.date.map(|d| crate::date::rfc3339(&d)))
        .collect();
    let docs: Vec<crate::search::SearchDoc> = site
        .pages
        .iter()
        .filter(|p| p.kind != Kind::Pages || p.section == 0)
        .map(|p| crate::search::SearchDoc {
            url: &p.url,
            title: p.title(),
            date: dates[p.id].as_deref(),
            section: (p.section != 0).then(|| site.sections[p.section].source.title.as_str()),
            text: &p.body().text,
        })
        .collect();
    let files = crate::search::build_index(&docs);
    files.par_iter().for_each(|(path, bytes)| {
        write(
            sink,
            &format!("{}/{path}", crate::search::INDEX_DIR),
            bytes,
            ctx.diags,
        );
    });
}
