//! `loa serve`: a preview server. Builds the site into memory, serves it on
//! 127.0.0.1 (another address only when asked), watches the site folder,
//! rebuilds on change and reloads open pages. A broken edit keeps the last
//! good site served and shows the errors in the browser until fixed.

mod builder;
mod files;
mod http;
mod patch;
mod watch;

use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::diag::{Diagnostic, Lang, Location};
use crate::pipeline::{self, Options};
use builder::Builder;
pub use files::MemoryFiles;
pub use http::{resolve, Files, Target};

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
    let watch = watch::start(&crate::output::absolute(&opts.root));
    let builder = Arc::new(Builder::new(opts.clone()));
    let first = builder.full();
    report(&first.0, lang, started);
    let live = Arc::new(Live {
        state: Mutex::new(State {
            version: 1,
            files: Arc::new(MemoryFiles::default()),
            errors: Vec::new(),
        }),
        changed: Condvar::new(),
        base_path: config.base_path.clone(),
    });
    builder.keep(first, &live, lang);

    let (full_builder, full_live) = (builder.clone(), live.clone());
    std::thread::spawn(move || full_builder.full_builds(&full_live, lang));
    if let Some(watch) = watch {
        let watch_live = live.clone();
        std::thread::spawn(move || watch::rebuild_on_change(watch, &builder, &watch_live, lang));
    }

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
