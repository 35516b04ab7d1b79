//! The quick answer to an edit: the edited articles read again and put into
//! the last site model in place of their old versions, without walking
//! `content/` or rebuilding the model. Only when that cannot change anything
//! the edited pages show but themselves; otherwise the caller builds the
//! model afresh. The full build behind it settles everything else.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics};
use crate::frontmatter::Kind;
use crate::model::{self, Page, PageId, Site};
use crate::render::Theme;

/// A site model and its theme, as the last build (or patch) left them.
pub(super) struct Prepared {
    pub site: Site,
    pub theme: Theme,
}

#[derive(Debug)]
pub(super) enum Patch {
    /// These pages were patched: render them.
    Pages(Vec<PageId>),
    /// An edited page has errors: show them (the full build lists them all).
    Errors(Vec<Diagnostic>),
    /// Files were added, removed or renamed, or an edit reaches beyond its
    /// own page: build the model afresh.
    Unsure,
}

/// Patch the pages of `changed` (absolute paths, all under `content/`) into
/// `prepared`. Nothing is changed unless the answer is [`Patch::Pages`].
pub(super) fn patch(prepared: &mut Prepared, changed: &[PathBuf], root: &Path) -> Patch {
    let site = &prepared.site;
    let mut rels: Vec<&Path> = Vec::with_capacity(changed.len());
    for path in changed {
        let Ok(rel) = path.strip_prefix(root) else {
            return Patch::Unsure;
        };
        rels.push(rel);
    }
    let mut edited: Vec<PageId> = Vec::new();
    for (rel, found) in rels.iter().zip(find(site, &rels)) {
        let path = root.join(rel);
        match found {
            Found::Page(id) if is_file(&path) => edited.push(id),
            // A page removed or renamed away, a bundle's file, a folder of pages.
            Found::Page(_) | Found::Inside => return Patch::Unsure,
            // A new file of a bundle.
            Found::InBundle if exists(&path) => return Patch::Unsure,
            // Came and went (an editor's temporary file beside `index.md`).
            Found::InBundle => {}
            // A new Markdown file or folder (or a draft's) may be a new page.
            Found::Nothing if is_markdown(rel) || is_folder(&path) => return Patch::Unsure,
            Found::Nothing => {} // an editor's temporary file, say
        }
    }
    edited.sort_unstable();
    edited.dedup();
    let mut pages: Vec<Page> = Vec::with_capacity(edited.len());
    for &id in &edited {
        let old = &site.pages[id];
        if !matches!(old.kind, Kind::News | Kind::Pages) {
            // Campaigns and rosters feed indexes of their own.
            return Patch::Unsure;
        }
        let (source, ds) = crate::load::reread(&site.root, &old.source, &site.config);
        if ds.iter().any(Diagnostic::is_error) {
            return Patch::Errors(ds);
        }
        let Some(source) = source else {
            return Patch::Unsure;
        };
        let diags = Diagnostics::new();
        let new = model::page(
            id,
            Arc::new(source),
            &site.sections,
            &site.config,
            &site.options,
            &diags,
        );
        if diags.has_errors() {
            return Patch::Errors(diags.into_sorted());
        }
        let Some(mut new) = new.filter(|new| same_place(old, new)) else {
            return Patch::Unsure;
        };
        let Some(tags) = tag_ids(site, &new.source.fm.tags) else {
            return Patch::Unsure;
        };
        new.tags = tags;
        new.refs = old.refs.clone();
        pages.push(new);
    }
    for page in pages {
        let id = page.id;
        prepared.site.pages[id] = page;
    }
    Patch::Pages(edited)
}

/// Whether the edited page stands where the old one stood: same URL, kind
/// and references. Then the page renders as in a full build: what it shows
/// of other pages (related articles, the section's newest) does not depend
/// on its own place in the site's lists, which it is left out of.
fn same_place(old: &Page, new: &Page) -> bool {
    let (a, b) = (old.fm(), new.fm());
    old.url == new.url && old.kind == new.kind && a.campaign == b.campaign && a.units == b.units
}

/// The ids of the tags `names` as the model gives them (each slug once, in
/// order): `None` when a tag is new to the site, or spelt otherwise than the
/// site's spelling of it (the edit may rename the tag).
fn tag_ids(site: &Site, names: &[String]) -> Option<Vec<usize>> {
    let mut ids = Vec::new();
    for name in names {
        let slug = crate::slug::slugify(name);
        if slug.is_empty() {
            continue;
        }
        let id = site.tags.iter().position(|t| t.slug == slug)?;
        if site.tags[id].name != *name {
            return None;
        }
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Some(ids)
}

/// What a changed path is to the site, the most telling last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Found {
    Nothing,
    /// In a bundle's folder, not one of its files.
    InBundle,
    /// A bundle's file or the bundle's folder, or a folder holding pages.
    Inside,
    /// The page's own file.
    Page(PageId),
}

/// What each of `rels` is to the site: one pass over the pages, comparing
/// bytes (the paths come from the same walk, so they are spelled alike).
fn find(site: &Site, rels: &[&Path]) -> Vec<Found> {
    let keys: Vec<&[u8]> = rels.iter().map(|r| bytes(r)).collect();
    let mut found = vec![Found::Nothing; rels.len()];
    for p in &site.pages {
        let file = bytes(&p.source.file);
        let bundle = p.source.bundle.as_deref().map(bytes);
        for (key, f) in keys.iter().zip(found.iter_mut()) {
            let here = if file == *key {
                Found::Page(p.id)
            } else if below(file, key) {
                Found::Inside
            } else if let Some(b) = bundle.filter(|b| b == key || below(key, b)) {
                let asset = key
                    .get(b.len() + 1..)
                    .is_some_and(|rest| p.source.assets.iter().any(|a| bytes(a) == rest));
                if b == *key || asset {
                    Found::Inside
                } else {
                    Found::InBundle
                }
            } else {
                Found::Nothing
            };
            *f = (*f).max(here);
        }
    }
    found
}

fn bytes(p: &Path) -> &[u8] {
    p.as_os_str().as_encoded_bytes()
}

/// Whether `path` is inside the folder `dir`.
fn below(path: &[u8], dir: &[u8]) -> bool {
    path.len() > dir.len()
        && path.starts_with(dir)
        && std::path::is_separator(char::from(path[dir.len()]))
}

fn is_markdown(rel: &Path) -> bool {
    rel.extension().is_some_and(|e| e == "md")
}

fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

fn is_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
}

fn is_folder(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_file())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{self, Options};

    /// A site from `loa init`, prepared as `serve` prepares it.
    fn site() -> (tempfile::TempDir, Prepared) {
        let dir = tempfile::tempdir().unwrap();
        crate::scaffold::init(dir.path()).unwrap();
        let prepared = prepare(dir.path());
        (dir, prepared)
    }

    fn prepare(root: &Path) -> Prepared {
        let opts = Options {
            root: root.to_path_buf(),
            future: true,
            ..Options::default()
        };
        let diags = Diagnostics::new();
        let (site, theme) = pipeline::prepare(&opts, &diags, None).expect("site builds");
        Prepared { site, theme }
    }

    fn news(p: &Prepared) -> &Page {
        p.site
            .pages
            .iter()
            .find(|p| p.kind == Kind::News && !p.source.fm.tags.is_empty())
            .expect("a news page with tags")
    }

    /// The page rendered by `render_pages` from `prepared`.
    fn rendered(prepared: &mut Prepared, id: PageId) -> Vec<u8> {
        let files = super::super::files::MemoryFiles::default();
        let diags = Diagnostics::new();
        crate::render::render_pages(&prepared.site, &mut prepared.theme, &[id], &files, &diags);
        assert!(!diags.has_errors());
        let url = prepared.site.pages[id].url.trim_start_matches('/');
        super::super::Files::get(&files, &format!("{url}index.html"))
            .expect("page written")
            .to_vec()
    }

    /// Apply `edit` to the front matter lines and the body of a news page,
    /// patch it, and compare its page with a fresh model's.
    fn patched_as_fresh(edit: impl Fn(&str) -> String) {
        let (dir, mut prepared) = site();
        let page = news(&prepared);
        let (id, file) = (page.id, dir.path().join(&page.source.file));
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, edit(&text)).unwrap();
        let tmp = file.with_extension("md.tmp");
        match patch(&mut prepared, &[file.clone(), tmp], dir.path()) {
            Patch::Pages(ids) => assert_eq!(ids, vec![id]),
            other => panic!("{other:?}"),
        }
        let patched = rendered(&mut prepared, id);
        let mut fresh = prepare(dir.path());
        let fresh_id = fresh
            .site
            .pages
            .iter()
            .find(|p| p.source.file == prepared.site.pages[id].source.file)
            .unwrap()
            .id;
        let fresh = rendered(&mut fresh, fresh_id);
        assert!(patched == fresh, "{}", String::from_utf8_lossy(&patched));
    }

    fn with_line(text: &str, key: &str, line: &str) -> String {
        let lines: Vec<&str> = text
            .lines()
            .map(|l| if l.starts_with(key) { line } else { l })
            .collect();
        lines.join("\n") + "\n"
    }

    #[test]
    fn an_edited_article_renders_as_in_a_full_build() {
        patched_as_fresh(|text| {
            text.replacen("\n---\n", "\n---\n\nMột đoạn mới.\n\n", 1)
                .replacen("title: ", "title: Đã sửa ", 1)
        });
        // Tags the site has (related articles change), another date.
        patched_as_fresh(|text| with_line(text, "tags:", "tags: [khen thưởng, nông thôn mới]"));
        patched_as_fresh(|text| with_line(text, "date:", "date: 2025-12-01 07:00"));
    }

    #[test]
    fn edits_that_reach_beyond_the_page_are_left_to_a_fresh_model() {
        let (dir, mut prepared) = site();
        let page = news(&prepared);
        let file = dir.path().join(&page.source.file);
        let text = std::fs::read_to_string(&file).unwrap();
        // New tags: tag pages and related articles change.
        let retagged: Vec<&str> = text
            .lines()
            .map(|l| {
                if l.starts_with("tags:") {
                    "tags: [mới]"
                } else {
                    l
                }
            })
            .collect();
        std::fs::write(&file, retagged.join("\n")).unwrap();
        assert!(matches!(
            patch(&mut prepared, std::slice::from_ref(&file), dir.path()),
            Patch::Unsure
        ));
        // A new article, a removed one, a new folder.
        std::fs::write(&file, &text).unwrap();
        let added = file.with_file_name("2026-01-01-moi.md");
        std::fs::write(&added, &text).unwrap();
        assert!(matches!(
            patch(&mut prepared, std::slice::from_ref(&added), dir.path()),
            Patch::Unsure
        ));
        std::fs::remove_file(&added).unwrap();
        std::fs::remove_file(&file).unwrap();
        assert!(matches!(
            patch(&mut prepared, std::slice::from_ref(&file), dir.path()),
            Patch::Unsure
        ));
        let folder = dir.path().join("content/thu-muc-moi");
        std::fs::create_dir(&folder).unwrap();
        assert!(matches!(
            patch(&mut prepared, &[folder], dir.path()),
            Patch::Unsure
        ));
    }

    #[test]
    fn a_bundle_page_is_patched_unless_its_files_change() {
        let dir = tempfile::tempdir().unwrap();
        crate::scaffold::init(dir.path()).unwrap();
        let bundle = dir.path().join("content/tin-tuc/anh-dep");
        std::fs::create_dir_all(&bundle).unwrap();
        let index = bundle.join("index.md");
        let text = "---\ntitle: Ảnh đẹp\ndate: 2026-01-02\n---\nẢnh ![lúa](lua.png)\n";
        std::fs::write(&index, text).unwrap();
        std::fs::write(bundle.join("lua.png"), b"png").unwrap();
        let mut prepared = prepare(dir.path());
        // Saved by rename-over: the temporary file is gone.
        std::fs::write(&index, text.replace("Ảnh ", "Ảnh mới ")).unwrap();
        let tmp = bundle.join("index.md.tmp");
        let id = match patch(&mut prepared, &[index.clone(), tmp.clone()], dir.path()) {
            Patch::Pages(ids) => ids[0],
            other => panic!("{other:?}"),
        };
        assert!(String::from_utf8_lossy(&rendered(&mut prepared, id)).contains("Ảnh mới"));
        // A file of the bundle changed, removed or added: its list changes.
        for file in [bundle.join("lua.png"), tmp.clone()] {
            std::fs::write(&file, b"x").unwrap();
            assert!(matches!(
                patch(&mut prepared, &[index.clone(), file.clone()], dir.path()),
                Patch::Unsure
            ));
        }
        std::fs::remove_file(bundle.join("lua.png")).unwrap();
        assert!(matches!(
            patch(&mut prepared, &[bundle.join("lua.png")], dir.path()),
            Patch::Unsure
        ));
    }

    #[test]
    fn paths_inside_folders() {
        assert!(below(b"content/a/index.md", b"content/a"));
        assert!(!below(b"content/ab/index.md", b"content/a"));
        assert!(!below(b"content/a", b"content/a"));
    }

    #[test]
    fn a_broken_edit_reports_its_errors() {
        let (dir, mut prepared) = site();
        let page = news(&prepared);
        let (id, file) = (page.id, dir.path().join(&page.source.file));
        let before = prepared.site.pages[id].title().to_string();
        std::fs::write(&file, "---\ntitle: Hỏng\ndate: 2026-13-40\n---\nx\n").unwrap();
        match patch(&mut prepared, &[file], dir.path()) {
            Patch::Errors(ds) => assert!(ds.iter().any(|d| d.vi.contains("2026-13-40"))),
            other => panic!("{other:?}"),
        }
        assert_eq!(prepared.site.pages[id].title(), before, "model untouched");
    }
}
