//! `loa serve`: a preview server. Builds the site into memory, serves it on
//! 127.0.0.1 (another address only when asked), watches the site folder,
//! rebuilds on change and reloads open pages. A broken edit keeps the last
//! good site served and shows the errors in the browser until fixed.

mod http;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::diag::{Diagnostic, Lang, Location};
use crate::pipeline::{self, Options};
use crate::render::Sink;
pub use http::{resolve, Files, Target};

/// A finished build held in memory.
#[derive(Default)]
pub struct MemoryFiles {
    files: Mutex<HashMap<String, Arc<[u8]>>>,
}

impl MemoryFiles {
    /// A copy to update in place (the bytes are shared, not copied).
    fn duplicate(&self) -> MemoryFiles {
        MemoryFiles {
            files: Mutex::new(self.files.lock().unwrap_or_else(|e| e.into_inner()).clone()),
        }
    }
}

impl Files for MemoryFiles {
    fn get(&self, path: &str) -> Option<Arc<[u8]>> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
            .cloned()
    }
}

impl Sink for MemoryFiles {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), Arc::from(bytes));
        Ok(())
    }
    fn copy(&self, path: &str, from: &Path) -> std::io::Result<()> {
        let bytes = std::fs::read(from)?;
        self.write(path, &bytes)
    }
}

struct State {
    version: u64,
    files: Arc<MemoryFiles>,
    errors: Vec<String>,
}

/// What the server shares between the watcher and request threads.
pub struct Live {
    state: Mutex<State>,
    changed: Condvar,
    base_path: String,
}

impl Live {
    fn snapshot(&self) -> (u64, Arc<MemoryFiles>, Vec<String>) {
        let s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        (s.version, s.files.clone(), s.errors.clone())
    }
}

/// Rebuilds into memory, keeping parsed pages between builds.
struct Builder {
    opts: Options,
    cache: crate::load::Cache,
    /// Generation of the newest edit, and of the newest full build applied.
    wanted: Mutex<u64>,
    more: Condvar,
}

impl Builder {
    /// A full build: the files, or the diagnostics when there were errors.
    fn full(&self) -> Result<Arc<MemoryFiles>, Vec<Diagnostic>> {
        let diags = crate::diag::Diagnostics::new();
        let files = Arc::new(MemoryFiles::default());
        if let Some((site, mut theme)) = pipeline::prepare(&self.opts, &diags, Some(&self.cache)) {
            pipeline::finish(&site, &mut theme, files.as_ref(), &diags);
        }
        if diags.has_errors() {
            Err(diags.into_sorted())
        } else {
            Ok(files)
        }
    }

    /// After an edit: the edited pages themselves are rendered and served at
    /// once on top of the current files; the full build behind them runs on
    /// the full-build thread ([`Builder::full_builds`]).
    fn after_edit(&self, changed: &[PathBuf], live: &Live, lang: Lang) {
        let root = crate::output::absolute(&self.opts.root);
        if changed.iter().any(|p| {
            p.strip_prefix(&root)
                .is_ok_and(|r| !r.starts_with("content"))
        }) {
            // loa.yaml, data, templates, static: start afresh.
            self.cache.clear();
        } else {
            self.edited_pages_first(changed, &root, live, lang);
        }
        *self.wanted.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.more.notify_all();
    }

    fn edited_pages_first(&self, changed: &[PathBuf], root: &Path, live: &Live, lang: Lang) {
        let started = Instant::now();
        let diags = crate::diag::Diagnostics::new();
        let Some((site, mut theme)) = pipeline::prepare(&self.opts, &diags, Some(&self.cache))
        else {
            return;
        };
        let prepared = started.elapsed();
        let ids: Vec<usize> = site
            .pages
            .iter()
            .filter(|p| {
                let file = root.join(&p.source.file);
                let bundle = p.source.bundle.as_ref().map(|b| root.join(b));
                changed
                    .iter()
                    .any(|c| *c == file || bundle.as_ref().is_some_and(|b| c.starts_with(b)))
            })
            .map(|p| p.id)
            .collect();
        if ids.is_empty() {
            return;
        }
        let (_, current, _) = live.snapshot();
        let files = current.duplicate();
        crate::render::render_pages(&site, &mut theme, &ids, &files, &diags);
        if std::env::var_os("LOA_TIMINGS").is_some() {
            eprintln!(
                "loa: prepare {:.1} ms, render {:.1} ms",
                prepared.as_secs_f64() * 1e3,
                (started.elapsed() - prepared).as_secs_f64() * 1e3
            );
        }
        if !diags.has_errors() {
            apply(live, Ok(Arc::new(files)), lang);
            eprintln!(
                "{}",
                match lang {
                    Lang::Vi => format!(
                        "Đã cập nhật {} trang trong {} ms; đang dựng lại phần còn lại…",
                        ids.len(),
                        started.elapsed().as_millis()
                    ),
                    Lang::En => format!(
                        "Updated {} pages in {} ms; rebuilding the rest…",
                        ids.len(),
                        started.elapsed().as_millis()
                    ),
                }
            );
        }
    }

    /// The full-build thread: builds after each burst of edits; a build
    /// overtaken by a newer edit is thrown away, never served.
    fn full_builds(&self, live: &Live, lang: Lang) {
        let mut done = 0;
        loop {
            let generation = {
                let mut wanted = self.wanted.lock().unwrap_or_else(|e| e.into_inner());
                while *wanted == done {
                    wanted = self.more.wait(wanted).unwrap_or_else(|e| e.into_inner());
                }
                *wanted
            };
            let started = Instant::now();
            let result = self.full();
            if *self.wanted.lock().unwrap_or_else(|e| e.into_inner()) == generation {
                report(&result, lang, started);
                apply(live, result, lang);
            }
            done = generation;
        }
    }
}

/// Apply a build result: a good build replaces the site; a failed one keeps
/// the last good site and records the errors for the overlay.
fn apply(live: &Live, result: Result<Arc<MemoryFiles>, Vec<Diagnostic>>, lang: Lang) {
    let mut s = live.state.lock().unwrap_or_else(|e| e.into_inner());
    match result {
        Ok(files) => {
            s.files = files;
            s.errors.clear();
        }
        Err(diags) => {
            s.errors = diags
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.display(lang).to_string())
                .collect();
        }
    }
    s.version += 1;
    live.changed.notify_all();
}

pub fn run(opts: &Options, bind: &str, port: u16, lang: Lang) -> Result<(), Diagnostic> {
    let config = pipeline::read_config(&opts.root, None).map_err(|mut ds| ds.remove(0))?;
    let host = if bind.contains(':') {
        format!("[{bind}]")
    } else {
        bind.to_string()
    };
    let server = tiny_http::Server::http((bind, port)).map_err(|e| {
        Diagnostic::error(
            Location::default(),
            format!("không mở được cổng {bind}:{port}: {e}"),
            format!("cannot listen on {bind}:{port}: {e}"),
        )
    })?;
    let port = server.server_addr().to_ip().map_or(port, |a| a.port());
    let mut opts = opts.clone();
    opts.base_url = Some(format!("http://{host}:{port}{}", config.base_path));

    let started = Instant::now();
    let builder = Arc::new(Builder {
        opts: opts.clone(),
        cache: crate::load::Cache::default(),
        wanted: Mutex::new(0),
        more: Condvar::new(),
    });
    let first = builder.full();
    report(&first, lang, started);
    let live = Arc::new(Live {
        state: Mutex::new(State {
            version: 1,
            files: Arc::new(MemoryFiles::default()),
            errors: Vec::new(),
        }),
        changed: Condvar::new(),
        base_path: config.base_path.clone(),
    });
    apply(&live, first, lang);

    let (full_builder, full_live) = (builder.clone(), live.clone());
    std::thread::spawn(move || full_builder.full_builds(&full_live, lang));
    let watch_live = live.clone();
    std::thread::spawn(move || watch(&builder, &watch_live, lang));

    eprintln!(
        "{}",
        match lang {
            Lang::Vi => format!(
                "Đang phục vụ tại http://{host}:{port}{} — nhấn Ctrl+C để dừng",
                config.base_path
            ),
            Lang::En => format!(
                "Serving at http://{host}:{port}{} — press Ctrl+C to stop",
                config.base_path
            ),
        }
    );
    for request in server.incoming_requests() {
        let live = live.clone();
        std::thread::spawn(move || handle(request, &live));
    }
    Ok(())
}

fn report(result: &Result<Arc<MemoryFiles>, Vec<Diagnostic>>, lang: Lang, started: Instant) {
    let ms = started.elapsed().as_millis();
    match result {
        Ok(_) => eprintln!(
            "{}",
            match lang {
                Lang::Vi => format!("Đã dựng trong {ms} ms."),
                Lang::En => format!("Built in {ms} ms."),
            }
        ),
        Err(diags) => {
            for d in diags {
                eprintln!("{}", d.display(lang));
            }
        }
    }
}

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

fn watch(builder: &Builder, live: &Live, lang: Lang) {
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

fn handle(request: tiny_http::Request, live: &Live) {
    let method = request.method().clone();
    if method != tiny_http::Method::Get && method != tiny_http::Method::Head {
        http::respond(request, 405, "text/plain; charset=utf-8", b"405".to_vec());
        return;
    }
    let base = live.base_path.clone();
    match http::resolve(request.url(), &base) {
        Target::Redirect(to) => http::redirect(request, &to),
        Target::NotFound => not_found(request, live),
        Target::ReloadScript => {
            let (version, _, _) = live.snapshot();
            http::respond(
                request,
                200,
                "text/javascript; charset=utf-8",
                http::reload_script(&base, version).into_bytes(),
            );
        }
        Target::Events(seen) => {
            let deadline = Instant::now() + Duration::from_secs(25);
            let mut s = live.state.lock().unwrap_or_else(|e| e.into_inner());
            while s.version == seen && s.errors.is_empty() && Instant::now() < deadline {
                s = live
                    .changed
                    .wait_timeout(s, Duration::from_secs(1))
                    .map(|(g, _)| g)
                    .unwrap_or_else(|e| e.into_inner().0);
            }
            let body = serde_json::json!({ "version": s.version, "errors": s.errors }).to_string();
            drop(s);
            http::respond(
                request,
                200,
                "application/json; charset=utf-8",
                body.into_bytes(),
            );
        }
        Target::File(rel) => {
            let (_, files, _) = live.snapshot();
            match http::find(files.as_ref(), &rel) {
                http::Found::File(path, bytes) => {
                    let ct = http::content_type(&path);
                    let body = if ct.starts_with("text/html") {
                        http::inject(&bytes, &base)
                    } else {
                        bytes.to_vec()
                    };
                    http::respond(request, 200, ct, body);
                }
                http::Found::Redirect(to) => http::redirect(request, &format!("{base}{to}")),
                http::Found::Missing => not_found(request, live),
            }
        }
    }
}

fn not_found(request: tiny_http::Request, live: &Live) {
    let (_, files, _) = live.snapshot();
    let body = files
        .get("404.html")
        .map(|b| http::inject(&b, &live.base_path))
        .unwrap_or_else(|| b"404".to_vec());
    http::respond(request, 404, "text/html; charset=utf-8", body);
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
