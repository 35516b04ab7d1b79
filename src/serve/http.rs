//! The preview server's HTTP side: safe path resolution, content types,
//! the reload script injected into HTML, and the long-poll endpoint.

use std::io::Cursor;

use tiny_http::{Header, Request, Response, StatusCode};

/// Files of the current build, by output path (`thoi-su/index.html`).
pub trait Files: Send + Sync {
    fn get(&self, path: &str) -> Option<std::sync::Arc<[u8]>>;
}

/// Where live-reload requests go, below the base path.
pub const RELOAD_PREFIX: &str = "__loa/";

/// What a request asks for, once checked.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// An output file path (may be empty: the root).
    File(String),
    /// The reload script.
    ReloadScript,
    /// Long-poll: wait for a version other than this one.
    Events(u64),
    /// Outside the base path: redirect to it.
    Redirect(String),
    NotFound,
}

/// Resolve a request URL (path + query) against the base path. Anything that
/// could climb out of the site (`..`, encoded or not; backslashes; NUL) is 404.
pub fn resolve(url: &str, base_path: &str) -> Target {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let Some(decoded) = percent_decode(path) else {
        return Target::NotFound;
    };
    if decoded.contains(['\0', '\\'])
        || decoded.split('/').any(|s| s == ".." || s == ".")
        || !decoded.starts_with('/')
    {
        return Target::NotFound;
    }
    if decoded.starts_with("//") {
        return Target::NotFound;
    }
    let Some(rel) = decoded.strip_prefix(base_path) else {
        if format!("{decoded}/") == base_path || decoded == "/" {
            return Target::Redirect(base_path.to_string());
        }
        return Target::NotFound;
    };
    if rel == format!("{RELOAD_PREFIX}reload.js") {
        return Target::ReloadScript;
    }
    if rel == format!("{RELOAD_PREFIX}events") {
        let v = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("v="))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        return Target::Events(v);
    }
    Target::File(rel.to_string())
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = |c: u8| (c as char).to_digit(16);
            let h = b.get(i + 1).copied().and_then(hex)?;
            let l = b.get(i + 2).copied().and_then(hex)?;
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Content type by file extension (UTF-8 for text).
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

/// Find a file: `dir/` → `dir/index.html`; `dir` → redirect to `dir/`.
pub enum Found {
    File(String, std::sync::Arc<[u8]>),
    Redirect(String),
    Missing,
}

pub fn find(files: &dyn Files, rel: &str) -> Found {
    let path = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    if let Some(bytes) = files.get(&path) {
        return Found::File(path, bytes);
    }
    if !rel.is_empty() && !rel.ends_with('/') && files.get(&format!("{rel}/index.html")).is_some() {
        return Found::Redirect(format!("{rel}/"));
    }
    Found::Missing
}

/// Put the reload script before `</body>` (or at the end).
pub fn inject(html: &[u8], base_path: &str) -> Vec<u8> {
    let tag = format!("<script src=\"{base_path}{RELOAD_PREFIX}reload.js\" defer></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

pub fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

pub fn respond(request: Request, status: u16, content_type: &str, body: Vec<u8>) {
    let len = body.len();
    let response = Response::new(
        StatusCode(status),
        vec![
            header("Content-Type", content_type),
            header("Cache-Control", "no-store"),
        ],
        Cursor::new(body),
        Some(len),
        None,
    );
    let _ = request.respond(response);
}

pub fn redirect(request: Request, location: &str) {
    let response = Response::new(
        StatusCode(302),
        vec![header("Location", location)],
        Cursor::new(Vec::new()),
        Some(0),
        None,
    );
    let _ = request.respond(response);
}

/// The script the server injects: waits for a new build and reloads; shows
/// build errors in an overlay until they are fixed.
pub fn reload_script(base_path: &str, version: u64) -> String {
    format!(
        r#"(function () {{
  var url = "{base_path}{RELOAD_PREFIX}events";
  var version = {version};
  function overlay(errors) {{
    var el = document.getElementById("loa-errors");
    if (!errors.length) {{ if (el) el.remove(); return; }}
    if (!el) {{
      el = document.createElement("div");
      el.id = "loa-errors";
      el.setAttribute("role", "alert");
      el.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;background:#3b0000;color:#fff;font:14px/1.5 monospace;padding:1em;z-index:99999;white-space:pre-wrap";
      document.body.appendChild(el);
    }}
    el.textContent = "loa: bản dựng lỗi, đang hiển thị bản tốt gần nhất\n\n" + errors.join("\n");
  }}
  function poll() {{
    fetch(url + "?v=" + version, {{ cache: "no-store" }})
      .then(function (r) {{ return r.json(); }})
      .then(function (s) {{
        overlay(s.errors || []);
        if (s.version !== version) {{ if (!(s.errors || []).length || s.version > version) {{ location.reload(); return; }} }}
        poll();
      }})
      .catch(function () {{ setTimeout(poll, 1000); }});
  }}
  poll();
}})();
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "/bao/../loa.yaml",
            "/bao/%2e%2e/loa.yaml",
            "/bao/%2E%2E%2Floa.yaml",
            "/bao/a/..%2f..%2fx",
            "/bao/a%5c..%5cx",
            "/bao/%00",
            "//etc/passwd",
            "/bao/%zz",
        ] {
            assert_eq!(resolve(bad, "/bao/"), Target::NotFound, "{bad}");
        }
        assert_eq!(resolve("/etc/passwd", "/bao/"), Target::NotFound);
    }

    #[test]
    fn resolves_site_paths() {
        assert_eq!(
            resolve("/bao/thoi-su/", "/bao/"),
            Target::File("thoi-su/".into())
        );
        assert_eq!(
            resolve("/bao/t%C3%ACm?q=x", "/bao/"),
            Target::File("tìm".into())
        );
        assert_eq!(resolve("/bao", "/bao/"), Target::Redirect("/bao/".into()));
        assert_eq!(resolve("/", "/bao/"), Target::Redirect("/bao/".into()));
        assert_eq!(resolve("/bao/__loa/events?v=7", "/bao/"), Target::Events(7));
        assert_eq!(resolve("/", "/"), Target::File(String::new()));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("rss.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("a.JPG"), "image/jpeg");
        assert_eq!(content_type("x"), "application/octet-stream");
    }

    #[test]
    fn injects_before_body_end() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>", "/")).unwrap();
        assert!(out.contains("<script src=\"/__loa/reload.js\" defer></script></body>"));
    }
}
