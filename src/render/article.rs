//! The built-in theme's article page (`article.html` on `base.html`, with
//! `partials/share.html` and `partials/attachments.html`), written directly
//! instead of through Tera's interpreter. Articles are most of a news
//! site's pages, and the interpreter spent about 12 µs on each, plus the
//! `page` value it reads (a map of some twenty entries built per page).
//!
//! Used only while those four files are the built-in ones (not overridden
//! by a site or theme) and are the files this code mirrors ([`MIRRORED`],
//! checked by a test), and while the article's boxes come ready-made (the
//! related headlines, the breadcrumb). A page this code does not cover (no
//! date, a related item without its headline) gets `None`: the caller
//! renders it with Tera. Tests render articles of every shape both ways
//! and compare bytes.
//!
//! [`NewsParts`] gathers what an article shows beside its own text (boxes,
//! feed, JSON-LD) for both ways of writing it.

use super::filters::{date_vn, urlencode};
use super::frame::{self, chrome_part, Frame, Head, Writer};
use super::theme::Theme;
use super::values::{file_ext, reading_minutes, shown};
use crate::config::Config;
use crate::date;
use crate::model::{related, resolve_asset_url, Page, PageId, Site};
use tera::Value;

use super::shared::Fragment;
use super::{values, Ctx};

/// FNV-1a of the four built-in files this module mirrors, one after the
/// other. When one changes, the module turns itself off until it is brought
/// up to date (and `mirrors_the_built_in_files` fails).
const MIRRORED: u64 = 0x1f4a_080b_1afa_3c83;

/// The files, in the order [`MIRRORED`] hashes them.
const FILES: [(&str, &str); 4] = [
    (
        "base.html",
        include_str!("../../themes/cong/templates/base.html"),
    ),
    (
        "article.html",
        include_str!("../../themes/cong/templates/article.html"),
    ),
    (
        "partials/share.html",
        include_str!("../../themes/cong/templates/partials/share.html"),
    ),
    (
        "partials/attachments.html",
        include_str!("../../themes/cong/templates/partials/attachments.html"),
    ),
];

/// What the article page needs beside the page: the parts other code
/// renders (and shares between pages).
pub(crate) struct Parts<'a> {
    pub header: &'a str,
    pub footer: &'a str,
    pub breadcrumb: &'a str,
    /// `headline_html` of each related page.
    pub related: Vec<&'a str>,
    pub same_section: Option<&'a str>,
    pub feed: &'a str,
    pub feed_title: &'a str,
    pub json_ld: &'a str,
    /// `(title, url)` of the page's campaign.
    pub campaign: Option<(&'a str, &'a str)>,
    /// `(name, url)` of the units the page names.
    pub units: Vec<(&'a str, String)>,
}

pub(crate) struct Articles {
    frame: Frame,
}

impl Articles {
    /// `Some` when the theme's article files are the built-in ones mirrored here.
    pub fn new(theme: &Theme, config: &Config) -> Option<Articles> {
        frame::mirrors(theme, &FILES, MIRRORED).then(|| Articles {
            frame: Frame::new(config),
        })
    }

    /// The page, as Tera renders `article.html` for it; `None` when Tera must.
    pub fn page(&self, site: &Site, p: &Page, parts: &Parts<'_>) -> Option<Vec<u8>> {
        let date = date::rfc3339(p.date.as_ref()?);
        let updated = p.fm().updated.as_ref().map(date::rfc3339);
        let tz = site.config.timezone;
        let shown_date = date_vn(&date, tz, "full")?;
        let shown_updated = match &updated {
            Some(u) if *u != date => Some((u.as_str(), date_vn(u, tz, "full")?)),
            _ => None,
        };
        let mut w = Writer::new(32 * 1024 + p.body().html.len());
        let page_permalink = self.frame.permalink(&p.url);
        let head = Head {
            title: p.title(),
            description: &p.summary,
            og_type: "article",
            og_image: p.image.as_deref(),
            feed: parts.feed,
            feed_title: parts.feed_title,
        };
        self.frame
            .open(&mut w, &site.config, &head, &page_permalink);
        Self::article_meta(&mut w, site, p, &date, updated.as_deref());
        w.raw("\n<script type=\"application/ld+json\">");
        w.raw(parts.json_ld);
        w.raw("</script>\n");
        self.frame.body(&mut w, parts.header);
        // {% block main %}
        w.raw("\n<div class=\"container\">\n  ");
        w.raw(parts.breadcrumb);
        w.raw("\n  <div class=\"article-layout\">\n    <article class=\"article\">\n      <header class=\"article-header\">");
        if let Some((title, url)) = parts.campaign {
            w.raw("\n        <p class=\"article-kicker\">");
            self.icon(&mut w, "flag", 16);
            w.wrap(" <a href=\"", url, "\">");
            w.text(title);
            w.raw("</a></p>");
        }
        w.wrap(
            "\n        <h1 class=\"article-title\">",
            p.title(),
            "</h1>\n        <p class=\"article-date\">\n          ",
        );
        self.icon(&mut w, "clock", 16);
        w.wrap(" <time datetime=\"", &date, "\">");
        w.text(&shown_date);
        w.raw("</time>");
        if let Some((u, shown)) = &shown_updated {
            w.wrap(
                "\n          <span class=\"article-updated\">Cập nhật: <time datetime=\"",
                u,
                "\">",
            );
            w.text(shown);
            w.raw("</time></span>");
        }
        let minutes = reading_minutes(p.body().words);
        if minutes > 1 {
            w.raw("\n          <span class=\"article-reading\">");
            w.raw(&minutes.to_string());
            w.raw(" phút đọc</span>");
        }
        w.raw("\n        </p>\n        ");
        self.share(&mut w, site, p);
        w.raw("\n      </header>");
        if let Some(summary) = shown(p.fm().summary.as_deref()) {
            w.wrap("\n      <div class=\"sapo\">", summary, "</div>");
        }
        w.raw("\n      <div class=\"prose article-content\">\n        ");
        w.raw(&p.body().html);
        w.raw("\n      </div>");
        self.byline(&mut w, p);
        w.raw("\n      ");
        self.attachments(&mut w, site, p);
        Self::units_and_tags(&mut w, site, p, parts);
        w.raw("\n    </article>");
        if !parts.related.is_empty() {
            w.raw("\n    <section class=\"side-box related\" aria-labelledby=\"co-the-ban-quan-tam\">\n      <h2 id=\"co-the-ban-quan-tam\" class=\"box-title\">Có thể bạn quan tâm</h2>\n      <ul class=\"headline-list\">");
            for headline in &parts.related {
                w.raw("\n        <li>");
                w.raw(headline);
                w.raw("</li>");
            }
            w.raw("\n      </ul>\n    </section>");
        }
        w.raw("\n  </div>");
        if let Some(html) = parts.same_section.filter(|h| !h.is_empty()) {
            w.raw("\n  ");
            w.raw(html);
        }
        w.raw("\n</div>\n");
        self.frame.close(&mut w, parts.footer, &page_permalink);
        Some(w.out)
    }

    /// The units the article names and its tags, at the end of the article.
    fn units_and_tags(w: &mut Writer, site: &Site, p: &Page, parts: &Parts<'_>) {
        if !parts.units.is_empty() {
            w.raw("\n      <p class=\"article-units\"><span class=\"label\">Đơn vị được nhắc đến:</span>");
            for (k, (name, url)) in parts.units.iter().enumerate() {
                w.wrap(" <a href=\"", url, "\">");
                w.text(name);
                w.raw("</a>");
                if k + 1 < parts.units.len() {
                    w.raw(",");
                }
            }
            w.raw("\n      </p>");
        }
        if !p.tags.is_empty() {
            w.raw("\n      <div class=\"tags\">\n        <h2 class=\"tags-title\">Từ khóa</h2>\n        <ul class=\"tag-list\">");
            for &t in &p.tags {
                let tag = &site.tags[t];
                w.wrap("\n          <li><a href=\"", &tag.url, "\">");
                w.text(&tag.name);
                w.raw("</a></li>");
            }
            w.raw("\n        </ul>\n      </div>");
        }
    }

    /// The `head` block of article.html, up to its JSON-LD.
    fn article_meta(w: &mut Writer, site: &Site, p: &Page, date: &str, updated: Option<&str>) {
        w.wrap(
            "\n<meta property=\"article:published_time\" content=\"",
            date,
            "\">",
        );
        if let Some(u) = updated {
            w.wrap(
                "\n<meta property=\"article:modified_time\" content=\"",
                u,
                "\">",
            );
        }
        if p.section != 0 {
            w.wrap(
                "\n<meta property=\"article:section\" content=\"",
                &site.sections[p.section].source.title,
                "\">",
            );
        }
        for &t in &p.tags {
            w.wrap(
                "\n<meta property=\"article:tag\" content=\"",
                &site.tags[t].name,
                "\">",
            );
        }
    }

    /// partials/share.html.
    fn share(&self, w: &mut Writer, site: &Site, p: &Page) {
        let share_u = urlencode(&site.config.permalink(&p.url));
        w.raw("\n<div class=\"share-bar\">\n  <button type=\"button\" class=\"btn btn-print needs-js\" data-print>");
        self.icon(w, "print", 18);
        w.wrap(" <span>In bài</span></button>\n  <p class=\"share-label\">Chia sẻ:</p>\n  <ul class=\"share-links\">\n    <li><a class=\"share-link share-facebook\" href=\"https://www.facebook.com/sharer/sharer.php?u=", &share_u, "\">");
        self.icon(w, "facebook", 18);
        w.wrap("<span class=\"sr-only\">Chia sẻ lên Facebook</span></a></li>\n    <li><a class=\"share-link share-zalo\" href=\"https://sp.zalo.me/share_to?url=", &share_u, "\">");
        self.icon(w, "zalo", 18);
        w.wrap("<span class=\"sr-only\">Chia sẻ qua Zalo</span></a></li>\n    <li><a class=\"share-link share-x\" href=\"https://x.com/intent/post?url=", &share_u, "&amp;text=");
        w.text(&urlencode(p.title()));
        w.raw("\">");
        self.icon(w, "x", 18);
        w.raw("<span class=\"sr-only\">Chia sẻ lên X</span></a></li>\n  </ul>\n</div>\n");
    }

    /// The byline of article.html: author, source.
    fn byline(&self, w: &mut Writer, p: &Page) {
        let fm = p.fm();
        let (source, source_url) = (shown(fm.source.as_deref()), shown(fm.source_url.as_deref()));
        if fm.author.is_empty() && source.is_none() && source_url.is_none() {
            return;
        }
        w.raw("\n      <div class=\"byline\">");
        if !fm.author.is_empty() {
            w.wrap(
                "\n        <p class=\"byline-author\">",
                &fm.author.join(", "),
                "</p>",
            );
        }
        if source.is_some() || source_url.is_some() {
            w.raw("\n        <p class=\"byline-source\">Nguồn: ");
            match source_url {
                Some(url) => {
                    w.wrap("<a href=\"", url, "\">");
                    w.text(source.unwrap_or(url));
                    w.raw("</a>");
                }
                None => w.text(source.unwrap_or_default()),
            }
            w.raw("</p>");
        }
        w.raw("\n      </div>");
    }

    /// partials/attachments.html.
    fn attachments(&self, w: &mut Writer, site: &Site, p: &Page) {
        let attachments = &p.fm().attachments;
        if attachments.is_empty() {
            w.raw("\n");
            return;
        }
        w.raw("\n<section class=\"attachments\" aria-labelledby=\"tep-dinh-kem\">\n  <h2 id=\"tep-dinh-kem\">Tệp đính kèm</h2>\n  <ul class=\"file-list\">");
        for a in attachments {
            let url = resolve_asset_url(&site.config, &p.url, &a.file);
            let ext = file_ext(&a.file);
            w.wrap("\n    <li>\n      <a href=\"", &url, "\">");
            self.icon(w, "file", 18);
            w.wrap(" <span class=\"file-title\">", &a.title, "</span>");
            if !ext.is_empty() {
                w.wrap(
                    " <span class=\"file-type\">(",
                    &ext.to_uppercase(),
                    ")</span>",
                );
            }
            w.wrap(
                "</a>\n      <span class=\"print-url\">(",
                &self.frame.permalink(&url),
                ")</span>\n    </li>",
            );
        }
        w.raw("\n  </ul>\n</section>\n");
    }

    fn icon(&self, w: &mut Writer, name: &str, size: i64) {
        self.frame.icon(w, name, size);
    }
}

/// Headlines in the related box ("Có thể bạn quan tâm").
const RELATED: usize = 5;
/// Cards in the "Tin cùng chuyên mục" box.
const SAME_SECTION: usize = 10;

/// What an article shows beside its own page: its boxes, feed and JSON-LD.
pub(super) struct NewsParts {
    /// Written directly while the breadcrumb component is the built-in one.
    breadcrumb: Option<String>,
    /// The related pages.
    related: Vec<PageId>,
    same_section: Option<Value>,
    feed: String,
    feed_title: String,
    json_ld: String,
}

impl NewsParts {
    /// `None` after reporting an error (of the "Tin cùng chuyên mục" box).
    pub(super) fn new(ctx: &Ctx, id: PageId) -> Option<NewsParts> {
        let site = ctx.site;
        let p = &site.pages[id];
        let related = related(site, id, RELATED);
        let s = &site.sections[p.section];
        let same: Vec<PageId> = s
            .pages
            .iter()
            .copied()
            .filter(|&o| o != id && !related.contains(&o))
            .take(SAME_SECTION)
            .collect();
        let same_section = if same.is_empty() {
            None
        } else {
            Some(ctx.same_section.get(ctx, p.section, same)?)
        };
        Some(NewsParts {
            breadcrumb: breadcrumb(ctx, p),
            related,
            same_section,
            feed: super::feeds::section_feed_url(s),
            feed_title: super::feeds::section_feed_title(s, &site.config.title),
            json_ld: super::jsonld::news_article(site, p),
        })
    }

    /// The template variables `article.html` reads beside `page`.
    pub(super) fn vars(self, ctx: &Ctx) -> Vec<(&'static str, Value)> {
        let mut vars = Vec::with_capacity(6);
        vars.extend(
            self.breadcrumb
                .map(|b| ("breadcrumb_html", Value::safe_string(&b))),
        );
        vars.push((
            "related",
            ctx.summaries_with(&self.related, Fragment::Headline),
        ));
        vars.extend(self.same_section.map(|s| ("same_section_html", s)));
        vars.extend(values::feed(&self.feed, self.feed_title));
        vars.push(("json_ld", Value::safe_string(&self.json_ld)));
        vars
    }

    /// The page written by [`Articles`]; `None` when Tera must render it.
    pub(super) fn native(&self, ctx: &Ctx, articles: &Articles, p: &Page) -> Option<Vec<u8>> {
        let site = ctx.site;
        let chrome = ctx.chrome.get(ctx, &p.url)?;
        let related: Option<Vec<&str>> = self
            .related
            .iter()
            .map(|&r| ctx.fragments.html(ctx, r, Fragment::Headline))
            .collect();
        let parts = Parts {
            header: chrome_part(&chrome, "header")?,
            footer: chrome_part(&chrome, "footer")?,
            breadcrumb: self.breadcrumb.as_deref()?,
            related: related?,
            same_section: match &self.same_section {
                Some(v) => Some(v.as_str()?),
                None => None,
            },
            feed: &self.feed,
            feed_title: &self.feed_title,
            json_ld: &self.json_ld,
            campaign: p
                .refs
                .campaign
                .map(|c| (site.pages[c].title(), site.pages[c].url.as_str())),
            units: p
                .refs
                .units
                .iter()
                .map(|&u| {
                    (
                        site.units[u].name.as_str(),
                        super::domain::unit_url(site, u),
                    )
                })
                .collect(),
        };
        articles.page(site, p, &parts)
    }
}

/// An article's breadcrumb (home, its section, its title) as the built-in
/// `breadcrumb` component writes it, for the built-in `article.html`
/// (`breadcrumb_html`); `None` when the component is not the built-in one.
fn breadcrumb(ctx: &Ctx, p: &Page) -> Option<String> {
    let cards = ctx.cards.as_ref()?;
    let s = &ctx.site.sections[p.section];
    let section = [(s.url.as_str(), s.source.title.as_str())];
    let trail = if p.section != 0 { &section[..] } else { &[] };
    let mut html = Vec::with_capacity(512);
    cards.breadcrumb(&ctx.site.config.base_path, trail, p.title(), &mut html);
    Some(String::from_utf8(html).expect("escaped text is UTF-8"))
}

#[cfg(test)]
mod tests;
