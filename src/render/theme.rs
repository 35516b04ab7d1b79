//! Templates and static files: the built-in theme `cong`, a theme folder of
//! the site, and the site's own `templates/` and `static/`, later ones winning.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use tera::{ErrorKind, Tera};

use crate::config::Config;
use crate::diag::{rel, Diagnostic, Diagnostics, Location};
use crate::load::read_text;

static CONG: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/cong");

/// Where a static file comes from.
#[derive(Debug, Clone)]
pub enum StaticSource {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

pub struct Theme {
    pub tera: Tera,
    /// Template name → the file it came from (for messages).
    pub files: BTreeMap<String, String>,
    /// Output path (relative, `/`-separated) → source; site files win.
    pub statics: BTreeMap<String, StaticSource>,
    /// Templates of the built-in theme that no theme or site file replaces.
    built_in: BTreeSet<String>,
}

impl Theme {
    pub fn has(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }
    /// Whether template `name` is the built-in theme's own file.
    pub fn is_built_in(&self, name: &str) -> bool {
        self.built_in.contains(name)
    }
}

/// Load the templates and list the static files. Template syntax errors are
/// reported with their file and line; `None` when there were any.
pub fn load(root: &Path, config: &Config, diags: &Diagnostics) -> Option<Theme> {
    let mut sources: BTreeMap<String, (String, String)> = BTreeMap::new(); // name → (file, text)
    let mut statics = BTreeMap::new();
    embedded(&CONG, "templates", &mut |name, text| {
        sources.insert(
            name.to_string(),
            (
                format!("themes/cong/templates/{name} (có sẵn)"),
                text.to_string(),
            ),
        );
    });
    for file in CONG.get_dir("static").map(all_files).unwrap_or_default() {
        let name = file
            .path()
            .strip_prefix("static")
            .unwrap_or(file.path())
            .to_string_lossy()
            .replace('\\', "/");
        statics.insert(name, StaticSource::Embedded(file.contents()));
    }
    let theme_dir = root.join("themes").join(&config.theme);
    if config.theme != "cong" && !theme_dir.is_dir() {
        diags.error(
            Location::file("loa.yaml"),
            format!(
                "không tìm thấy giao diện `{}` (thư mục themes/{}/)",
                config.theme, config.theme
            ),
            format!(
                "theme `{}` not found (folder themes/{}/)",
                config.theme, config.theme
            ),
        );
        return None;
    }
    for dir in [theme_dir.join("templates"), root.join("templates")] {
        for path in disk_files(&dir) {
            let name = path
                .strip_prefix(&dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            match read_text(root, &path) {
                Ok(text) => {
                    sources.insert(
                        name,
                        (rel(root, &path).to_string_lossy().into_owned(), text),
                    );
                }
                Err(d) => diags.push(d),
            }
        }
    }
    for dir in [theme_dir.join("static"), root.join("static")] {
        for path in disk_files(&dir) {
            let name = path
                .strip_prefix(&dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            statics.insert(name, StaticSource::Disk(path));
        }
    }

    let new_tera = || {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        super::filters::register(
            &mut tera,
            &config.base_path,
            &config.base_url,
            config.timezone,
        );
        tera
    };
    let mut tera = new_tera();
    let mut built_in = BTreeSet::new();
    embedded(&CONG, "templates", &mut |name, text| {
        if sources.get(name).is_some_and(|(_, t)| t == text) {
            built_in.insert(name.to_string());
        }
    });
    let files: BTreeMap<String, String> = sources
        .iter()
        .map(|(n, (f, _))| (n.clone(), f.clone()))
        .collect();
    // Literal calls written out (see `literals`); the templates as written
    // when that fails, so errors quote the files' own text.
    let literals = super::literals::Literals::new(&config.base_path);
    let inlined: Vec<Option<String>> = sources.values().map(|(_, t)| literals.inline(t)).collect();
    let as_written = || sources.iter().map(|(n, (_, t))| (n.as_str(), t.as_str()));
    let result = tera
        .add_raw_templates(
            (as_written().zip(&inlined)).map(|((n, t), i)| (n, i.as_deref().unwrap_or(t))),
        )
        .or_else(|_| {
            tera = new_tera();
            tera.add_raw_templates(as_written())
        });
    if let Err(e) = result {
        diags.push(template_error(&e, &files));
        return None;
    }
    Some(Theme {
        tera,
        files,
        statics,
        built_in,
    })
}

/// A Tera error as a diagnostic at the template file and line.
pub fn template_error(e: &tera::Error, files: &BTreeMap<String, String>) -> Diagnostic {
    let (name, line, col, msg) = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => (
            r.filename().to_string(),
            r.span().start_line,
            r.span().start_col + 1,
            r.message().to_string(),
        ),
        other => (String::new(), 0, 0, other.to_string()),
    };
    let mut msg = msg;
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(&format!(": {s}"));
        source = s.source();
    }
    let file = files.get(&name).cloned().unwrap_or_else(|| {
        if name.is_empty() {
            "templates".into()
        } else {
            name.clone()
        }
    });
    Diagnostic::error(
        Location::at(file, line, col),
        format!("lỗi giao diện (template): {msg}"),
        format!("template error: {msg}"),
    )
}

fn embedded(dir: &'static Dir<'static>, sub: &str, f: &mut dyn FnMut(&str, &str)) {
    let Some(d) = dir.get_dir(sub) else { return };
    for file in all_files(d) {
        if let Some(text) = file.contents_utf8() {
            let name = file
                .path()
                .strip_prefix(sub)
                .unwrap_or(file.path())
                .to_string_lossy()
                .replace('\\', "/");
            f(&name, text);
        }
    }
}

fn all_files(dir: &'static Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut out: Vec<&include_dir::File> = dir.files().collect();
    for d in dir.dirs() {
        out.extend(all_files(d));
    }
    out
}

fn disk_files(dir: &Path) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.into_path())
        .collect()
}
