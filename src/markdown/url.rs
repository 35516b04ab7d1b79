//! URL handling for links and images: site base path, external links,
//! dangerous schemes (safe mode) and escaping for attributes.

use std::borrow::Cow;

/// The prefix put in front of site-absolute URLs: `"/"` → `""`,
/// `"/bao/"` → `"/bao"`, `"bao"` → `"/bao"`.
pub(super) fn base_prefix(base_path: &str) -> String {
    let trimmed = base_path.trim().trim_end_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else if trimmed.starts_with('/') {
        trimmed.to_string()
    } else {
        format!("/{trimmed}")
    }
}

/// `//host/x` and `/\host/x` (browsers read both as protocol-relative).
fn is_protocol_relative(url: &str) -> bool {
    url.starts_with("//") || url.starts_with("/\\")
}

/// Puts the base path in front of a site-absolute URL (`/uploads/a.jpg`);
/// protocol-relative and relative URLs stay as written.
pub(super) fn resolve<'u>(url: &'u str, prefix: &str) -> Cow<'u, str> {
    if !prefix.is_empty() && url.starts_with('/') && !is_protocol_relative(url) {
        Cow::Owned(format!("{prefix}{url}"))
    } else {
        Cow::Borrowed(url)
    }
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Links that leave the site: `http(s)://…` and protocol-relative `//host`.
pub(super) fn is_external(url: &str) -> bool {
    starts_with_ignore_case(url, "http://")
        || starts_with_ignore_case(url, "https://")
        || is_protocol_relative(url)
}

/// Schemes that run code when followed (checked in safe mode only).
/// `data:` is refused for links but allowed for images.
pub(super) fn is_dangerous(url: &str, image: bool) -> bool {
    // Browsers ignore leading controls/spaces and tabs or newlines anywhere.
    let mut scheme = String::new();
    for c in url.trim_start_matches(|c: char| c <= ' ').chars() {
        match c {
            '\t' | '\n' | '\r' => continue,
            ':' => break,
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {
                if scheme.len() > 16 {
                    return false;
                }
                scheme.push(c.to_ascii_lowercase());
            }
            _ => return false,
        }
    }
    match scheme.as_str() {
        "javascript" | "vbscript" => true,
        "data" => !image,
        _ => false,
    }
}

/// Escapes text for a double-quoted attribute value or for body text.
pub(super) fn escape_html(s: &str, out: &mut String) {
    let mut mark = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[mark..i]);
        out.push_str(rep);
        mark = i + 1;
    }
    out.push_str(&s[mark..]);
}

/// Escapes a URL for an `href`/`src` attribute the way pulldown-cmark does:
/// `&` and `'` become entities, other unsafe bytes are percent-encoded.
pub(super) fn escape_href(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    // Runs between unsafe bytes are ASCII, so slicing the bytes (not the str:
    // an index may fall inside a multi-byte letter such as `ú`) is valid UTF-8.
    let bytes = s.as_bytes();
    let ascii = |r: &[u8]| std::str::from_utf8(r).unwrap_or_default().to_owned();
    let mut mark = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let safe = b.is_ascii_alphanumeric() || b"!#$%()*+,-./:;=?@^_~".contains(&b);
        if safe {
            continue;
        }
        out.push_str(&ascii(&bytes[mark..i]));
        match b {
            b'&' => out.push_str("&amp;"),
            b'\'' => out.push_str("&#x27;"),
            _ => {
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 0xF) as usize] as char);
            }
        }
        mark = i + 1;
    }
    out.push_str(&ascii(&bytes[mark..]));
}
