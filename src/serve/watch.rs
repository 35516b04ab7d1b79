//! The watcher: which changes are edits, and the debounce that groups the
//! several steps of one save.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

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

fn changes_content(kind: &notify::EventKind) -> bool {
    use notify::event::{EventKind, ModifyKind};
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

pub(super) fn watch(builder: &Builder, live: &Live, lang: Lang) {
    let (tx, rx) = mpsc::channel::<PathBuf>();
    let root = crate::output::absolute(&builder.opts.root);
    let watch_root = root.clone();
    let mut watcher =
        match notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            if let Ok(event) = res {
                // Reads (our own build's) and metadata changes are not edits.
                if !changes_content(&event.kind) {
                    return;
                }
                for p in event.paths {
                    if relevant(&watch_root, &p) {
                        let _ = tx.send(p);
                    }
                }
            }
        }) {
            Ok(w) => w,
            Err(e) => {
                eprintln!("loa: {e}");
                return;
            }
        };
    // The root itself (loa.yaml, folders created later) and each input folder:
    // never the output folder, which can hold tens of thousands of folders.
    let mut targets = vec![(root.clone(), RecursiveMode::NonRecursive)];
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
    while let Ok(first) = rx.recv() {
        // Debounce: editors save in several steps (temp file, rename over).
        let mut changed = vec![first];
        while let Ok(p) = rx.recv_timeout(Duration::from_millis(30)) {
            changed.push(p);
        }
        changed.sort();
        changed.dedup();
        builder.after_edit(&changed, live, lang);
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
}
