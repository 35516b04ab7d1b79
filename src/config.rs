//! `loa.yaml`: the site configuration (SITE-FORMAT §2).

use std::path::Path;

use chrono::FixedOffset;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::date;
use crate::diag::Diagnostic;
use crate::fields::Fields;

#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub title: String,
    /// Full base URL, always ending with `/`.
    pub base_url: String,
    /// The path of `base_url`: `/` or `/bao/`.
    pub base_path: String,
    pub description: String,
    pub language: String,
    #[serde(skip)]
    pub timezone: FixedOffset,
    pub theme: String,
    pub paginate: usize,
    pub feed_limit: usize,
    pub menu: Vec<MenuItem>,
    pub social: serde_json::Map<String, Value>,
    pub organization: serde_json::Map<String, Value>,
    pub extra: serde_json::Map<String, Value>,
    pub markdown: MarkdownConfig,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Strip raw HTML from Markdown bodies.
    #[serde(default)]
    pub safe: bool,
}

/// A menu entry as written: exactly one of `section` and `url`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub title: String,
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

const KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "language",
    "timezone",
    "theme",
    "paginate",
    "feed_limit",
    "menu",
    "social",
    "organization",
    "extra",
    "markdown",
];

impl Config {
    /// Parse `loa.yaml`'s text; `file` is its path relative to the site root.
    /// `base_url` overrides the file's value (`--base-url`).
    pub fn parse(
        src: &str,
        file: &Path,
        base_url: Option<&str>,
    ) -> Result<Config, Vec<Diagnostic>> {
        let mut f = Fields::parse(src, file, 0).map_err(|d| vec![d])?;
        f.deny_unknown(KEYS, "loa.yaml", "loa.yaml");
        let title = f.required_text("title").unwrap_or_default();
        let base_url_text = match base_url {
            Some(b) => Some(b.to_string()),
            None => f.required_text("base_url"),
        };
        let (base_url, base_path) = match base_url_text.as_deref().map(split_base_url) {
            Some(Some(pair)) => pair,
            Some(None) => {
                f.error(
                    &["base_url"],
                    "`base_url` phải là một địa chỉ đầy đủ, ví dụ https://baolaocai.vn/",
                    "`base_url` must be an absolute URL such as https://example.vn/",
                );
                Default::default()
            }
            None => Default::default(),
        };
        let timezone = match f.text("timezone") {
            None => date::parse_offset("+07:00").expect("valid offset"),
            Some(t) => date::parse_offset(&t).unwrap_or_else(|| {
                f.error(
                    &["timezone"],
                    format!("múi giờ `{t}` không hợp lệ (ví dụ \"+07:00\")"),
                    format!("invalid timezone `{t}` (e.g. \"+07:00\")"),
                );
                date::parse_offset("+07:00").expect("valid offset")
            }),
        };
        let paginate = positive(&mut f, "paginate", 20);
        let feed_limit = positive(&mut f, "feed_limit", 50);
        let menu: Vec<MenuItem> = f.get("menu").unwrap_or_default();
        for (i, item) in menu.iter().enumerate() {
            if item.section.is_some() == item.url.is_some() {
                f.error(
                    &["menu"],
                    format!(
                        "mục menu thứ {} (`{}`) cần đúng một trong `section` và `url`",
                        i + 1,
                        item.title
                    ),
                    format!(
                        "menu item {} (`{}`) needs exactly one of `section` and `url`",
                        i + 1,
                        item.title
                    ),
                );
            }
        }
        for item in &menu {
            if let Some(url) = item
                .url
                .as_deref()
                .filter(|u| !web_url(u) && !u.starts_with('/'))
            {
                f.error(
                    &["menu"],
                    format!("địa chỉ menu `{url}` phải bắt đầu bằng `/` hoặc https://"),
                    format!("menu url `{url}` must start with `/` or https://"),
                );
            }
        }
        let social: serde_json::Map<String, Value> = f.get("social").unwrap_or_default();
        for (name, value) in &social {
            if !value.as_str().is_some_and(web_url) {
                f.error(
                    &["social", name],
                    format!("`social.{name}` phải là một địa chỉ https://, không phải {value}"),
                    format!("`social.{name}` must be an https:// address, not {value}"),
                );
            }
        }
        let config = Config {
            title,
            base_url,
            base_path,
            description: f.text("description").unwrap_or_default(),
            language: f.text("language").unwrap_or_else(|| "vi".into()),
            timezone,
            theme: f.text("theme").unwrap_or_else(|| "cong".into()),
            paginate,
            feed_limit,
            menu,
            social,
            organization: f.get("organization").unwrap_or_default(),
            extra: f.get("extra").unwrap_or_default(),
            markdown: f.get("markdown").unwrap_or_default(),
        };
        if f.diags.iter().any(Diagnostic::is_error) {
            Err(f.diags)
        } else {
            Ok(config)
        }
    }

    /// A site-absolute path as written by an editor (`/uploads/a.jpg`) with the
    /// base path in front (`/bao/uploads/a.jpg`). Other URLs are returned as is.
    pub fn url(&self, path: &str) -> String {
        prefix_base(&self.base_path, path)
    }

    /// Full URL of a site-absolute URL that already carries the base path.
    pub fn permalink(&self, url: &str) -> String {
        if url.starts_with("http://") || url.starts_with("https://") {
            return url.to_string();
        }
        let origin_end = self.base_url.len() - (self.base_path.len() - 1);
        [self.base_url[..origin_end - 1].trim_end_matches('/'), url].concat()
    }
}

/// Put `base_path` in front of a site-absolute path; leave `//host`, full URLs
/// and relative paths alone.
pub fn prefix_base(base_path: &str, path: &str) -> String {
    if path.starts_with('/') && !path.starts_with("//") {
        if base_path == "/" {
            return path.to_string();
        }
        format!("{}{}", base_path.trim_end_matches('/'), path)
    } else {
        path.to_string()
    }
}

fn positive(f: &mut Fields, key: &str, default: usize) -> usize {
    match f.get::<i64>(key) {
        None => default,
        Some(n) if n > 0 => n as usize,
        Some(_) => {
            f.error(
                &[key],
                format!("`{key}` phải là số nguyên dương"),
                format!("`{key}` must be a positive integer"),
            );
            default
        }
    }
}

/// An `http(s)://` address (what a link in the page chrome may be).
fn web_url(s: &str) -> bool {
    let s = s.trim();
    (s.starts_with("https://") || s.starts_with("http://"))
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// `https://example.vn/bao` → (`https://example.vn/bao/`, `/bao/`).
fn split_base_url(url: &str) -> Option<(String, String)> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, "/"),
    };
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || "-.:[]".contains(c));
    let path_ok = !path.contains(['?', '#', '"', '\'', '<', '>', '`', '\\'])
        && !path.chars().any(|c| c.is_whitespace() || c.is_control())
        && !path.split('/').any(|s| s == ".." || s == ".");
    if !host_ok || !path_ok {
        return None;
    }
    let mut path = path.to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    let scheme_host = &url[..url.len() - rest.len() + host.len()];
    Some((format!("{scheme_host}{path}"), path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(src, Path::new("loa.yaml"), None)
    }

    #[test]
    fn script_and_odd_urls_are_refused() {
        let e = parse("title: B\nbase_url: https://example.vn/\nsocial: { facebook: \"javascript:alert(1)\" }\n").unwrap_err();
        assert!(e.iter().any(|d| d.en.contains("social.facebook")), "{e:?}");
        let e = parse("title: B\nbase_url: https://example.vn/\nmenu: [{ title: X, url: \"javascript:alert(1)\" }]\n").unwrap_err();
        assert!(e.iter().any(|d| d.en.contains("menu url")), "{e:?}");
        for bad in [
            "https://x\"><script>/",
            "https://x.vn/a b/",
            "https://x.vn/<b>/",
            "https://x.vn/./",
        ] {
            let src = format!("title: B\nbase_url: '{bad}'\n");
            assert!(parse(&src).is_err(), "{bad} accepted");
        }
        assert!(parse("title: B\nbase_url: https://báo.vn:8080/bao/\nsocial: { zalo: https://zalo.me/1 }\nmenu: [{ title: X, url: /x/ }, { title: Y, url: https://y.vn/ }]\n").is_ok());
    }

    #[test]
    fn minimal_config_has_defaults() {
        let c = parse("title: Báo\nbase_url: https://example.vn\n").unwrap();
        assert_eq!(c.base_url, "https://example.vn/");
        assert_eq!(c.base_path, "/");
        assert_eq!(c.paginate, 20);
        assert_eq!(c.feed_limit, 50);
        assert_eq!(c.theme, "cong");
    }

    #[test]
    fn base_path_is_kept() {
        let c = parse("title: Báo\nbase_url: https://example.vn/bao\n").unwrap();
        assert_eq!(c.base_url, "https://example.vn/bao/");
        assert_eq!(c.base_path, "/bao/");
        assert_eq!(c.url("/uploads/a.jpg"), "/bao/uploads/a.jpg");
        assert_eq!(c.url("//cdn/x"), "//cdn/x");
        assert_eq!(
            c.permalink("/bao/thoi-su/"),
            "https://example.vn/bao/thoi-su/"
        );
    }

    #[test]
    fn unknown_keys_get_hints_all_at_once() {
        let errs = parse("title: Báo\nbase_url: https://e.vn/\npaginat: 5\nfoo: 1\n").unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].location.line, 3);
        assert!(
            errs[0].en.contains("did you mean `paginate`"),
            "{}",
            errs[0].en
        );
        assert_eq!(errs[1].location.line, 4);
    }

    #[test]
    fn missing_title_and_bad_url() {
        let errs = parse("base_url: example.vn\n").unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
    }
}
