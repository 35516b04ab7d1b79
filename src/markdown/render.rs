//! The event pass: pulldown-cmark events in, our HTML fragments and the
//! remaining standard events out (rendered by pulldown-cmark's writer),
//! plus text, first paragraph, table of contents, links and images.

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

use super::figure;
use super::footnotes::Footnotes;
use super::ids::Ids;
use super::lines::LineIndex;
use super::text::{collapse_whitespace, TextSink};
use super::url;
use super::{Heading, Image, Link, Options, Rendered};

pub(super) fn render(markdown: &str, opts: &Options) -> Rendered {
    // Room for the events of ordinary prose (about one per 30 bytes) and
    // its text, so the buffers seldom grow.
    let mut events = Vec::with_capacity(markdown.len() / 30 + 16);
    let mut offsets = Vec::with_capacity(markdown.len() / 30 + 16);
    for (ev, range) in Parser::new_ext(markdown, super::parser_options()).into_offset_iter() {
        let raw_html = matches!(
            ev,
            Event::Html(_)
                | Event::InlineHtml(_)
                | Event::Start(Tag::HtmlBlock)
                | Event::End(TagEnd::HtmlBlock)
        );
        if opts.safe && raw_html {
            continue;
        }
        events.push(ev);
        offsets.push(range.start);
    }
    let mut ids = Ids::default();
    let notes = Footnotes::scan(&events, &mut ids);
    let mut r = Renderer {
        src: markdown,
        safe: opts.safe,
        base: url::base_prefix(opts.base_path),
        out: Vec::with_capacity(events.len()),
        events,
        offsets,
        lines: LineIndex::default(),
        notes,
        ids,
        targets: Vec::new(),
        depth: 0,
        text: TextSink::with_capacity(markdown.len()),
        para_mark: None,
        first_paragraph: None,
        toc: Vec::new(),
        links: Vec::new(),
        images: Vec::new(),
    };
    let n = r.events.len();
    r.run(0, n);
    r.finish()
}

pub(super) struct Renderer<'a> {
    pub(super) src: &'a str,
    pub(super) safe: bool,
    /// Base path without its trailing slash ("" for "/").
    pub(super) base: String,
    pub(super) events: Vec<Event<'a>>,
    /// Byte offset in the input where each event starts.
    pub(super) offsets: Vec<usize>,
    pub(super) lines: LineIndex,
    pub(super) out: Vec<Event<'a>>,
    pub(super) notes: Footnotes<'a>,
    pub(super) ids: Ids,
    /// Where output goes: main body (empty stack), a footnote body
    /// (`Some(k)`) or nowhere (`None`, repeated definitions).
    pub(super) targets: Vec<Option<usize>>,
    /// Container nesting (quotes, lists, tables, footnotes).
    pub(super) depth: usize,
    pub(super) text: TextSink,
    /// Text offset where the candidate first paragraph started.
    pub(super) para_mark: Option<usize>,
    pub(super) first_paragraph: Option<String>,
    pub(super) toc: Vec<Heading>,
    pub(super) links: Vec<Link>,
    pub(super) images: Vec<Image>,
}

impl<'a> Renderer<'a> {
    pub(super) fn emit(&mut self, ev: Event<'a>) {
        match self.targets.last() {
            None => self.out.push(ev),
            Some(Some(k)) => {
                if let Some(body) = self.notes.body(*k) {
                    body.push(ev);
                }
            }
            Some(None) => {}
        }
    }

    pub(super) fn emit_html(&mut self, html: String) {
        self.emit(Event::InlineHtml(CowStr::from(html)));
    }

    pub(super) fn take(&mut self, i: usize) -> Event<'a> {
        std::mem::replace(&mut self.events[i], Event::Rule)
    }

    /// 1-based line of the event at index `i`.
    pub(super) fn line(&mut self, i: usize) -> usize {
        let offset = self.offsets.get(i).copied().unwrap_or(0);
        self.lines.line(self.src, offset)
    }

    /// Processes events `start..end`, each exactly once.
    pub(super) fn run(&mut self, start: usize, end: usize) {
        let mut i = start;
        while i < end {
            i = match self.take(i) {
                Event::Start(tag) => self.start(tag, i),
                Event::End(tag) => {
                    self.end(tag);
                    i + 1
                }
                Event::Text(t) => {
                    self.text.push(&t);
                    self.emit(Event::Text(t));
                    i + 1
                }
                Event::Code(t) => {
                    self.text.push(&t);
                    self.emit(Event::Code(t));
                    i + 1
                }
                Event::SoftBreak => {
                    self.text.space();
                    self.emit(Event::SoftBreak);
                    i + 1
                }
                Event::HardBreak => {
                    self.text.newline();
                    self.emit(Event::HardBreak);
                    i + 1
                }
                Event::Rule => {
                    self.text.block();
                    self.emit(Event::Rule);
                    i + 1
                }
                Event::FootnoteReference(label) => {
                    let html = self.notes.reference(&label);
                    self.emit_html(html);
                    i + 1
                }
                other => {
                    self.emit(other);
                    i + 1
                }
            };
        }
    }

    /// Handles `Start(tag)` found at index `i`; returns the next index.
    fn start(&mut self, tag: Tag<'a>, i: usize) -> usize {
        match tag {
            Tag::Paragraph => {
                if let Some(fig) = figure::detect(&self.events, i) {
                    let next = fig.next;
                    self.figure(fig);
                    return next;
                }
                self.text.block();
                if self.depth == 0 && self.first_paragraph.is_none() {
                    self.para_mark = Some(self.text.len());
                }
                self.emit(Event::Start(Tag::Paragraph));
            }
            Tag::Heading {
                level, id, classes, ..
            } => self.heading(i, level, id, classes),
            Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            } => {
                let end = figure::matching_end(&self.events, i).unwrap_or(i);
                self.image(i, end, link_type, dest_url, &title, true);
                return end + 1;
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => self.link(i, link_type, dest_url, &title),
            Tag::CodeBlock(kind) => return self.code_block(i, kind),
            Tag::FootnoteDefinition(label) => {
                self.text.block();
                self.depth += 1;
                let target = self.notes.begin_definition(&label);
                self.targets.push(target);
            }
            Tag::BlockQuote(_) | Tag::List(_) | Tag::Table(_) | Tag::DefinitionList => {
                self.text.block();
                self.depth += 1;
                self.emit(Event::Start(tag));
            }
            Tag::Item | Tag::TableHead | Tag::TableRow | Tag::HtmlBlock => {
                self.text.block();
                self.emit(Event::Start(tag));
            }
            _ => self.emit(Event::Start(tag)),
        }
        i + 1
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.emit(Event::End(tag));
                if let Some(mark) = self.para_mark.take() {
                    let para = collapse_whitespace(self.text.since(mark));
                    if !para.is_empty() {
                        self.first_paragraph = Some(para);
                    }
                }
                self.text.block();
            }
            TagEnd::Heading(level) => {
                self.emit_html(format!("</h{}>\n", level as u8));
                self.text.block();
            }
            TagEnd::Link => self.emit_html("</a>".to_string()),
            TagEnd::FootnoteDefinition => {
                self.targets.pop();
                self.depth = self.depth.saturating_sub(1);
                self.text.block();
            }
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Table | TagEnd::DefinitionList => {
                self.depth = self.depth.saturating_sub(1);
                self.emit(Event::End(tag));
                self.text.block();
            }
            TagEnd::TableCell => {
                self.emit(Event::End(tag));
                self.text.push("\t");
            }
            TagEnd::Item | TagEnd::TableHead | TagEnd::TableRow | TagEnd::HtmlBlock => {
                self.emit(Event::End(tag));
                self.text.block();
            }
            _ => self.emit(Event::End(tag)),
        }
    }

    fn finish(self) -> Rendered {
        let mut html = String::with_capacity(self.src.len() + self.src.len() / 2);
        pulldown_cmark::html::push_html(&mut html, self.out.into_iter());
        self.notes.write_section(&mut html);
        // The model keeps every page's body for the whole build: no spare
        // capacity from growing the buffers.
        html.shrink_to_fit();
        let mut text = self.text.finish();
        text.shrink_to_fit();
        Rendered {
            html,
            words: super::text::count_words(&text),
            text,
            first_paragraph: self.first_paragraph.unwrap_or_default(),
            toc: self.toc,
            links: self.links,
            images: self.images,
        }
    }
}
