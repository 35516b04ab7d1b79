//! The built-in `base.html` written directly, for the pages loa writes
//! without Tera's interpreter (articles, tag and section listings): the
//! `<head>` up to its `head` block, the body's opening around the header,
//! and the closing after the `main` block. Each caller checks that
//! `base.html` is the built-in file it mirrors; tests compare its pages
//! with Tera's byte for byte.

use tera::value::Key;
use tera::Value;

use super::cards::{fnv_from, FNV_OFFSET};
use super::filters::{origin_of, permalink_with};
use super::literals;
use super::theme::Theme;
use crate::config::{prefix_base, Config};

/// Built-in template files a direct writer mirrors: `(name, text)`.
pub(crate) type Mirrored = [(&'static str, &'static str)];

/// FNV-1a of `files`' texts, one after the other.
pub(crate) fn fingerprint(files: &Mirrored) -> u64 {
    files
        .iter()
        .fold(FNV_OFFSET, |h, (_, text)| fnv_from(h, text))
}

/// Whether a direct writer of `files` may run: the theme uses the built-in
/// files, and they are the ones the writer mirrors (`mirrored`, their
/// fingerprint when the writer was last brought up to date).
pub(crate) fn mirrors(theme: &Theme, files: &Mirrored, mirrored: u64) -> bool {
    files.iter().all(|(name, _)| theme.is_built_in(name)) && fingerprint(files) == mirrored
}

/// Part `k` (`header` or `footer`) of a page's `chrome` value, as text.
pub(crate) fn chrome_part<'v>(chrome: &'v Value, k: &'static str) -> Option<&'v str> {
    chrome.as_map()?.get(&Key::Str(k))?.as_str()
}

/// What `base.html` reads from a page's template variables.
pub(crate) struct Head<'a> {
    /// `title` ("" when the page has none).
    pub title: &'a str,
    /// `description`: "" falls back to the site's.
    pub description: &'a str,
    /// `og_type`.
    pub og_type: &'a str,
    /// `og_image` (a site URL or a full one), `None` or "" for none.
    pub og_image: Option<&'a str>,
    /// `feed`: the page's own feed, "" for none.
    pub feed: &'a str,
    /// `feed_title`: "" for "title - site title".
    pub feed_title: &'a str,
}

/// The page frame of one site: what `base.html` prints the same on every page.
pub(crate) struct Frame {
    /// Scheme and host of `base_url`, what the `permalink` filter prefixes.
    origin: String,
    sprite: String,
    feed_url: String,
    favicon: String,
    /// The stylesheet and script links, as printed.
    assets: String,
}

impl Frame {
    pub fn new(config: &Config) -> Frame {
        let url = |path: &str| prefix_base(&config.base_path, path);
        let mut assets = Writer::new(512);
        for (before, path, after) in [
            ("\n<link rel=\"stylesheet\" href=\"", "/css/cong.css", "\">"),
            (
                "\n<link rel=\"stylesheet\" href=\"",
                "/css/syntax.css",
                "\">",
            ),
            ("\n<script src=\"", "/js/prefs.js", "\"></script>"),
            ("\n<script src=\"", "/js/cong.js", "\" defer></script>\n"),
        ] {
            assets.wrap(before, &url(path), after);
        }
        Frame {
            origin: origin_of(&config.base_url),
            sprite: literals::sprite(&config.base_path),
            feed_url: url("/rss.xml"),
            favicon: url("/favicon.svg"),
            assets: String::from_utf8(assets.out).expect("escaped text is UTF-8"),
        }
    }

    /// `url | permalink`.
    pub fn permalink(&self, url: &str) -> String {
        permalink_with(&self.origin, url)
    }

    /// `{{ icon(name=name, size=size) }}`.
    pub fn icon(&self, w: &mut Writer, name: &str, size: i64) {
        w.raw(&literals::markup(&self.sprite, name, size));
    }

    /// base.html up to its `head` block; `permalink` is `page_url | permalink`.
    pub fn open(&self, w: &mut Writer, c: &Config, head: &Head<'_>, permalink: &str) {
        let title = head.title;
        let meta_desc = if head.description.is_empty() {
            c.description.as_str()
        } else {
            head.description
        };
        w.raw("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
        if !title.is_empty() && title != c.title {
            w.text(title);
            w.raw(" - ");
        }
        w.text(&c.title);
        w.raw("</title>");
        if !meta_desc.is_empty() {
            w.wrap("\n<meta name=\"description\" content=\"", meta_desc, "\">");
        }
        w.wrap(
            "\n<link rel=\"canonical\" href=\"",
            permalink,
            "\">\n<meta property=\"og:title\" content=\"",
        );
        w.text(if title.is_empty() { &c.title } else { title });
        w.raw("\">");
        if !meta_desc.is_empty() {
            w.wrap(
                "\n<meta property=\"og:description\" content=\"",
                meta_desc,
                "\">",
            );
        }
        w.wrap("\n<meta property=\"og:url\" content=\"", permalink, "\">");
        w.wrap(
            "\n<meta property=\"og:type\" content=\"",
            head.og_type,
            "\">",
        );
        w.raw("\n<meta property=\"og:site_name\" content=\"");
        w.text(&c.title);
        w.raw("\">\n<meta property=\"og:locale\" content=\"vi_VN\">");
        match head.og_image.filter(|i| !i.is_empty()) {
            Some(image) => {
                w.wrap(
                    "\n<meta property=\"og:image\" content=\"",
                    &self.permalink(image),
                    "\">\n<meta name=\"twitter:card\" content=\"summary_large_image\">",
                );
            }
            None => w.raw("\n<meta name=\"twitter:card\" content=\"summary\">"),
        }
        w.wrap("\n<meta name=\"theme-color\" content=\"#9e1111\">\n<link rel=\"icon\" href=\"", &self.favicon, "\" type=\"image/svg+xml\">\n<link rel=\"alternate\" type=\"application/rss+xml\" title=\"");
        w.text(&c.title);
        w.wrap("\" href=\"", &self.feed_url, "\">");
        if !head.feed.is_empty() && head.feed != self.feed_url {
            w.raw("\n<link rel=\"alternate\" type=\"application/rss+xml\" title=\"");
            if head.feed_title.is_empty() {
                w.text(title);
                w.raw(" - ");
                w.text(&c.title);
            } else {
                w.text(head.feed_title);
            }
            w.wrap("\" href=\"", head.feed, "\">");
        }
        w.raw(&self.assets);
    }

    /// From the end of the `head` block to the start of the `main` block.
    pub fn body(&self, w: &mut Writer, header: &str) {
        w.raw("\n</head>\n<body>\n<a class=\"skip-link\" href=\"#noi-dung\">Bỏ qua đến nội dung chính</a>\n");
        w.raw(header);
        w.raw("\n<main id=\"noi-dung\" class=\"site-main\" tabindex=\"-1\">\n");
    }

    /// From the end of the `main` block to the end of the page.
    pub fn close(&self, w: &mut Writer, footer: &str, permalink: &str) {
        w.raw("\n</main>\n");
        w.raw(footer);
        w.wrap(
            "\n<p class=\"print-only container\">Địa chỉ trang: ",
            permalink,
            "</p>\n</body>\n</html>\n",
        );
    }
}

/// The page's bytes: text as written, or HTML-escaped as Tera prints it.
pub(crate) struct Writer {
    pub out: Vec<u8>,
}

impl Writer {
    pub fn new(capacity: usize) -> Writer {
        Writer {
            out: Vec::with_capacity(capacity),
        }
    }
    pub fn raw(&mut self, s: &str) {
        self.out.extend_from_slice(s.as_bytes());
    }
    pub fn text(&mut self, s: &str) {
        let _ = tera::escape_html(s, &mut self.out);
    }
    /// `open`, `s` escaped, `close`.
    pub fn wrap(&mut self, open: &str, s: &str, close: &str) {
        self.raw(open);
        self.text(s);
        self.raw(close);
    }
    /// An integer as Tera prints it.
    pub fn number(&mut self, n: usize) {
        self.raw(&n.to_string());
    }
}
