//! The pipeline: load → model → render → write, as `build` and `check` run it.

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};

use crate::config::Config;
use crate::date::Date;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::links::{self, Mode};
use crate::model::{self, BuildOptions};
use crate::output::{self, PathSink, Staging};
use crate::render::{self, theme};
use crate::timings::Timer;

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    /// Output folder; `<root>/public` when `None`.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    pub future: bool,
    pub base_url: Option<String>,
}

/// What a run produced: every diagnostic, sorted, and counts.
#[derive(Debug, Default)]
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    pub files: usize,
    /// The run's model and theme, freed with the outcome.
    pub retained: Retained,
}

/// What a run keeps until its outcome is dropped, then frees on another
/// thread: the model of a large site is hundreds of thousands of small
/// allocations, tens of milliseconds to free, that the caller need not wait
/// for. `loa build` exits without dropping it at all (the system takes the
/// memory back whole).
#[derive(Default)]
pub struct Retained(Option<Box<dyn Send>>);

impl Drop for Retained {
    fn drop(&mut self) {
        if let Some(kept) = self.0.take() {
            std::thread::spawn(move || drop(kept));
        }
    }
}

impl std::fmt::Debug for Retained {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Retained(..)"
        } else {
            "Retained(none)"
        })
    }
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// "Now": `SOURCE_DATE_EPOCH` when set, else the clock, in the site's timezone.
pub fn now(config: &Config) -> Result<Date, Diagnostic> {
    let utc = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) => {
            let secs: i64 = s.trim().parse().map_err(|_| {
                Diagnostic::error(
                    Location::default(),
                    format!("SOURCE_DATE_EPOCH=`{s}` không phải số giây"),
                    format!("SOURCE_DATE_EPOCH=`{s}` is not a number of seconds"),
                )
            })?;
            Utc.timestamp_opt(secs, 0).single().ok_or_else(|| {
                Diagnostic::error(
                    Location::default(),
                    "SOURCE_DATE_EPOCH ngoài phạm vi",
                    "SOURCE_DATE_EPOCH out of range",
                )
            })?
        }
        Err(_) => Utc::now(),
    };
    Ok(utc.with_timezone(&config.timezone))
}

/// Read `loa.yaml` of `root`.
pub fn read_config(root: &Path, base_url: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join("loa.yaml");
    if !path.is_file() {
        return Err(vec![Diagnostic::error(
            Location::file("loa.yaml"),
            format!(
                "không tìm thấy loa.yaml trong {}: đây có phải thư mục trang không?",
                root.display()
            ),
            format!("no loa.yaml in {}: is this a site folder?", root.display()),
        )]);
    }
    let text = crate::load::read_text(root, &path).map_err(|d| vec![d])?;
    Config::parse(&text, Path::new("loa.yaml"), base_url)
}

/// Load and model the site. `None` when the configuration is unusable.
pub fn model(opts: &Options, diags: &Diagnostics) -> Option<model::Site> {
    model_cached(opts, diags, None)
}

/// [`model`], reusing unchanged pages from `cache`.
pub fn model_cached(
    opts: &Options,
    diags: &Diagnostics,
    cache: Option<&crate::load::Cache>,
) -> Option<model::Site> {
    let config = match read_config(&opts.root, opts.base_url.as_deref()) {
        Ok(c) => c,
        Err(ds) => {
            diags.extend(ds);
            return None;
        }
    };
    let now = match now(&config) {
        Ok(n) => n,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let mut timer = Timer::new();
    let mut loaded = crate::load::load_cached(&opts.root, &config, diags, cache);
    loaded.registry = crate::unit::load(&opts.root, diags);
    timer.lap("load");
    let build = BuildOptions {
        drafts: opts.drafts,
        future: opts.future,
        now,
    };
    let site = model::build(&opts.root, loaded, config, build, diags);
    timer.lap("model");
    Some(site)
}

/// `loa build`: write the site, all or nothing.
pub fn build(opts: &Options) -> Outcome {
    let mut timer;
    let diags = Diagnostics::new();
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join("public"));
    if let Err(d) = output::check_output(&opts.root, &output) {
        return Outcome {
            diagnostics: vec![d],
            ..Outcome::default()
        };
    }
    let mut outcome = Outcome::default();
    if let Some(site) = model(opts, &diags) {
        timer = Timer::new();
        if let Some(mut theme) = theme::load(&opts.root, &site.config, &diags) {
            timer.lap("theme");
            if !diags.has_errors() {
                match Staging::new(&output) {
                    Ok(staging) => {
                        render::render(&site, &mut theme, &staging.sink, &diags);
                        timer.lap("render");
                        let written = staging.sink.written();
                        links::verify(&site, &written, Mode::Build, &diags);
                        timer.lap("links");
                        outcome.pages = site.pages.len();
                        outcome.files = written.len();
                        if diags.has_errors() {
                            staging.abandon();
                        } else if let Err(e) = staging.commit().inspect(|_| timer.lap("swap")) {
                            diags.error(
                                Location::file(&output),
                                format!("không thay được thư mục đầu ra: {e}"),
                                format!("cannot swap in the output folder: {e}"),
                            );
                        }
                    }
                    Err(e) => diags.error(
                        Location::file(&output),
                        format!("không tạo được thư mục tạm để dựng trang: {e}"),
                        format!("cannot create the staging folder: {e}"),
                    ),
                }
            }
            outcome.retained = Retained(Some(Box::new((site, theme))));
        }
    }
    let mut timer = Timer::new();
    outcome.diagnostics = diags.into_sorted();
    timer.lap("sort");
    outcome
}

/// Model the site and load its theme: `None` when there were errors.
pub fn prepare(
    opts: &Options,
    diags: &Diagnostics,
    cache: Option<&crate::load::Cache>,
) -> Option<(model::Site, render::Theme)> {
    let site = model_cached(opts, diags, cache)?;
    let theme = theme::load(&opts.root, &site.config, diags)?;
    (!diags.has_errors()).then_some((site, theme))
}

/// Render a prepared site into `sink` and check its images (warnings, as in
/// `build`). What `serve` uses: no staging folder.
pub fn finish(
    site: &model::Site,
    theme: &mut render::Theme,
    sink: &(dyn render::Sink + Sync),
    diags: &Diagnostics,
) -> Outcome {
    let paths = output::PathSink::default();
    let tee = Tee(sink, &paths);
    render::render(site, theme, &tee, diags);
    let written = paths.written();
    links::verify(site, &written, Mode::Build, diags);
    Outcome {
        pages: site.pages.len(),
        files: written.len(),
        ..Outcome::default()
    }
}

/// Load, model and render into `sink` (no staging).
pub fn render_into(opts: &Options, sink: &(dyn render::Sink + Sync)) -> Outcome {
    let diags = Diagnostics::new();
    let mut outcome = Outcome::default();
    if let Some((site, mut theme)) = prepare(opts, &diags, None) {
        outcome = finish(&site, &mut theme, sink, &diags);
    }
    outcome.diagnostics = diags.into_sorted();
    outcome
}

/// Writes to two sinks.
struct Tee<'a>(&'a (dyn render::Sink + Sync), &'a output::PathSink);

impl render::Sink for Tee<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.1.write(path, bytes)?;
        self.0.write(path, bytes)
    }
    fn copy(&self, path: &str, from: &Path) -> std::io::Result<()> {
        self.1.copy(path, from)?;
        self.0.copy(path, from)
    }
}

/// `loa check`: everything `build` checks, plus links, images, attachments
/// and references; writes nothing.
pub fn check(opts: &Options) -> Outcome {
    let diags = Diagnostics::new();
    let mut outcome = Outcome::default();
    if let Some(site) = model(opts, &diags) {
        if let Some(mut theme) = theme::load(&opts.root, &site.config, &diags) {
            let sink = PathSink::default();
            render::render(&site, &mut theme, &sink, &diags);
            let written = sink.written();
            links::verify(&site, &written, Mode::Check, &diags);
            outcome.pages = site.pages.len();
            outcome.files = written.len();
        }
    }
    outcome.diagnostics = diags.into_sorted();
    outcome
}
