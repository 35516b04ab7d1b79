//! The built-in theme's tag and section listing pages (`tag.html` and
//! `section.html` on `base.html`, with `partials/pagination.html`), written
//! directly instead of through Tera's interpreter. A news site has about
//! one listing page for every five articles (every twenty articles of each
//! tag and of each section), and the interpreter spent some 35 µs on each,
//! plus the twenty summaries it reads.
//!
//! Used only while those four files are the built-in ones and are the files
//! this code mirrors ([`MIRRORED`], checked by a test), and while the cards
//! and the breadcrumb come from the built-in components (`Cards`). A page
//! this code does not cover (a card Tera must render) gets `None`: the caller
//! renders it with Tera. Tests render listings of every shape both ways and
//! compare bytes.

use std::borrow::Cow;

use super::cards::Cards;
use super::frame::{self, chrome_part, Frame, Head, Writer};
use super::shared::Fragment;
use super::theme::Theme;
use super::values::{
    ancestors, listing_title, page_chunk, page_count, page_n_url, shown, shown_pages, tag_head,
};
use super::Ctx;
use crate::config::Config;
use crate::frontmatter::Kind;
use crate::model::PageId;

/// FNV-1a of the four built-in files this module mirrors, one after the
/// other. When one changes, the module turns itself off until it is brought
/// up to date (and `mirrors_the_built_in_files` fails).
const MIRRORED: u64 = 0x93c3_f4b5_c0a8_7889;

/// The files, in the order [`MIRRORED`] hashes them.
const FILES: [(&str, &str); 4] = [
    (
        "base.html",
        include_str!("../../themes/cong/templates/base.html"),
    ),
    (
        "tag.html",
        include_str!("../../themes/cong/templates/tag.html"),
    ),
    (
        "section.html",
        include_str!("../../themes/cong/templates/section.html"),
    ),
    (
        "partials/pagination.html",
        include_str!("../../themes/cong/templates/partials/pagination.html"),
    ),
];

pub(crate) struct ListingPages {
    frame: Frame,
}

impl ListingPages {
    /// `Some` when the theme's listing files are the built-in ones mirrored here.
    pub fn new(theme: &Theme, config: &Config) -> Option<ListingPages> {
        frame::mirrors(theme, &FILES, MIRRORED).then(|| ListingPages {
            frame: Frame::new(config),
        })
    }

    /// Page `n` of tag `id`, as Tera renders `tag.html`; `None` when Tera must.
    pub fn tag(&self, ctx: &Ctx, id: usize, n: usize) -> Option<Vec<u8>> {
        let site = ctx.site;
        let c = &site.config;
        let cards = ctx.cards.as_ref()?;
        let t = &site.tags[id];
        let per = c.paginate;
        let chunk = page_chunk(&t.pages, per, n);
        let grid = card_grid(chunk, |_, p| {
            ctx.fragments
                .html(ctx, p, Fragment::CardWithSection)
                .map(Cow::Borrowed)
        })?;
        let url = page_n_url(&t.url, n);
        let (title, description) = tag_head(&t.name);
        let head = Head {
            title: &title,
            description: &description,
            og_type: "website",
            og_image: None,
            feed: "",
            feed_title: "",
        };
        let total = page_count(t.pages.len(), per);
        self.page(ctx, &url, &head, 16 * 1024 + grid.len(), |w| {
            w.raw("\n<div class=\"container\">\n  ");
            let tags_url = c.url("/the/");
            cards.breadcrumb(
                &c.base_path,
                &[(tags_url.as_str(), "Từ khóa")],
                &t.name,
                &mut w.out,
            );
            w.raw("\n  <header class=\"listing-header\">\n    <h1 class=\"listing-title\">");
            w.raw("<span class=\"listing-kicker\">Từ khóa:</span> ");
            w.text(&t.name);
            w.raw("</h1>\n    <p class=\"listing-desc\">");
            w.number(t.pages.len());
            w.raw(" bài viết</p>\n  </header>");
            let empty = "Chưa có bài viết nào với từ khóa này.";
            grid_and_pages(
                w,
                (!chunk.is_empty()).then_some(grid.as_str()),
                empty,
                &t.url,
                n,
                total,
            );
        })
    }

    /// Page `n` of section `id`, as Tera renders `section.html`; `None` when
    /// Tera must.
    pub fn section(&self, ctx: &Ctx, id: usize, n: usize) -> Option<Vec<u8>> {
        let site = ctx.site;
        let cards = ctx.cards.as_ref()?;
        let s = &site.sections[id];
        let per = ctx.paginate(Some(id));
        let chunk = page_chunk(&s.pages, per, n);
        let news = s.source.kind == Kind::News;
        let grid = card_grid(chunk, |k, p| {
            if k == 0 && news && n == 1 {
                lead_card(ctx, cards, p)
            } else {
                ctx.fragments
                    .html(ctx, p, Fragment::Card)
                    .map(Cow::Borrowed)
            }
        })?;
        let url = page_n_url(&s.url, n);
        let name = s.source.title.as_str();
        let title = listing_title(name, n);
        let description = s.source.description.as_deref().unwrap_or_default();
        let feed = super::feeds::section_feed_url(s);
        let feed_title = super::feeds::section_feed_title(s, &site.config.title);
        let head = Head {
            title: &title,
            description,
            og_type: "website",
            og_image: None,
            feed: &feed,
            feed_title: &feed_title,
        };
        let total = page_count(s.pages.len(), per);
        self.page(ctx, &url, &head, 16 * 1024 + grid.len(), |w| {
            w.raw("\n<div class=\"container\">\n  ");
            let ancestors: Vec<(&str, &str)> = ancestors(site, id)
                .into_iter()
                .map(|a| (a.url.as_str(), a.source.title.as_str()))
                .collect();
            cards.breadcrumb(&site.config.base_path, &ancestors, name, &mut w.out);
            w.wrap(
                "\n  <header class=\"listing-header\">\n    <h1 class=\"listing-title\">",
                name,
                "</h1>",
            );
            // `section.description`: absent when blank (the head's is not).
            if let Some(d) = shown(s.source.description.as_deref()) {
                w.wrap("\n    <p class=\"listing-desc\">", d, "</p>");
            }
            w.wrap("\n    <p class=\"listing-feed\"><a href=\"", &feed, "\">");
            self.frame.icon(w, "rss", 16);
            w.wrap(" RSS<span class=\"sr-only\"> ", name, "</span></a></p>");
            w.raw("\n  </header>");
            if !s.children.is_empty() {
                w.raw("\n  <nav class=\"subsections\" aria-label=\"Chuyên mục con\">\n    <ul>");
                for &k in &s.children {
                    let sub = &site.sections[k];
                    w.wrap("\n      <li><a href=\"", &sub.url, "\">");
                    w.text(&sub.source.title);
                    w.raw("</a></li>");
                }
                w.raw("\n    </ul>\n  </nav>");
            }
            if n == 1 && !s.source.body.html.is_empty() {
                w.raw("\n  <div class=\"prose section-content\">");
                w.raw(&s.source.body.html);
                w.raw("</div>");
            }
            let empty = "Chuyên mục chưa có bài viết.";
            grid_and_pages(
                w,
                (!chunk.is_empty()).then_some(grid.as_str()),
                empty,
                &s.url,
                n,
                total,
            );
        })
    }

    /// The page at `url`: base.html around the `main` block that `main` writes.
    fn page(
        &self,
        ctx: &Ctx,
        url: &str,
        head: &Head<'_>,
        room: usize,
        main: impl FnOnce(&mut Writer),
    ) -> Option<Vec<u8>> {
        let chrome = ctx.chrome.get(ctx, url)?;
        let mut w = Writer::new(room);
        let permalink = self.frame.permalink(url);
        self.frame.open(&mut w, &ctx.site.config, head, &permalink);
        self.frame.body(&mut w, chrome_part(&chrome, "header")?);
        main(&mut w);
        self.frame
            .close(&mut w, chrome_part(&chrome, "footer")?, &permalink);
        Some(w.out)
    }
}

/// The listing's `<div class="card-grid">` with `card(k, page)` for the
/// `k`-th page; `None` when a card is Tera's to render.
fn card_grid<'c>(
    chunk: &[PageId],
    card: impl Fn(usize, PageId) -> Option<Cow<'c, str>>,
) -> Option<String> {
    let mut grid = String::with_capacity(1024 * chunk.len());
    grid.push_str("\n  <div class=\"card-grid card-grid-listing\">");
    for (k, &p) in chunk.iter().enumerate() {
        grid.push_str("\n    ");
        grid.push_str(&card(k, p)?);
    }
    grid.push_str("\n  </div>");
    Some(grid)
}

/// The first card of a news section's first page: `variant="lead-wide"`.
fn lead_card<'c>(ctx: &Ctx, cards: &Cards, p: PageId) -> Option<Cow<'c, str>> {
    let mut out = Vec::with_capacity(1024);
    if !cards.card(&ctx.summary(p), 2, false, "lead-wide", &mut out) {
        return None;
    }
    String::from_utf8(out).ok().map(Cow::Owned)
}

/// The end of the `main` block: the card grid (`None` for an empty list,
/// which says `empty`), the pagination, the container's end.
fn grid_and_pages(
    w: &mut Writer,
    grid: Option<&str>,
    empty: &str,
    base_url: &str,
    n: usize,
    total: usize,
) {
    match grid {
        Some(grid) => w.raw(grid),
        None => w.wrap("\n  <p class=\"empty\">", empty, "</p>"),
    }
    w.raw("\n  ");
    pagination(w, base_url, n, total);
    w.raw("\n</div>\n");
}

/// partials/pagination.html for page `current` of `total` under `base_url`.
fn pagination(w: &mut Writer, base_url: &str, current: usize, total: usize) {
    if total > 1 {
        pagination_nav(w, base_url, current, total);
    }
    // The file's last line break.
    w.raw("\n");
}

fn pagination_nav(w: &mut Writer, base_url: &str, current: usize, total: usize) {
    w.raw("\n<nav class=\"pagination\" aria-label=\"Phân trang\">\n  <p class=\"pagination-status\">Trang ");
    w.number(current);
    w.raw("/");
    w.number(total);
    w.raw("</p>\n  <ul>");
    if current > 1 {
        w.wrap(
            "\n    <li><a class=\"page-link page-prev\" href=\"",
            &page_n_url(base_url, current - 1),
            "\" rel=\"prev\"><span aria-hidden=\"true\">‹</span> Trang trước</a></li>",
        );
    }
    for shown in shown_pages(current, total) {
        let Some(k) = shown else {
            w.raw("\n    <li class=\"page-gap\" aria-hidden=\"true\">…</li>");
            continue;
        };
        let here = k == current;
        w.raw("\n    <li><a class=\"page-link page-num");
        if here {
            w.raw(" is-current");
        }
        w.wrap("\" href=\"", &page_n_url(base_url, k), "\"");
        if here {
            w.raw(" aria-current=\"page\"");
        }
        w.raw("><span class=\"sr-only\">Trang </span>");
        w.number(k);
        w.raw("</a></li>");
    }
    if current < total {
        w.wrap(
            "\n    <li><a class=\"page-link page-next\" href=\"",
            &page_n_url(base_url, current + 1),
            "\" rel=\"next\">Trang sau <span aria-hidden=\"true\">›</span></a></li>",
        );
    }
    w.raw("\n  </ul>\n</nav>");
}

#[cfg(test)]
mod tests;
