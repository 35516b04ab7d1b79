//! Stage 1: read the site folder. Walks `content/`, classifies sections,
//! pages, bundles and their files, and reads every Markdown file (in
//! parallel): UTF-8 check, NFC, front matter, Markdown.

mod cache;

use cache::PageResult;
pub use cache::{reread, Cache};

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::config::Config;
use crate::diag::{rel, Diagnostic, Diagnostics, Location};
use crate::fields::Fields;
use crate::frontmatter::{self, FrontMatter, Kind, SECTION_KEYS};
use crate::markdown::{self, Rendered};

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Date,
    Title,
    Weight,
}

/// A folder with `_index.md` (or `content/` itself, the root).
#[derive(Debug)]
pub struct SectionSource {
    /// Folder relative to the site root (`content/thoi-su`).
    pub dir: PathBuf,
    /// `_index.md` relative to the site root, when there is one.
    pub file: Option<PathBuf>,
    pub title: String,
    pub description: Option<String>,
    pub kind: Kind,
    pub sort: Sort,
    pub paginate: Option<usize>,
    pub weight: i64,
    pub template: Option<String>,
    pub extra: Map<String, Value>,
    pub body: Rendered,
}

/// A Markdown page, read and parsed.
#[derive(Debug, Clone)]
pub struct PageSource {
    /// `.md` file relative to the site root.
    pub file: PathBuf,
    /// Folder of a bundle (`name/index.md`) relative to the site root.
    pub bundle: Option<PathBuf>,
    /// Other files of the bundle, relative to the bundle folder, sorted.
    pub assets: Vec<PathBuf>,
    /// Index into `Loaded::sections` of the nearest ancestor section.
    pub section: usize,
    pub kind: Kind,
    pub fm: FrontMatter,
    /// The front matter's text, for kind-specific reading with locations.
    pub front: String,
    pub front_offset: usize,
    pub body: Rendered,
    pub body_offset: usize,
}

#[derive(Debug, Default)]
pub struct Loaded {
    /// Index 0 is the root section (`content/`).
    pub sections: Vec<SectionSource>,
    pub pages: Vec<Arc<PageSource>>,
    /// `data/units.yaml` and `data/blocks.yaml` (read by the pipeline).
    pub registry: crate::unit::Registry,
}

/// Sorts paths as a depth-first walk with each folder's entries by name
/// does: component by component. A separator sorts before any byte of a
/// name, so the bytes with `/` as 0 compare the same way (names hold no NUL).
fn walk_order_key(path: &Path) -> Vec<u8> {
    let mut key = path.as_os_str().as_encoded_bytes().to_vec();
    for b in &mut key {
        if std::path::is_separator(char::from(*b)) {
            *b = 0;
        }
    }
    key
}

/// Read a text file: see [`decode`].
pub fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let relp = rel(root, path);
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(
            Location::file(&relp),
            format!("không đọc được tệp: {e}"),
            format!("cannot read file: {e}"),
        )
    })?;
    decode(bytes, &relp)
}

/// A text file's bytes as loa reads them: UTF-8 required, no NUL byte, BOM
/// dropped, CRLF and CR line ends made LF, NFC. `relp` names the file in
/// diagnostics.
pub fn decode(bytes: Vec<u8>, relp: &Path) -> Result<String, Diagnostic> {
    // simdutf8 checks Vietnamese text several times faster than the
    // standard library (whose fast path is for ASCII); on failure the
    // standard library finds where the bad byte is.
    let Ok(text) = simdutf8::basic::from_utf8(&bytes) else {
        let valid = std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), |s| s.len());
        let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
        return Err(Diagnostic::error(
            Location::at(relp, line, 1),
            "tệp không phải UTF-8; hãy lưu lại với mã hóa UTF-8",
            "the file is not UTF-8; save it again as UTF-8",
        ));
    };
    if let Some(at) = text.find('\0') {
        // Plain text never holds NUL; a file saved as UTF-16 without a BOM
        // (Notepad's "Unicode") does, between every two ASCII letters.
        let line = text[..at].matches('\n').count() + 1;
        return Err(Diagnostic::error(
            Location::at(relp, line, 1),
            "tệp có ký tự NUL (byte 0): có thể tệp được lưu dạng UTF-16; hãy lưu lại với mã hóa UTF-8",
            "the file holds a NUL byte: it may be saved as UTF-16; save it again as UTF-8",
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(nfc(normalize_line_ends(text.to_string())))
}

/// CRLF and lone CR line ends become LF (what YAML and CommonMark both
/// count as one line end), so no `\r` reaches titles, summaries or pages.
pub fn normalize_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// `text` in NFC (see [`crate::search::text::nfc`]: most texts are proven
/// NFC by their characters and kept as they are).
pub fn nfc(text: String) -> String {
    match crate::search::text::nfc(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(s) => s,
    }
}

/// Walk `content/` and read everything.
pub fn load(root: &Path, config: &Config, diags: &Diagnostics) -> Loaded {
    load_cached(root, config, diags, None)
}

/// [`load`], reusing pages of `cache` that did not change.
pub fn load_cached(
    root: &Path,
    config: &Config,
    diags: &Diagnostics,
    cache: Option<&Cache>,
) -> Loaded {
    let content = root.join("content");
    let mut dirs_with_index = BTreeSet::new();
    let mut bundle_dirs = BTreeSet::new();
    let mut files = Vec::new();
    if content.is_dir() {
        // Unsorted walk, sorted once below: walkdir's own sort parses both
        // paths at every comparison (2 % of a build).
        let mut walker = walkdir::WalkDir::new(&content)
            .follow_links(false)
            .into_iter();
        while let Some(entry) = walker.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map(|p| rel(root, p)).unwrap_or_default();
                    diags.error(
                        Location::file(path),
                        format!("không đọc được: {e}"),
                        format!("cannot read: {e}"),
                    );
                    continue;
                }
            };
            let name = entry.file_name().to_string_lossy();
            let is_dir = entry.file_type().is_dir();
            if name.starts_with('.') && entry.depth() > 0 {
                // Hidden files and folders (.git, editor settings): nothing
                // below them is content.
                if is_dir {
                    walker.skip_current_dir();
                }
                continue;
            }
            if entry.file_name().to_str().is_none() {
                if is_dir {
                    walker.skip_current_dir();
                }
                // loa could not name it in a URL or a message; say so rather
                // than leave a page out without a word.
                diags.warning(
                    Location::file(rel(root, entry.path())),
                    "tên tệp hoặc thư mục không phải UTF-8 nên bị bỏ qua; hãy đổi tên (chỉ dùng chữ, số, dấu -)",
                    "skipping a file or folder whose name is not UTF-8; rename it (letters, digits, -)",
                );
                continue;
            }
            if entry.path_is_symlink() {
                diags.warning(
                    Location::file(rel(root, entry.path())),
                    "bỏ qua liên kết tượng trưng (symlink) trong content/",
                    "skipping a symbolic link under content/",
                );
                continue;
            }
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.into_path();
            let parent = path.parent().unwrap_or(&content).to_path_buf();
            match path.file_name().and_then(|n| n.to_str()) {
                Some("_index.md") => {
                    dirs_with_index.insert(parent);
                }
                Some("index.md") if parent != content => {
                    bundle_dirs.insert(parent);
                }
                _ => {}
            }
            files.push(path);
        }
        files.sort_by_cached_key(|p| walk_order_key(p));
    }

    // Sections: content/ itself, then every folder with _index.md (path order,
    // so parents come before children).
    let mut section_dirs: Vec<PathBuf> = vec![content.clone()];
    section_dirs.extend(dirs_with_index.iter().filter(|d| **d != content).cloned());
    let mut loaded = Loaded::default();
    let section_of = |dir: &Path, sections: &[PathBuf]| -> usize {
        let mut best = 0;
        for (i, s) in sections.iter().enumerate() {
            if dir.starts_with(s) && s.components().count() >= sections[best].components().count() {
                best = i;
            }
        }
        best
    };
    for dir in &section_dirs {
        let index = dir.join("_index.md");
        let has_index = dirs_with_index.contains(dir);
        let section = read_section(
            root,
            dir,
            has_index.then_some(index.as_path()),
            config,
            diags,
        );
        loaded.sections.push(section);
    }

    // Pages and bundle files.
    let mut page_files: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    for path in &files {
        let parent = path.parent().unwrap_or(&content);
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        // The outermost bundle folder holding the file, looked up by its
        // ancestors (not a scan of every bundle per file).
        let in_bundle = path
            .ancestors()
            .skip(1)
            .take_while(|_| !bundle_dirs.is_empty())
            .filter_map(|a| bundle_dirs.get(a))
            .last();
        let is_md = name.ends_with(".md");
        match in_bundle {
            Some(b) if name == "index.md" && parent == b.as_path() => {
                page_files.push((path.clone(), Some(b.clone())))
            }
            Some(_) => {} // a bundle's file: collected below
            None if is_md && name != "_index.md" => page_files.push((path.clone(), None)),
            None => {}
        }
    }
    let pages: Vec<PageResult> = page_files
        .par_iter()
        .map(|(path, bundle)| {
            let dir = bundle
                .as_deref()
                .and_then(Path::parent)
                .unwrap_or_else(|| path.parent().unwrap_or(&content));
            let section = section_of(dir, &section_dirs);
            let kind = if section == 0 {
                Kind::Pages
            } else {
                loaded.sections[section].kind
            };
            let assets = bundle
                .as_ref()
                .map(|b| bundle_assets(b, &files, &bundle_dirs))
                .unwrap_or_default();
            let meta = cache.and_then(|_| std::fs::metadata(path).ok());
            if let (Some(cache), Some(meta)) = (cache, &meta) {
                if let Some(hit) = cache.get(path, meta, section, kind, &assets) {
                    return hit;
                }
            }
            let (page, ds) = read_page(
                root,
                path,
                bundle.as_ref().map(|b| rel(root, b)),
                assets.clone(),
                section,
                kind,
                config,
            );
            let result = (page.map(Arc::new), ds);
            if let (Some(cache), Some(meta)) = (cache, &meta) {
                cache.put(path, meta, section, kind, assets, &result);
            }
            result
        })
        .collect();
    for (page, ds) in pages {
        diags.extend(ds);
        loaded.pages.extend(page);
    }
    loaded
}

fn bundle_assets(
    bundle: &Path,
    files: &[PathBuf],
    bundle_dirs: &BTreeSet<PathBuf>,
) -> Vec<PathBuf> {
    let index = bundle.join("index.md");
    // `files` is in walk order (`Path`'s order): the bundle's files are the
    // run that starts where `bundle` would sort.
    let start = files.partition_point(|f| f.as_path() < bundle);
    files[start..]
        .iter()
        .take_while(|f| f.starts_with(bundle))
        .filter(|f| **f != index)
        // A nested bundle's files belong to it.
        .filter(|f| {
            !f.ancestors()
                .skip(1)
                .take_while(|a| *a != bundle)
                .any(|a| bundle_dirs.contains(a))
        })
        .filter_map(|f| f.strip_prefix(bundle).ok().map(Path::to_path_buf))
        .collect()
}

fn read_section(
    root: &Path,
    dir: &Path,
    index: Option<&Path>,
    config: &Config,
    diags: &Diagnostics,
) -> SectionSource {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut section = SectionSource {
        dir: rel(root, dir),
        file: index.map(|i| rel(root, i)),
        title: name,
        description: None,
        kind: Kind::News,
        sort: Sort::Date,
        paginate: None,
        weight: 0,
        template: None,
        extra: Map::new(),
        body: Rendered::default(),
    };
    let Some(index) = index else { return section };
    let relp = rel(root, index);
    let text = match read_text(root, index) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return section;
        }
    };
    let split = match frontmatter::split(&text, &relp) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return section;
        }
    };
    let mut f = match Fields::parse(split.front, &relp, split.front_offset) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return section;
        }
    };
    let is_root = rel(root, dir) == Path::new("content");
    f.deny_unknown(SECTION_KEYS, "_index.md", "_index.md");
    match f.required_text("title") {
        Some(t) => section.title = t.trim().to_string(),
        None if is_root => {
            // The home's _index.md may omit the title: the site title applies.
            f.diags.retain(|d| !d.en.contains("`title`"));
            section.title = config.title.clone();
        }
        None => {}
    }
    section.description = f.text("description");
    if let Some(k) = f.text("kind") {
        match Kind::parse(&k) {
            Some(kind) => section.kind = kind,
            None => f.error(
                &["kind"],
                format!(
                    "loại chuyên mục `{k}` không hợp lệ; dùng news, campaigns, rosters hoặc pages"
                ),
                format!("invalid section kind `{k}`; use news, campaigns, rosters or pages"),
            ),
        }
    }
    if let Some(s) = f.text("sort") {
        section.sort = match s.as_str() {
            "date" => Sort::Date,
            "title" => Sort::Title,
            "weight" => Sort::Weight,
            _ => {
                f.error(
                    &["sort"],
                    format!("cách sắp xếp `{s}` không hợp lệ; dùng date, title hoặc weight"),
                    format!("invalid sort `{s}`; use date, title or weight"),
                );
                Sort::Date
            }
        };
    }
    section.paginate = f.get::<usize>("paginate").filter(|n| *n > 0);
    section.weight = f.get("weight").unwrap_or(0);
    section.template = f.text("template");
    section.extra = f.get("extra").unwrap_or_default();
    section.body = markdown::render(split.body, &md_options(config));
    offset_lines(&mut section.body, split.body_offset);
    diags.extend(f.diags);
    section
}

pub fn md_options(config: &Config) -> markdown::Options<'_> {
    markdown::Options {
        base_path: &config.base_path,
        safe: config.markdown.safe,
    }
}

fn offset_lines(body: &mut Rendered, offset: usize) {
    for l in &mut body.links {
        l.line += offset;
    }
    for i in &mut body.images {
        i.line += offset;
    }
}

fn read_page(
    root: &Path,
    path: &Path,
    bundle: Option<PathBuf>,
    assets: Vec<PathBuf>,
    section: usize,
    kind: Kind,
    config: &Config,
) -> (Option<PageSource>, Vec<Diagnostic>) {
    let relp = rel(root, path);
    let text = match read_text(root, path) {
        Ok(t) => t,
        Err(d) => return (None, vec![d]),
    };
    let split = match frontmatter::split(&text, &relp) {
        Ok(s) => s,
        Err(d) => return (None, vec![d]),
    };
    let mut f = match Fields::parse(split.front, &relp, split.front_offset) {
        Ok(f) => f,
        Err(d) => return (None, vec![d]),
    };
    let fm = FrontMatter::read(&mut f, kind, config.timezone);
    if f.diags.iter().any(Diagnostic::is_error) {
        return (None, f.diags);
    }
    let mut body = markdown::render(split.body, &md_options(config));
    offset_lines(&mut body, split.body_offset);
    let diags = f.diags;
    let page = PageSource {
        file: relp,
        bundle,
        assets,
        section,
        kind,
        fm,
        front: split.front.to_string(),
        front_offset: split.front_offset,
        body,
        body_offset: split.body_offset,
    };
    (Some(page), diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_order_is_component_order() {
        // `Path`'s own order compares component by component: the order of a
        // depth-first walk with each folder sorted by name.
        let names = [
            "a/b.md",
            "a-c.md",
            "a/b/c.md",
            "a.md",
            "a0/x.md",
            "ab.md",
            "a b/x.md",
            "_index.md",
            "tin/đ.md",
            "tin/d.md",
            "tin/z.md",
            "tin-tuc/a.md",
            "tin/a/b.md",
            "A.md",
        ];
        let mut by_key: Vec<PathBuf> = names
            .iter()
            .map(|n| Path::new("/s/content").join(n))
            .collect();
        let mut by_path = by_key.clone();
        by_key.sort_by_cached_key(|p| walk_order_key(p));
        by_path.sort();
        assert_eq!(by_key, by_path);
    }

    #[test]
    fn files_of_nested_bundles_belong_to_the_outermost() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let page = "---\ntitle: Bài\ndate: 2026-01-02\n---\nNội dung.\n";
        for (rel, text) in [
            ("content/tin/_index.md", "---\ntitle: Tin\n---\n"),
            ("content/tin/anh/index.md", page),
            ("content/tin/anh/1.jpg", "x"),
            ("content/tin/anh/con/index.md", page),
            ("content/tin/anh/con/2.jpg", "x"),
            ("content/tin/le.md", page),
        ] {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let config = Config::parse(
            "title: T\nbase_url: https://x.vn/\n",
            Path::new("loa.yaml"),
            None,
        )
        .unwrap();
        let loaded = load(root, &config, &Diagnostics::new());
        let files: Vec<String> = loaded
            .pages
            .iter()
            .map(|p| p.file.to_string_lossy().replace('\\', "/"))
            .collect();
        assert_eq!(files, ["content/tin/anh/index.md", "content/tin/le.md"]);
        let assets: Vec<String> = loaded.pages[0]
            .assets
            .iter()
            .map(|a| a.to_string_lossy().replace('\\', "/"))
            .collect();
        // The nested bundle keeps its files (and, inside another bundle, is
        // no page of its own).
        assert_eq!(assets, ["1.jpg"]);
    }
}
