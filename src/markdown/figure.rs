//! Photo paragraphs: a paragraph holding only an image (optionally wrapped
//! in a link) becomes a `<figure>`. Its caption is, in this order:
//!
//! 1. an emphasised line right under the image in the same paragraph
//!    (`![…](a.jpg)` newline `*Quang cảnh hội nghị. (Ảnh: Phạm Bằng)*`);
//! 2. the image title (`![…](a.jpg "Quang cảnh hội nghị")`);
//! 3. the next paragraph, when it is a single emphasised span: the
//!    portals' "photo, then caption" habit. That paragraph is consumed.

use pulldown_cmark::{Event, Tag, TagEnd};

pub(super) struct FigureMatch {
    /// Index of the wrapping `Start(Link)`, if the image is a link.
    pub link: Option<usize>,
    /// Index of `Start(Image)`.
    pub image: usize,
    /// Index of the matching `End(Image)`.
    pub image_end: usize,
    pub caption: Caption,
    /// First event after everything the figure consumed.
    pub next: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Caption {
    None,
    Title,
    /// Inline events `start..end` (inside the emphasis) make the caption.
    Events {
        start: usize,
        end: usize,
    },
}

/// Index of the `End` that closes the `Start` at `open` (`events[open]`
/// itself is not read: it may already have been taken). Inline tags are
/// always balanced in pulldown-cmark's output; `None` otherwise.
pub(super) fn matching_end(events: &[Event], open: usize) -> Option<usize> {
    let mut depth = 1usize;
    for (i, ev) in events.iter().enumerate().skip(open + 1) {
        match ev {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn skip_blank(events: &[Event], mut i: usize) -> usize {
    while let Some(Event::Text(t)) = events.get(i) {
        if !t.trim().is_empty() {
            break;
        }
        i += 1;
    }
    i
}

/// `*caption*` starting at `i`: returns (content start, content end, after).
fn emphasis_span(events: &[Event], i: usize) -> Option<(usize, usize, usize)> {
    if !matches!(events.get(i), Some(Event::Start(Tag::Emphasis))) {
        return None;
    }
    let end = matching_end(events, i)?;
    if !matches!(events.get(end), Some(Event::End(TagEnd::Emphasis))) {
        return None;
    }
    Some((i + 1, end, end + 1))
}

/// A paragraph at `p` made of one emphasised span: (start, end, after).
fn caption_paragraph(events: &[Event], p: usize) -> Option<(usize, usize, usize)> {
    if !matches!(events.get(p), Some(Event::Start(Tag::Paragraph))) {
        return None;
    }
    let (start, end, after) = emphasis_span(events, skip_blank(events, p + 1))?;
    let close = skip_blank(events, after);
    match events.get(close) {
        Some(Event::End(TagEnd::Paragraph)) => Some((start, end, close + 1)),
        _ => None,
    }
}

/// Checks whether the paragraph opened at `para` is a photo paragraph.
/// Looks only at events after `para`, at most through the next paragraph.
pub(super) fn detect(events: &[Event], para: usize) -> Option<FigureMatch> {
    let mut i = skip_blank(events, para + 1);
    let link = match events.get(i) {
        Some(Event::Start(Tag::Link { .. })) => {
            i += 1;
            Some(i - 1)
        }
        _ => None,
    };
    let has_title = match events.get(i) {
        Some(Event::Start(Tag::Image { title, .. })) => !title.trim().is_empty(),
        _ => return None,
    };
    let image = i;
    let image_end = matching_end(events, image)?;
    i = image_end + 1;
    if link.is_some() {
        if !matches!(events.get(i), Some(Event::End(TagEnd::Link))) {
            return None;
        }
        i += 1;
    }
    i = skip_blank(events, i);
    let mut caption = Caption::None;
    if matches!(events.get(i), Some(Event::SoftBreak | Event::HardBreak)) {
        let (start, end, after) = emphasis_span(events, skip_blank(events, i + 1))?;
        caption = Caption::Events { start, end };
        i = skip_blank(events, after);
    }
    if !matches!(events.get(i), Some(Event::End(TagEnd::Paragraph))) {
        return None;
    }
    let mut next = i + 1;
    if caption == Caption::None {
        if has_title {
            caption = Caption::Title;
        } else if let Some((start, end, after)) = caption_paragraph(events, next) {
            caption = Caption::Events { start, end };
            next = after;
        }
    }
    Some(FigureMatch {
        link,
        image,
        image_end,
        caption,
        next,
    })
}

/// Plain text of inline events (image alt text, heading titles): text and
/// code spans, breaks as spaces, nested image alt text left out.
pub(super) fn plain_text(events: &[Event]) -> String {
    let mut out = String::new();
    let mut in_image = 0usize;
    for ev in events {
        match ev {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if in_image == 0 => out.push_str(t),
            Event::SoftBreak | Event::HardBreak if in_image == 0 => out.push(' '),
            _ => {}
        }
    }
    super::text::collapse_whitespace(&out)
}
