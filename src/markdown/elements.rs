//! The element-specific parts of the event pass: headings, links,
//! images, figures and code blocks.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::figure::{self, Caption, FigureMatch};
use super::render::Renderer;
use super::url::{self, escape_href, escape_html};
use super::{highlight, Heading, Image, Link};

impl<'a> Renderer<'a> {
    pub(super) fn heading(
        &mut self,
        i: usize,
        level: HeadingLevel,
        custom: Option<CowStr>,
        classes: Vec<CowStr>,
    ) {
        let close = (i + 1..self.events.len())
            .find(|&k| matches!(self.events[k], Event::End(TagEnd::Heading(_))))
            .unwrap_or(i);
        let title = figure::plain_text(self.events.get(i + 1..close).unwrap_or(&[]));
        let base = match custom {
            Some(id) if !id.trim().is_empty() => id.trim().to_string(),
            _ => {
                let slug = crate::slug::slugify(&title);
                if slug.is_empty() {
                    "muc".to_string()
                } else {
                    slug
                }
            }
        };
        let id = self.ids.unique(base);
        let mut html = format!("<h{} id=\"", level as u8);
        escape_html(&id, &mut html);
        html.push('"');
        if !classes.is_empty() {
            html.push_str(" class=\"");
            escape_html(&classes.join(" "), &mut html);
            html.push('"');
        }
        html.push('>');
        self.text.block();
        self.emit_html(html);
        self.toc.push(Heading {
            level: level as u8,
            id,
            title,
        });
    }

    pub(super) fn link(&mut self, i: usize, link_type: LinkType, dest: CowStr, title: &str) {
        let url = match link_type {
            LinkType::Email => format!("mailto:{dest}"),
            _ => dest.into_string(),
        };
        let mut html = String::from("<a");
        if !(self.safe && url::is_dangerous(&url, false)) {
            html.push_str(" href=\"");
            escape_href(&url::resolve(&url, &self.base), &mut html);
            html.push('"');
        }
        if !title.is_empty() {
            html.push_str(" title=\"");
            escape_html(title, &mut html);
            html.push('"');
        }
        if url::is_external(&url) {
            html.push_str(" rel=\"noopener\"");
        }
        html.push('>');
        self.emit_html(html);
        let line = self.line(i);
        self.links.push(Link { url, line });
    }

    /// Emits `<img>` for the image opened at `i` and closed at `end`.
    pub(super) fn image(
        &mut self,
        i: usize,
        end: usize,
        link_type: LinkType,
        dest: CowStr,
        title: &str,
        with_title: bool,
    ) {
        let src = match link_type {
            LinkType::Email => format!("mailto:{dest}"),
            _ => dest.into_string(),
        };
        let alt = figure::plain_text(self.events.get(i + 1..end).unwrap_or(&[]));
        let mut html = String::from("<img");
        if !(self.safe && url::is_dangerous(&src, true)) {
            html.push_str(" src=\"");
            escape_href(&url::resolve(&src, &self.base), &mut html);
            html.push('"');
        }
        html.push_str(" alt=\"");
        escape_html(&alt, &mut html);
        html.push('"');
        if with_title && !title.is_empty() {
            html.push_str(" title=\"");
            escape_html(title, &mut html);
            html.push('"');
        }
        html.push_str(" loading=\"lazy\">");
        self.emit_html(html);
        let line = self.line(i);
        self.images.push(Image { src, alt, line });
    }

    pub(super) fn figure(&mut self, fig: FigureMatch) {
        self.text.block();
        self.emit_html("<figure>".to_string());
        if let Some(l) = fig.link {
            if let Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) = self.take(l)
            {
                self.link(l, link_type, dest_url, &title);
            }
        }
        let mut title = String::new();
        if let Event::Start(Tag::Image {
            link_type,
            dest_url,
            title: t,
            ..
        }) = self.take(fig.image)
        {
            title = t.into_string();
            let title_attr = fig.caption != Caption::Title;
            self.image(
                fig.image,
                fig.image_end,
                link_type,
                dest_url,
                &title,
                title_attr,
            );
        }
        if fig.link.is_some() {
            self.emit_html("</a>".to_string());
        }
        match fig.caption {
            Caption::None => {}
            Caption::Title => {
                let mut html = String::from("<figcaption>");
                escape_html(title.trim(), &mut html);
                html.push_str("</figcaption>");
                self.emit_html(html);
                self.text.push(title.trim());
            }
            Caption::Events { start, end } => {
                self.emit_html("<figcaption>".to_string());
                self.run(start, end);
                self.emit_html("</figcaption>".to_string());
            }
        }
        self.emit_html("</figure>\n".to_string());
        self.text.block();
    }

    pub(super) fn code_block(&mut self, i: usize, kind: CodeBlockKind) -> usize {
        let mut code = String::new();
        let mut k = i + 1;
        while k < self.events.len() {
            match &self.events[k] {
                Event::End(TagEnd::CodeBlock) => break,
                Event::Text(t) => code.push_str(t),
                _ => {}
            }
            k += 1;
        }
        let lang = match &kind {
            CodeBlockKind::Fenced(info) => highlight::language(info),
            CodeBlockKind::Indented => "",
        };
        let mut html = String::with_capacity(code.len() * 2);
        highlight::code_block(lang, &code, &mut html);
        self.text.block();
        self.emit(Event::Html(CowStr::from(html)));
        self.text.push(&code);
        self.text.block();
        k + 1
    }
}
