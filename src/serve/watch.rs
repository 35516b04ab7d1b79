//! The watcher: which changes are edits, and the debounce that groups the
//! several steps of one save.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use super::builder::Builder;
use super::Live;
use crate::diag::Lang;

/// Is a changed path one that affects the site?
fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components();
    match parts.next().and_then(|c| c.as_os_str().to_str()) {
        Some("loa.yaml") => true,
        Some("content" | "data" | "static" | "templates" | "themes") => {
            // Editors' temporary files: `.#x`, `.x.swp`, `x~`, `4913`.
            let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            !(name.starts_with('.') || name.ends_with('~') || name == "4913")
        }
        _ => false,
    }
}

/// After the last event of a save, how long to wait for more of the same
/// save (editors save in steps: temporary file, rename over, backup).
const QUIET: Duration = Duration::from_millis(10);
/// The longest a file being written (modified, not yet closed) holds the
/// rebuild back.
const WRITING_AT_MOST: Duration = Duration::from_millis(500);
/// Whether the watcher reports files closed after writing (inotify does;
/// FSEvents, kqueue and Windows do not).
const CLOSE_EVENTS: bool = cfg!(any(target_os = "linux", target_os = "android"));

/// What an event says about its paths.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    /// Created, removed, renamed: done.
    Changed,
    /// Being written: wait for it to be closed.
    Writing,
    /// Closed after writing.
    Closed,
}

fn step(kind: &notify::EventKind) -> Option<Step> {
    use notify::event::{AccessKind, AccessMode, CreateKind, EventKind, ModifyKind};
    let writing = if CLOSE_EVENTS {
        Step::Writing
    } else {
        Step::Changed
    };
    match kind {
        EventKind::Create(CreateKind::Folder) | EventKind::Remove(_) => Some(Step::Changed),
        EventKind::Create(_) | EventKind::Modify(ModifyKind::Data(_)) => Some(writing),
        // Metadata changes are not edits.
        EventKind::Modify(ModifyKind::Metadata(_)) => None,
        EventKind::Modify(_) => Some(Step::Changed),
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => Some(Step::Closed),
        // Reads (our own build's) are not edits.
        EventKind::Access(_) | EventKind::Any | EventKind::Other => None,
    }
}

/// The paths of one save: events until [`QUIET`] passes with no file still
/// being written (or [`WRITING_AT_MOST`] passes), sorted.
fn gather(rx: &mpsc::Receiver<(PathBuf, Step)>, first: (PathBuf, Step)) -> Vec<PathBuf> {
    let start = Instant::now();
    let mut changed = Vec::new();
    let mut writing: Vec<PathBuf> = Vec::new();
    let mut next = Some(first);
    while let Some((path, step)) = next.take() {
        match step {
            Step::Writing if !writing.contains(&path) => writing.push(path.clone()),
            Step::Closed => writing.retain(|p| *p != path),
            _ => {}
        }
        if step != Step::Closed {
            changed.push(path);
        }
        let wait = if writing.is_empty() {
            QUIET
        } else {
            WRITING_AT_MOST.saturating_sub(start.elapsed()).max(QUIET)
        };
        next = rx.recv_timeout(wait).ok();
    }
    changed.sort();
    changed.dedup();
    changed
}

/// The watcher and the changes it reports.
pub(super) struct Watch {
    _watcher: notify::RecommendedWatcher,
    rx: mpsc::Receiver<(PathBuf, Step)>,
}

/// Start watching the site under `root` (absolute). Done before the first
/// build and before serving, so no edit made meanwhile goes unseen.
pub(super) fn start(root: &Path) -> Option<Watch> {
    let (tx, rx) = mpsc::channel::<(PathBuf, Step)>();
    let watch_root = root.to_path_buf();
    let mut watcher =
        match notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            if let Some((event, what)) = res.ok().and_then(|e| step(&e.kind).map(|s| (e, s))) {
                for p in event.paths {
                    if relevant(&watch_root, &p) {
                        let _ = tx.send((p, what));
                    }
                }
            }
        }) {
            Ok(w) => w,
            Err(e) => {
                eprintln!("loa: {e}");
                return None;
            }
        };
    // The root itself (loa.yaml, folders created later) and each input folder:
    // never the output folder, which can hold tens of thousands of folders.
    let mut targets = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    for dir in ["content", "data", "static", "templates", "themes"] {
        if root.join(dir).is_dir() {
            targets.push((root.join(dir), RecursiveMode::Recursive));
        }
    }
    for (path, mode) in targets {
        if let Err(e) = watcher.watch(&path, mode) {
            eprintln!("loa: {}: {e}", path.display());
        }
    }
    Some(Watch {
        _watcher: watcher,
        rx,
    })
}

/// Rebuild after each save, for as long as the server runs.
pub(super) fn rebuild_on_change(watch: Watch, builder: &Builder, live: &Live, lang: Lang) {
    while let Ok(first) = watch.rx.recv() {
        let changed = gather(&watch.rx, first);
        if !changed.is_empty() {
            builder.after_edit(&changed, live, lang);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_site_inputs_trigger_rebuilds() {
        let root = Path::new("/site");
        assert!(relevant(root, Path::new("/site/content/a.md")));
        assert!(relevant(root, Path::new("/site/loa.yaml")));
        assert!(relevant(root, Path::new("/site/static/css/x.css")));
        assert!(!relevant(root, Path::new("/site/public/index.html")));
        assert!(!relevant(root, Path::new("/site/.git/index")));
        assert!(!relevant(root, Path::new("/site/content/.a.md.swp")));
        assert!(!relevant(root, Path::new("/site/content/a.md~")));
    }

    #[test]
    fn a_save_waits_for_files_being_written() {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        let (tx, rx) = mpsc::channel();
        let closed = Arc::new(AtomicBool::new(false));
        let sent = closed.clone();
        let a = PathBuf::from("/site/content/a.md");
        let b = PathBuf::from("/site/content/b.md");
        let (a2, b2) = (a.clone(), b.clone());
        let writer = std::thread::spawn(move || {
            std::thread::sleep(QUIET * 5);
            tx.send((b2, Step::Changed)).unwrap();
            std::thread::sleep(QUIET * 5);
            sent.store(true, Ordering::SeqCst);
            tx.send((a2, Step::Closed)).unwrap();
            tx
        });
        let changed = gather(&rx, (a.clone(), Step::Writing));
        if CLOSE_EVENTS {
            assert!(closed.load(Ordering::SeqCst), "returned before the close");
            assert_eq!(changed, vec![a.clone(), b.clone()]);
        } else {
            assert_eq!(changed, vec![a.clone()]);
        }
        let tx = writer.join().unwrap();
        // Nothing being written: the quiet time ends the save.
        tx.send((b.clone(), Step::Changed)).unwrap();
        let started = Instant::now();
        assert_eq!(gather(&rx, (a.clone(), Step::Changed)).len(), 2);
        assert!(started.elapsed() < WRITING_AT_MOST);
    }
}
