//! The files of `content/`: one walk, in a fixed order, that tells sections
//! (`_index.md`), bundles (`index.md`) and pages apart.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{rel, Diagnostics, Location};

/// What the walk of `content/` found.
#[derive(Default)]
pub(super) struct Walk {
    /// Every file, in walk order (`Path`'s order: component by component).
    files: Vec<PathBuf>,
    /// Folders holding `_index.md`: sections.
    pub(super) dirs_with_index: BTreeSet<PathBuf>,
    /// Folders (below `content/`) holding `index.md`: bundles.
    bundle_dirs: BTreeSet<PathBuf>,
}

impl Walk {
    /// Walks `content` (under `root`, for messages). Hidden files, symbolic
    /// links and names that are not UTF-8 are left out, the last two with a
    /// warning; unreadable folders are errors. Each folder of `content/` is
    /// walked on its own thread; the files are sorted once at the end.
    pub(super) fn content(root: &Path, content: &Path, diags: &Diagnostics) -> Walk {
        let mut walk = Walk::default();
        if !content.is_dir() {
            return walk;
        }
        let top = walkdir::WalkDir::new(content).max_depth(1);
        let mut folders = Vec::new();
        walk.scan(top, root, content, Some(&mut folders), diags);
        let parts: Vec<Walk> = folders
            .par_iter()
            .map(|folder| {
                let mut part = Walk::default();
                part.scan(walkdir::WalkDir::new(folder), root, content, None, diags);
                part
            })
            .collect();
        for part in parts {
            walk.files.extend(part.files);
            walk.dirs_with_index.extend(part.dirs_with_index);
            walk.bundle_dirs.extend(part.bundle_dirs);
        }
        // Unsorted walks, sorted once here: walkdir's own sort parses both
        // paths at every comparison (2 % of a build).
        walk.files.par_sort_by_cached_key(|p| walk_order_key(p));
        walk
    }

    /// Adds the files of `walker`. With `folders` (the walk of `content/`
    /// itself, one level deep), its folders go there to be walked each on
    /// its own; without, `walker` walks such a folder, already vetted.
    fn scan(
        &mut self,
        walker: walkdir::WalkDir,
        root: &Path,
        content: &Path,
        mut folders: Option<&mut Vec<PathBuf>>,
        diags: &Diagnostics,
    ) {
        let mut walker = walker.follow_links(false).into_iter();
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
            // A folder's own walk starts at the folder, vetted by the walk
            // that found it.
            if entry.depth() == 0 && folders.is_none() {
                continue;
            }
            let is_dir = entry.file_type().is_dir();
            if entry.file_name().to_string_lossy().starts_with('.') && entry.depth() > 0 {
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
            if is_dir {
                if let (Some(folders), 1) = (folders.as_deref_mut(), entry.depth()) {
                    folders.push(entry.into_path());
                }
                continue;
            }
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.into_path();
            let parent = path.parent().unwrap_or(content).to_path_buf();
            match path.file_name().and_then(|n| n.to_str()) {
                Some("_index.md") => {
                    self.dirs_with_index.insert(parent);
                }
                Some("index.md") if parent != content => {
                    self.bundle_dirs.insert(parent);
                }
                _ => {}
            }
            self.files.push(path);
        }
    }

    /// The Markdown files that are pages, each with its bundle folder: a
    /// bundle's `index.md`, or a `.md` file outside any bundle (not
    /// `_index.md`). Other files of a bundle are its assets.
    pub(super) fn page_files(&self, content: &Path) -> Vec<(PathBuf, Option<PathBuf>)> {
        let mut page_files = Vec::new();
        for path in &self.files {
            let parent = path.parent().unwrap_or(content);
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            // The outermost bundle folder holding the file, looked up by its
            // ancestors (not a scan of every bundle per file).
            let below_content = |a: &&Path| a.as_os_str().len() > content.as_os_str().len();
            let in_bundle = (path.ancestors().skip(1))
                .take_while(below_content)
                .filter_map(|a| self.bundle_dirs.get(a))
                .last();
            match in_bundle {
                Some(b) if name == "index.md" && parent == b.as_path() => {
                    page_files.push((path.clone(), Some(b.clone())))
                }
                Some(_) => {} // a bundle's file: see `bundle_assets`
                None if name.ends_with(".md") && name != "_index.md" => {
                    page_files.push((path.clone(), None))
                }
                None => {}
            }
        }
        page_files
    }

    /// The files of `bundle` but its `index.md` and the files of bundles
    /// nested in it, relative to `bundle`, in walk order.
    pub(super) fn bundle_assets(&self, bundle: &Path) -> Vec<PathBuf> {
        let index = bundle.join("index.md");
        // The bundle's files are the run of `files` that starts where
        // `bundle` would sort.
        let start = self.files.partition_point(|f| f.as_path() < bundle);
        self.files[start..]
            .iter()
            .take_while(|f| f.starts_with(bundle))
            .filter(|f| **f != index)
            // A nested bundle's files belong to it.
            .filter(|f| {
                !f.ancestors()
                    .skip(1)
                    .take_while(|a| *a != bundle)
                    .any(|a| self.bundle_dirs.contains(a))
            })
            .filter_map(|f| f.strip_prefix(bundle).ok().map(Path::to_path_buf))
            .collect()
    }
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

/// `dir.starts_with(folder)` for two paths of one walk (same root, no `.`,
/// no doubled or trailing separators), on their bytes: `Path::starts_with`
/// splits both into components at every call, a tenth of the load's time
/// when each page looks through every section.
pub(super) fn under(dir: &Path, folder: &Path) -> bool {
    let (d, f) = (
        dir.as_os_str().as_encoded_bytes(),
        folder.as_os_str().as_encoded_bytes(),
    );
    d.starts_with(f)
        && (d.len() == f.len() || f.is_empty() || std::path::is_separator(char::from(d[f.len()])))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::load::load;

    #[test]
    fn under_is_starts_with_on_walked_paths() {
        let paths = [
            "/s/content",
            "/s/content/tin",
            "/s/content/tin-tuc",
            "/s/content/tin/a",
            "/s/content/tinh",
            "/s/contents",
            "/s/content/đ",
            "content",
            "content/tin",
        ];
        for a in paths {
            for b in paths {
                let (a, b) = (Path::new(a), Path::new(b));
                assert_eq!(under(a, b), a.starts_with(b), "{a:?} under {b:?}");
            }
        }
    }

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
