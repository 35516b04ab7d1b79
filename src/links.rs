//! Internal links, images and attachments: do they point at a file of the
//! built site? `build` warns about missing images; `check` reports every
//! broken link, image and attachment as an error and images without alt text.

use rayon::prelude::*;
use std::collections::BTreeSet;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::model::{Page, Site};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Missing images are warnings; links are not checked.
    Build,
    /// Everything is checked; what is broken is an error.
    Check,
}

pub fn verify(site: &Site, written: &BTreeSet<String>, mode: Mode, diags: &Diagnostics) {
    site.pages
        .par_iter()
        .for_each(|page| verify_page(site, page, written, mode, diags));
}

fn verify_page(
    site: &Site,
    page: &Page,
    written: &BTreeSet<String>,
    mode: Mode,
    diags: &Diagnostics,
) {
    let file = &page.source.file;
    let fm_line = |key: &str| {
        crate::yaml::key_location(&page.source.front, &[key])
            .map_or(1, |(l, _)| l + page.source.front_offset)
    };
    let report = |line: usize, vi: String, en: String, always_error: bool| {
        let loc = Location::at(file, line, 1);
        let d = if mode == Mode::Check || always_error {
            Diagnostic::error(loc, vi, en)
        } else {
            Diagnostic::warning(loc, vi, en)
        };
        diags.push(d);
    };
    let body = page.body();
    // Paths that leave the site or run script: an error in build and check,
    // so such a link is never published (a site under /bao/ never links
    // outside /bao/, SITE-FORMAT §5).
    let mut outside: BTreeSet<String> = BTreeSet::new();
    for (what_vi, what_en, value, line, in_body) in paths_of(page, &fm_line, body) {
        if in_body && is_script_url(&value) {
            // Bodies may hold raw HTML (unless `markdown.safe`, which drops
            // script URLs): a warning, not an error.
            diags.warning(
                Location::at(file, line, 1),
                format!("{what_vi} `{value}` là mã lệnh (javascript:), không phải địa chỉ"),
                format!("{what_en} `{value}` is a script (javascript:) URL, not an address"),
            );
            outside.insert(value);
            continue;
        }
        let bad = if is_script_url(&value) {
            Some((
                format!("{what_vi} `{value}` là mã lệnh (javascript:), không phải địa chỉ"),
                format!("{what_en} `{value}` is a script (javascript:) URL, not an address"),
            ))
        } else if target(site, &page.url, &value) == Target::Outside {
            Some((
                format!("{what_vi} `{value}` đi ra ngoài thư mục trang (outside the site): hãy dùng đường dẫn trong trang, tương đối với bài hoặc bắt đầu bằng `/`"),
                format!("{what_en} `{value}` leads outside the site: use a path inside it, relative to the page or starting with `/`"),
            ))
        } else {
            None
        };
        if let Some((vi, en)) = bad {
            report(line, vi, en, true);
            outside.insert(value);
        }
    }
    for img in &body.images {
        if outside.contains(&img.src) {
            continue;
        }
        if !exists(site, &page.url, &img.src, written) {
            report(
                img.line,
                format!("không tìm thấy ảnh `{}`", img.src),
                format!("image `{}` not found", img.src),
                false,
            );
        }
        if mode == Mode::Check && img.alt.trim().is_empty() {
            diags.warning(
                Location::at(file, img.line, 1),
                format!("ảnh `{}` thiếu mô tả (alt): người dùng trình đọc màn hình không biết ảnh nói gì", img.src),
                format!("image `{}` has no alt text: screen reader users cannot tell what it shows", img.src),
            );
        }
    }
    if mode == Mode::Check {
        // Raw HTML `<img>` in the body (Markdown images always carry `alt`).
        for tag in imgs_without_alt(&body.html) {
            diags.warning(
                Location::at(file, page.source.body_offset + 1, 1),
                format!("thẻ HTML `{tag}` trong bài thiếu thuộc tính alt (mô tả ảnh)"),
                format!("HTML `{tag}` in the body has no alt attribute (image description)"),
            );
        }
    }
    if let Some(image) = page.fm().image.as_ref().filter(|i| !outside.contains(*i)) {
        if !exists(site, &page.url, image, written) {
            report(
                fm_line("image"),
                format!("không tìm thấy ảnh đại diện `{image}`"),
                format!("image `{image}` not found"),
                false,
            );
        }
    }
    if mode == Mode::Build {
        return;
    }
    for a in page
        .fm()
        .attachments
        .iter()
        .filter(|a| !outside.contains(&a.file))
    {
        if !exists(site, &page.url, &a.file, written) {
            report(
                fm_line("attachments"),
                format!("không tìm thấy tệp đính kèm `{}`", a.file),
                format!("attachment `{}` not found", a.file),
                true,
            );
        }
    }
    for link in body.links.iter().filter(|l| !outside.contains(&l.url)) {
        if !exists(site, &page.url, &link.url, written) {
            report(
                link.line,
                format!("liên kết hỏng: `{}`", link.url),
                format!("broken link: `{}`", link.url),
                true,
            );
        }
    }
}

/// Every path an editor wrote on `page` that loa links to: `(what in
/// Vietnamese, what in English, the path as written, its line, in the body)`.
type PathOf = (&'static str, &'static str, String, usize, bool);

fn paths_of(
    page: &Page,
    fm_line: &dyn Fn(&str) -> usize,
    body: &crate::markdown::Rendered,
) -> Vec<PathOf> {
    let mut out = Vec::new();
    let fm = page.fm();
    if let Some(i) = &fm.image {
        out.push((
            "ảnh đại diện `image`",
            "`image`",
            i.clone(),
            fm_line("image"),
            false,
        ));
    }
    if let Some(u) = &fm.source_url {
        out.push((
            "`source_url`",
            "`source_url`",
            u.clone(),
            fm_line("source_url"),
            false,
        ));
    }
    for a in &fm.attachments {
        out.push((
            "tệp đính kèm",
            "attachment",
            a.file.clone(),
            fm_line("attachments"),
            false,
        ));
    }
    if let Some(f) = page
        .campaign
        .as_ref()
        .and_then(|c| c.document.as_ref())
        .and_then(|d| d.file.as_ref())
    {
        out.push((
            "tệp `document.file`",
            "`document.file`",
            f.clone(),
            fm_line("document"),
            false,
        ));
    }
    if let Some(f) = page
        .roster
        .as_ref()
        .and_then(|r| r.decision.as_ref())
        .and_then(|d| d.file.as_ref())
    {
        out.push((
            "tệp `decision.file`",
            "`decision.file`",
            f.clone(),
            fm_line("decision"),
            false,
        ));
    }
    for img in &body.images {
        out.push(("ảnh", "image", img.src.clone(), img.line, true));
    }
    for l in &body.links {
        out.push(("liên kết", "link", l.url.clone(), l.line, true));
    }
    out
}

/// `<img …>` tags of `html` without an `alt` attribute (decorative images
/// say so with `alt=""`), each cut to 80 characters for the message.
fn imgs_without_alt(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<img") {
        let start = from + i;
        let end = lower[start..]
            .find('>')
            .map_or(lower.len(), |j| start + j + 1);
        from = end;
        let tag = &lower[start..end];
        if !tag[4..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/') {
            continue;
        }
        let has_alt = tag.match_indices("alt").any(|(k, _)| {
            tag[..k].ends_with(|c: char| c.is_ascii_whitespace())
                && tag[k + 3..].trim_start().starts_with(['=', ' ', '>', '/'])
        });
        if !has_alt {
            let shown: String = html[start..end].chars().take(80).collect();
            out.push(shown);
        }
    }
    out
}

/// Where a path written by an editor leads, seen from the page at `page_url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Another site, a scheme (`mailto:`), or a fragment of this page.
    External,
    /// A path of the output folder (relative, no base path, `/`-separated).
    Inside(String),
    /// A path that climbs above the site root (`../../etc/passwd`).
    Outside,
}

/// Classify `target` (as written by the editor, on the page at `page_url`).
pub fn target(site: &Site, page_url: &str, target: &str) -> Target {
    let t = target.trim();
    if t.is_empty() || t.starts_with('#') || t.starts_with("//") || has_scheme(t) {
        return Target::External;
    }
    let t = t.split(['#', '?']).next().unwrap_or("");
    let t = percent_decode(t);
    let base = &site.config.base_path;
    let path = if let Some(abs) = t.strip_prefix('/') {
        // Editors write site-absolute paths without the base path; accept both.
        match base.strip_prefix('/') {
            Some(b) => abs.strip_prefix(b).unwrap_or(abs).to_string(),
            None => abs.to_string(),
        }
    } else {
        let dir = page_url.strip_prefix(base.as_str()).unwrap_or(page_url);
        format!("{dir}{t}")
    };
    match normalize(&path) {
        Some(p) => Target::Inside(p),
        None => Target::Outside,
    }
}

/// Does `target` (as written by the editor, on the page at `page_url`) name a
/// file of the site? External URLs and fragments count as present.
pub fn exists(site: &Site, page_url: &str, target_path: &str, written: &BTreeSet<String>) -> bool {
    let path = match target(site, page_url, target_path) {
        Target::External => return true,
        Target::Outside => return false,
        Target::Inside(p) => p,
    };
    // The file itself, or the page of a folder URL (with or without its
    // final slash).
    let file = path.trim_start_matches('/');
    if file.is_empty() || written.contains(file) {
        return true;
    }
    let mut index = String::with_capacity(file.len() + 11);
    index.push_str(file);
    if !file.ends_with('/') {
        index.push('/');
    }
    index.push_str("index.html");
    written.contains(&index)
}

/// A URL scheme that runs code when followed: never a link or image of a portal.
fn is_script_url(s: &str) -> bool {
    // Browsers skip white space and control characters inside the scheme.
    let head = s
        .trim()
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .map(|c| c.to_ascii_lowercase());
    ["javascript:", "vbscript:"]
        .iter()
        .any(|scheme| head.clone().take(scheme.len()).eq(scheme.chars()))
}

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) => {
            s[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
                && i > 0
        }
        None => false,
    }
}

/// Resolve `.` and `..`; `None` when the path climbs above the site.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let mut s = parts.join("/");
    if path.ends_with('/') && !s.is_empty() {
        s.push('/');
    }
    Some(s)
}

fn percent_decode(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('%') {
        return std::borrow::Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    std::borrow::Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes() {
        assert_eq!(normalize("a/./b/../c").as_deref(), Some("a/c"));
        assert_eq!(normalize("../x"), None);
        assert_eq!(normalize("thoi-su/").as_deref(), Some("thoi-su/"));
    }

    #[test]
    fn decodes() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("%C4%91"), "đ");
        assert_eq!(percent_decode("50%"), "50%");
        assert_eq!(percent_decode("%đ%"), "%đ%");
    }

    #[test]
    fn raw_images_without_alt() {
        let html = r#"<p><img src="a.png"><IMG SRC=b.png ALT=""><img src="c.png" alt="Ảnh"><img data-alt="x" src="d.png"/><imgx></p>"#;
        let bad = imgs_without_alt(html);
        assert_eq!(
            bad,
            [r#"<img src="a.png">"#, r#"<img data-alt="x" src="d.png"/>"#]
        );
    }

    #[test]
    fn script_urls() {
        assert!(is_script_url("javascript:alert(1)"));
        assert!(is_script_url(" JavaScript:x"));
        assert!(is_script_url("java\tscript:x"));
        assert!(is_script_url("vbscript:x"));
        assert!(!is_script_url("https://x.vn/javascript:"));
        assert!(!is_script_url("/bao/a.png"));
    }

    #[test]
    fn schemes() {
        assert!(has_scheme("mailto:a@b"));
        assert!(has_scheme("https://x"));
        assert!(!has_scheme("a/b:c"));
    }
}
