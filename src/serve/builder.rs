//! Rebuilds after edits: the edited pages first, served at once, then the
//! full build behind them on a thread of its own; a full build overtaken by
//! a newer edit is thrown away, never served.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Instant;

use super::files::MemoryFiles;
use super::patch::{self, Patch, Prepared};
use super::{apply, report, Live};
use crate::diag::{Diagnostic, Diagnostics, Lang};
use crate::model::PageId;
use crate::pipeline::{self, Options};

/// What a full build gives: the files (or every error), and the model and
/// theme it rendered them from.
pub(super) type Built = (Result<Arc<MemoryFiles>, Vec<Diagnostic>>, Option<Prepared>);

/// Edits seen and edits handed to the full-build thread.
#[derive(Default)]
struct Generations {
    /// Bumped as an edit arrives: a full build of an older generation is stale.
    edits: u64,
    /// Bumped once the edit's pages are served: the full build may start.
    released: u64,
}

pub(super) struct Builder {
    pub opts: Options,
    /// Pages parsed by earlier builds.
    cache: crate::load::Cache,
    /// The model and theme of what is served, edits patched in.
    last: Mutex<Option<Prepared>>,
    generations: Mutex<Generations>,
    more: Condvar,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Builder {
    pub fn new(opts: Options) -> Builder {
        Builder {
            opts,
            cache: crate::load::Cache::default(),
            last: Mutex::new(None),
            generations: Mutex::default(),
            more: Condvar::new(),
        }
    }

    /// A full build: the files, or the diagnostics when there were errors.
    pub fn full(&self) -> Built {
        let diags = Diagnostics::new();
        let files = MemoryFiles::default();
        let prepared = pipeline::prepare(&self.opts, &diags, Some(&self.cache));
        if let Some((site, mut theme)) = prepared {
            pipeline::finish(&site, &mut theme, &files, &diags);
            if !diags.has_errors() {
                return (Ok(Arc::new(files.freeze())), Some(Prepared { site, theme }));
            }
        }
        (Err(diags.into_sorted()), None)
    }

    /// Serve a build's files and keep its model for the next edit.
    pub fn keep(&self, built: Built, live: &Live, lang: Lang) {
        let (result, prepared) = built;
        if prepared.is_some() {
            *lock(&self.last) = prepared;
        }
        apply(live, result, lang);
    }

    /// After an edit: the edited pages themselves are rendered and served at
    /// once on top of the current files; the full build behind them runs on
    /// the full-build thread ([`Builder::full_builds`]).
    pub fn after_edit(&self, changed: &[PathBuf], live: &Live, lang: Lang) {
        let generation = {
            let mut g = lock(&self.generations);
            g.edits += 1;
            g.edits
        };
        let root = crate::output::absolute(&self.opts.root);
        let content = root.join("content");
        if changed.iter().all(|p| p.starts_with(&content)) {
            self.edited_pages_first(changed, &root, live, lang);
        } else {
            // loa.yaml, data, templates, static: start afresh.
            self.cache.clear();
            *lock(&self.last) = None;
        }
        lock(&self.generations).released = generation;
        self.more.notify_all();
    }

    fn edited_pages_first(&self, changed: &[PathBuf], root: &Path, live: &Live, lang: Lang) {
        let started = Instant::now();
        let timings = std::env::var_os("LOA_TIMINGS").is_some();
        let (_, current, errors) = live.snapshot();
        let mut last = lock(&self.last);
        // With errors shown, only a whole model can tell which remain.
        let patched = match last.as_mut().filter(|_| errors.is_empty()) {
            Some(prepared) => patch::patch(prepared, changed, root),
            None => Patch::Unsure,
        };
        let ids = match patched {
            Patch::Pages(ids) => ids,
            Patch::Errors(diags) => {
                apply(live, Err(diags), lang);
                return;
            }
            Patch::Unsure => {
                let diags = Diagnostics::new();
                match pipeline::prepare(&self.opts, &diags, Some(&self.cache)) {
                    Some((site, theme)) => {
                        let ids = edited(&site, changed, root);
                        *last = Some(Prepared { site, theme });
                        ids
                    }
                    None => {
                        apply(live, Err(diags.into_sorted()), lang);
                        return;
                    }
                }
            }
        };
        let Some(prepared) = last.as_mut().filter(|_| !ids.is_empty()) else {
            return;
        };
        let prepared_in = started.elapsed();
        let diags = Diagnostics::new();
        let files = current.layer();
        let Prepared { site, theme } = prepared;
        crate::render::render_pages_and_listings(site, theme, &ids, &files, &diags);
        drop(last);
        if timings {
            eprintln!(
                "loa: prepare {:.1} ms, render {:.1} ms",
                prepared_in.as_secs_f64() * 1e3,
                (started.elapsed() - prepared_in).as_secs_f64() * 1e3
            );
        }
        if diags.has_errors() {
            return;
        }
        apply(live, Ok(Arc::new(files)), lang);
        let ms = started.elapsed().as_millis();
        eprintln!(
            "{}",
            match lang {
                Lang::Vi => format!(
                    "Đã cập nhật {} trang trong {ms} ms; đang dựng lại phần còn lại…",
                    ids.len()
                ),
                Lang::En => format!(
                    "Updated {} pages in {ms} ms; rebuilding the rest…",
                    ids.len()
                ),
            }
        );
    }

    /// The full-build thread: builds after each burst of edits; a build
    /// overtaken by a newer edit is thrown away, never served.
    pub fn full_builds(&self, live: &Live, lang: Lang) {
        let mut done = 0;
        loop {
            let generation = {
                let mut g = lock(&self.generations);
                while g.released == done {
                    g = self.more.wait(g).unwrap_or_else(|e| e.into_inner());
                }
                g.released
            };
            let started = Instant::now();
            let built = self.full();
            // Held while serving, so no edit slips in between check and serve.
            let g = lock(&self.generations);
            if g.edits == generation {
                report(&built.0, lang, started);
                self.keep(built, live, lang);
            }
            drop(g);
            done = generation;
        }
    }
}

/// The pages of `site` whose files (or bundle files) are among `changed`.
fn edited(site: &crate::model::Site, changed: &[PathBuf], root: &Path) -> Vec<PageId> {
    site.pages
        .iter()
        .filter(|p| {
            let file = root.join(&p.source.file);
            let bundle = p.source.bundle.as_ref().map(|b| root.join(b));
            changed
                .iter()
                .any(|c| *c == file || bundle.as_ref().is_some_and(|b| c.starts_with(b)))
        })
        .map(|p| p.id)
        .collect()
}
