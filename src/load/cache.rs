//! Pages parsed by an earlier build, kept between rebuilds by `loa serve`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

use super::PageSource;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::frontmatter::Kind;

/// Pages parsed by an earlier build, kept by `serve`: a file whose size,
/// modification time, section, kind and bundle files are unchanged is not
/// read or parsed again (its diagnostics are replayed).
#[derive(Default)]
pub struct Cache {
    entries: RwLock<HashMap<PathBuf, CacheEntry>>,
}

struct CacheEntry {
    len: u64,
    modified: Option<SystemTime>,
    page: Option<Arc<PageSource>>,
    diags: Vec<Diagnostic>,
    section: usize,
    kind: Kind,
    assets: Vec<PathBuf>,
}

pub(super) type PageResult = (Option<Arc<PageSource>>, Vec<Diagnostic>);

impl Cache {
    /// Forget everything (after a change to loa.yaml, data, templates…).
    pub fn clear(&self) {
        self.entries
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    pub(super) fn get(
        &self,
        path: &Path,
        meta: &std::fs::Metadata,
        section: usize,
        kind: Kind,
        assets: &[PathBuf],
    ) -> Option<PageResult> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        let e = entries.get(path)?;
        let same = e.len == meta.len()
            && e.modified.is_some()
            && e.modified == meta.modified().ok()
            && e.section == section
            && e.kind == kind
            && e.assets == assets;
        same.then(|| (e.page.clone(), e.diags.clone()))
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn put(
        &self,
        path: &Path,
        meta: &std::fs::Metadata,
        section: usize,
        kind: Kind,
        assets: Vec<PathBuf>,
        result: &PageResult,
    ) {
        let entry = CacheEntry {
            len: meta.len(),
            modified: meta.modified().ok(),
            page: result.0.clone(),
            diags: result.1.clone(),
            section,
            kind,
            assets,
        };
        self.entries
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_path_buf(), entry);
    }
}

/// Read a page's file again after an edit, keeping its place in the site
/// (section, kind, bundle and bundle files, which only a file added, removed
/// or renamed can change): what `serve` does first after an edit, without
/// walking `content/`. Diagnostics as in [`super::load`].
pub fn reread(
    root: &Path,
    old: &PageSource,
    config: &Config,
) -> (Option<PageSource>, Vec<Diagnostic>) {
    super::read_page(
        root,
        &root.join(&old.file),
        old.bundle.clone(),
        old.assets.clone(),
        old.section,
        old.kind,
        config,
    )
}
