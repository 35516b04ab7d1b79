//! Markdown rendering for article bodies.
//!
//! CommonMark with GFM tables, strikethrough, task lists, footnotes,
//! blockquote alerts (`> [!NOTE]`), smart punctuation and heading
//! attributes (`## Tiêu đề {#muc-rieng}`), rendered by pulldown-cmark,
//! with the portal-specific parts done here:
//!
//! - heading ids are Vietnamese slugs (`crate::slug::slugify`, "muc" when
//!   the slug is empty), unique within the page (`-2`, `-3`, …);
//!   `{#custom-id}` is honoured (also made unique);
//! - footnotes use `fn-N` / `fnref-N` / `fnref-N-K` ids (see
//!   `footnotes.rs`), reserved before heading ids so nothing clashes;
//! - photo paragraphs become `<figure>` with a caption (see `figure.rs`);
//!   every image gets `loading="lazy"`;
//! - fenced code is highlighted by syntect with `hl-` CSS classes
//!   (`themes/cong/static/css/syntax.css`), unknown languages are plain;
//! - `http(s)://` and `//host` links get `rel="noopener"`; site-absolute
//!   URLs (`/uploads/a.jpg`) of links and images get the base path;
//! - `safe: true` drops raw HTML and `javascript:`/`vbscript:` (and, for
//!   links, `data:`) URLs.

mod elements;
mod figure;
mod footnotes;
mod highlight;
mod ids;
mod lines;
mod render;
mod text;
mod url;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_blocks;

pub use text::summarize;

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// The site's base path, `"/"` or `"/bao/"`: put in front of
    /// site-absolute link and image URLs.
    pub base_path: &'a str,
    /// Drop raw HTML (block and inline) and script URLs.
    pub safe: bool,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            base_path: "/",
            safe: false,
        }
    }
}

/// A heading of the body, for the table of contents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The `id` attribute the heading got (unique in the page).
    pub id: String,
    /// Plain text of the heading.
    pub title: String,
}

/// A link of the body (for link checking).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Link {
    /// The destination as written by the editor, before the base path
    /// is added (email autolinks `<a@b.vn>` give `mailto:a@b.vn`).
    pub url: String,
    /// 1-based line in the markdown input (of the link's start).
    pub line: usize,
}

/// An image of the body (for checking and for `og:image`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Image {
    /// The source as written, before the base path is added.
    pub src: String,
    /// Plain alt text.
    pub alt: String,
    /// 1-based line in the markdown input.
    pub line: usize,
}

/// The result of [`render`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    /// Plain text of the whole body (captions, code and footnotes
    /// included; alt text and raw HTML not), one line per block.
    pub text: String,
    /// Words in `text` (as `split_whitespace` counts them).
    pub words: usize,
    /// Plain text of the first top-level paragraph that has text, not
    /// counting headings, photo paragraphs and their captions.
    pub first_paragraph: String,
    pub toc: Vec<Heading>,
    pub links: Vec<Link>,
    pub images: Vec<Image>,
}

/// The pulldown-cmark extensions loa enables.
pub fn parser_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options as O;
    O::ENABLE_TABLES
        | O::ENABLE_STRIKETHROUGH
        | O::ENABLE_TASKLISTS
        | O::ENABLE_FOOTNOTES
        | O::ENABLE_SMART_PUNCTUATION
        | O::ENABLE_HEADING_ATTRIBUTES
        | O::ENABLE_GFM
}

/// Renders a markdown body (front matter already removed: add its line
/// count to the `line` fields). Never panics; linear in the input size.
pub fn render(markdown: &str, opts: &Options) -> Rendered {
    render::render(markdown, opts)
}
