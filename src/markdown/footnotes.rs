//! Footnotes, GitHub style: references become numbered superscripts and
//! the definitions move to a `<section class="footnotes">` at the end of
//! the body, each with links back to its references.
//!
//! Ids never use the editor's label (pulldown-cmark's default), so they
//! cannot clash with heading ids: note n is `fn-n`, its first reference
//! `fnref-n`, further references `fnref-n-2`, `fnref-n-3`, … Numbers
//! follow the order of first reference; definitions never referenced get
//! the numbers after those. All these ids are reserved before any heading
//! id is chosen, so a heading such as "FN 1" gets `fn-1-2`.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::ids::Ids;

#[derive(Default)]
pub(super) struct Footnotes<'a> {
    /// Normalised label → index (number − 1).
    index: HashMap<String, usize>,
    /// References per note, counted before rendering.
    ref_counts: Vec<usize>,
    /// References rendered so far, per note.
    refs_seen: Vec<usize>,
    /// Body events per note; `None` until its first definition is met.
    bodies: Vec<Option<Vec<Event<'a>>>>,
}

/// Labels match case-insensitively with whitespace collapsed (CommonMark).
fn normalize(label: &str) -> String {
    super::text::collapse_whitespace(&label.to_lowercase())
}

impl<'a> Footnotes<'a> {
    /// Numbers every footnote of the document and reserves its ids.
    pub(super) fn scan(events: &[Event], ids: &mut Ids) -> Self {
        let mut notes = Footnotes::default();
        for ev in events {
            if let Event::FootnoteReference(label) = ev {
                let k = notes.slot(label);
                notes.ref_counts[k] += 1;
            }
        }
        for ev in events {
            if let Event::Start(Tag::FootnoteDefinition(label)) = ev {
                notes.slot(label);
            }
        }
        for (k, &count) in notes.ref_counts.iter().enumerate() {
            let n = k + 1;
            ids.reserve(format!("fn-{n}"));
            for r in 1..=count {
                ids.reserve(ref_id(n, r));
            }
        }
        notes
    }

    fn slot(&mut self, label: &str) -> usize {
        let next = self.ref_counts.len();
        let k = *self.index.entry(normalize(label)).or_insert(next);
        if k == next {
            self.ref_counts.push(0);
            self.refs_seen.push(0);
            self.bodies.push(None);
        }
        k
    }

    /// HTML for a reference: `<sup class="footnote-ref"><a href="#fn-1" id="fnref-1">1</a></sup>`.
    pub(super) fn reference(&mut self, label: &str) -> String {
        let k = self.slot(label);
        let n = k + 1;
        self.refs_seen[k] += 1;
        let r = self.refs_seen[k];
        if r > self.ref_counts[k] {
            // Not seen by `scan` (cannot happen): no id, so no clash.
            return format!("<sup class=\"footnote-ref\"><a href=\"#fn-{n}\">{n}</a></sup>");
        }
        format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{n}\" id=\"{}\" role=\"doc-noteref\">{n}</a></sup>",
            ref_id(n, r)
        )
    }

    /// Starts collecting a definition; `None` for a repeated definition of
    /// the same label (the first one wins, later ones are dropped).
    pub(super) fn begin_definition(&mut self, label: &str) -> Option<usize> {
        let k = self.slot(label);
        if self.bodies[k].is_some() {
            return None;
        }
        self.bodies[k] = Some(Vec::new());
        Some(k)
    }

    pub(super) fn body(&mut self, k: usize) -> Option<&mut Vec<Event<'a>>> {
        self.bodies.get_mut(k).and_then(Option::as_mut)
    }

    /// Appends the footnote section, if the document has footnotes.
    pub(super) fn write_section(self, html: &mut String) {
        if self.bodies.iter().all(Option::is_none) {
            return;
        }
        html.push_str("<section class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n");
        for (k, body) in self.bodies.into_iter().enumerate() {
            let n = k + 1;
            let mut body = body.unwrap_or_default();
            let backrefs = backrefs(n, self.ref_counts[k]);
            if !backrefs.is_empty() {
                let back = Event::InlineHtml(CowStr::from(backrefs));
                // Inside the last paragraph when there is one, as GitHub does.
                if matches!(body.last(), Some(Event::End(TagEnd::Paragraph))) {
                    body.insert(body.len() - 1, back);
                } else {
                    body.push(back);
                }
            }
            html.push_str(&format!("<li id=\"fn-{n}\">\n"));
            pulldown_cmark::html::push_html(html, body.into_iter());
            html.push_str("</li>\n");
        }
        html.push_str("</ol>\n</section>\n");
    }
}

fn ref_id(n: usize, r: usize) -> String {
    if r == 1 {
        format!("fnref-{n}")
    } else {
        format!("fnref-{n}-{r}")
    }
}

fn backrefs(n: usize, count: usize) -> String {
    let mut out = String::new();
    for r in 1..=count {
        out.push_str(&format!(
            " <a href=\"#{}\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"Quay lại chỗ dẫn chú thích {n}\">↩\u{fe0e}",
            ref_id(n, r)
        ));
        if r > 1 {
            out.push_str(&format!("<sup>{r}</sup>"));
        }
        out.push_str("</a>");
    }
    out
}
