//! The `headline`, `card` and `breadcrumb` components of the built-in
//! theme, written directly instead of through Tera's interpreter: a listing
//! or a related box renders one per page, every article a breadcrumb, ten
//! thousand and more a build, and the interpreter spends several
//! microseconds on each.
//!
//! Used only while the theme's `partials/card.html` is the built-in file
//! (not overridden by a site or theme) and that file is the one this code
//! mirrors ([`MIRRORED`], checked by a test). Items this code does not cover
//! (campaign and roster summaries, values of unexpected types, dates the
//! `date_vn` filter rejects) return `false`: the caller renders them with
//! Tera. Tests render every kind of summary both ways and compare bytes.

use chrono::FixedOffset;
use tera::value::Key;
use tera::{Map, Value};

use crate::date;

/// FNV-1a of the `partials/card.html` this module mirrors. When the file
/// changes, the module turns itself off until it is brought up to date
/// (and `mirrors_the_built_in_file` fails).
const MIRRORED: u64 = 0xe2d1a7bb698f139d;

/// The built-in `partials/card.html`.
const BUILT_IN: &str = include_str!("../../themes/cong/templates/partials/card.html");

pub(crate) struct Cards {
    tz: FixedOffset,
}

impl Cards {
    /// `Some` when the theme's components are the built-in ones mirrored here.
    pub fn new(builtin_card_file: bool, tz: FixedOffset) -> Option<Cards> {
        (builtin_card_file && fnv(BUILT_IN) == MIRRORED).then_some(Cards { tz })
    }

    /// `{{<headline item={item}/>}}` into `out`; `false` (with `out`
    /// untouched) when Tera must render it.
    pub fn headline(&self, item: &Value, out: &mut Vec<u8>) -> bool {
        let Some(m) = item.as_map() else { return false };
        let (Some(url), Some(title)) = (text(m, "url"), text(m, "title")) else {
            return false;
        };
        let time = match self.time(m) {
            Ok(t) => t,
            Err(Unsupported) => return false,
        };
        link(url, title, out);
        if let Some((d, shown)) = time {
            out.push(b' ');
            time_tag(" class=\"headline-time\"", d, &shown, out);
        }
        true
    }

    /// `{{<breadcrumb trail={trail} current={current}/>}}` into `out`, the
    /// trail as (URL, title) links, `home` being `site.url`.
    pub fn breadcrumb(&self, home: &str, trail: &[(&str, &str)], current: &str, out: &mut Vec<u8>) {
        out.extend_from_slice(
            "<nav class=\"breadcrumb\" aria-label=\"Đường dẫn\">\n  <ol>\n    <li>".as_bytes(),
        );
        link(home, "Trang chủ", out);
        out.extend_from_slice(b"</li>");
        for (url, title) in trail {
            out.extend_from_slice(b"\n    <li>");
            link(url, title, out);
            out.extend_from_slice(b"</li>");
        }
        if !current.is_empty() {
            out.extend_from_slice(b"\n    <li><span aria-current=\"page\">");
            escape(current, out);
            out.extend_from_slice(b"</span></li>");
        }
        out.extend_from_slice(b"\n  </ol>\n</nav>");
    }

    /// `{{<card item={item} h={h} variant={variant} show_section={show_section}/>}}`
    /// into `out`; `false` (with `out` untouched) when Tera must render it.
    pub fn card(
        &self,
        item: &Value,
        h: u8,
        show_section: bool,
        variant: &str,
        out: &mut Vec<u8>,
    ) -> bool {
        let Some(m) = item.as_map() else { return false };
        // Campaign and roster items (badges, facts, counts): Tera's.
        let domain = m.keys().any(|k| {
            k.as_str()
                .is_some_and(|k| k.starts_with("campaign_") || k.starts_with("roster_"))
        });
        if domain {
            return false;
        }
        let (Some(url), Some(title)) = (text(m, "url"), text(m, "title")) else {
            return false;
        };
        let Ok(image) = image(m, title) else {
            return false;
        };
        let compact = variant == "compact";
        let image = image.filter(|_| !compact);
        let section = match get(m, "section") {
            Some(s) if show_section && s.is_truthy() => {
                let s = s.as_map();
                match s.and_then(|s| Some((text(s, "url")?, text(s, "title")?))) {
                    Some(link) => Some(link),
                    None => return false,
                }
            }
            _ => None,
        };
        let Ok(summary) = shown_text(m, "summary") else {
            return false;
        };
        let summary = summary.filter(|_| !compact);
        let draft = get(m, "draft").is_some_and(Value::is_truthy);
        let Ok(time) = self.time(m) else { return false };

        out.extend_from_slice(b"<article class=\"card");
        if !variant.is_empty() {
            out.extend_from_slice(b" card-");
            escape(variant, out);
        }
        if image.is_some() {
            out.extend_from_slice(b" has-image");
        }
        out.extend_from_slice(b"\">");
        if let Some((src, alt)) = image {
            out.extend_from_slice(b"\n  <div class=\"card-media\"><img src=\"");
            escape(src, out);
            out.extend_from_slice(b"\" alt=\"");
            escape(alt, out);
            out.extend_from_slice(if variant == "lead" {
                b"\" loading=\"eager\" decoding=\"async\"></div>"
            } else {
                b"\" loading=\"lazy\" decoding=\"async\"></div>"
            });
        }
        out.extend_from_slice(b"\n  <div class=\"card-body\">");
        if let Some((surl, stitle)) = section {
            out.extend_from_slice(b"\n    <p class=\"card-kicker\">");
            link(surl, stitle, out);
            out.extend_from_slice(b"</p>");
        }
        let h = [b'0' + h];
        out.extend_from_slice(b"\n    <h");
        out.extend_from_slice(&h);
        out.extend_from_slice(b" class=\"card-title\">");
        link(url, title, out);
        out.extend_from_slice(b"</h");
        out.extend_from_slice(&h);
        out.extend_from_slice(b">");
        if let Some(s) = summary {
            out.extend_from_slice(b"\n    <p class=\"card-summary\">");
            escape(s, out);
            out.extend_from_slice(b"</p>");
        }
        if time.is_some() || draft {
            out.extend_from_slice(b"\n    <p class=\"card-meta\">");
            if draft {
                out.extend_from_slice("<span class=\"tag-draft\">Bản nháp</span> ".as_bytes());
            }
            if let Some((d, shown)) = time {
                time_tag("", d, &shown, out);
            }
            out.extend_from_slice(b"</p>");
        }
        out.extend_from_slice(b"\n  </div>\n</article>");
        true
    }

    /// `item.date` and its `date_vn` text ("short" for news, "date"
    /// otherwise), `None` without a date.
    fn time<'m>(&self, m: &'m Map) -> Result<Option<(&'m str, String)>, Unsupported> {
        let Some(d) = shown_text(m, "date")? else {
            return Ok(None);
        };
        let format = match get(m, "kind") {
            Some(k) if k.as_str() == Some("news") => "short",
            _ => "date",
        };
        let parsed =
            date::parse(d, self.tz).or_else(|| chrono::DateTime::parse_from_rfc3339(d).ok());
        match parsed {
            Some(p) => Ok(Some((d, date::format(&p, format)))),
            None => Err(Unsupported),
        }
    }
}

/// `item.image.url` and `item.image.alt or item.title`, `None` without an
/// image.
fn image<'m>(m: &'m Map, title: &'m str) -> Result<Option<(&'m str, &'m str)>, Unsupported> {
    let image = match get(m, "image") {
        Some(i) if i.is_truthy() => i,
        _ => return Ok(None),
    };
    let i = image.as_map().ok_or(Unsupported)?;
    let url = text(i, "url").ok_or(Unsupported)?;
    Ok(Some((url, shown_text(i, "alt")?.unwrap_or(title))))
}

/// A value this module leaves to Tera.
struct Unsupported;

fn get<'m>(m: &'m Map, name: &'static str) -> Option<&'m Value> {
    m.get(&Key::Str(name))
}

/// A plain (not safe) string field: what `{{ item.x }}` escapes and prints.
fn text<'m>(m: &'m Map, name: &'static str) -> Option<&'m str> {
    get(m, name)
        .filter(|v| !v.is_safe())
        .and_then(Value::as_str)
}

/// A field printed under `{% if item.x %}`: `None` when it is not truthy; a
/// truthy value that is not plain text is left to Tera.
fn shown_text<'m>(m: &'m Map, name: &'static str) -> Result<Option<&'m str>, Unsupported> {
    match get(m, name) {
        Some(v) if v.is_truthy() => text(m, name).map(Some).ok_or(Unsupported),
        _ => Ok(None),
    }
}

/// `<a href="{{ href }}">{{ text }}</a>`.
fn link(href: &str, text: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(b"<a href=\"");
    escape(href, out);
    out.extend_from_slice(b"\">");
    escape(text, out);
    out.extend_from_slice(b"</a>");
}

/// `<time{attrs} datetime="{{ date }}">{{ shown }}</time>`.
fn time_tag(attrs: &str, date: &str, shown: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(b"<time");
    out.extend_from_slice(attrs.as_bytes());
    out.extend_from_slice(b" datetime=\"");
    escape(date, out);
    out.extend_from_slice(b"\">");
    escape(shown, out);
    out.extend_from_slice(b"</time>");
}

/// What Tera's autoescape writes for a string.
fn escape(s: &str, out: &mut Vec<u8>) {
    let _ = tera::escape_html(s, out);
}

/// FNV-1a, 64 bits.
const fn fnv(s: &str) -> u64 {
    fnv_from(FNV_OFFSET, s)
}

/// The FNV-1a hash of nothing, where a hash of several texts starts.
pub(super) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a, 64 bits, of `s` continuing from hash `h`.
pub(super) const fn fnv_from(mut h: u64, s: &str) -> u64 {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        h ^= b[i] as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    h
}

#[cfg(test)]
mod tests;
