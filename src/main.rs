//! The `loa` command line (SITE-FORMAT §7).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use loa::diag::{Diagnostic, Lang};
use loa::pipeline::{self, Options, Outcome};

#[derive(Parser)]
#[command(
    name = "loa",
    version,
    about = "Dựng cổng thông tin tĩnh: tin bài, phong trào thi đua, danh sách khen thưởng"
)]
struct Cli {
    /// Ngôn ngữ thông báo: vi (mặc định) hoặc en
    #[arg(long, global = true)]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Dựng toàn bộ trang vào thư mục đầu ra (mặc định public/)
    Build {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        output: Option<PathBuf>,
        #[arg(long)]
        drafts: bool,
        #[arg(long)]
        future: bool,
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Xem trước trên máy: dựng lại khi có thay đổi
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        #[arg(long, default_value_t = 1313)]
        port: u16,
        #[arg(long)]
        drafts: bool,
        #[arg(long)]
        future: bool,
    },
    /// Kiểm tra mọi thứ (kể cả liên kết, ảnh, tệp đính kèm) mà không ghi gì
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Tạo bài mới: content/<chuyên mục>/<ngày>-<slug>.md
    New {
        section: String,
        #[arg(required = true, num_args = 1..)]
        title: Vec<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Tạo một trang mẫu chạy được trong thư mục trống hoặc mới
    Init { dir: PathBuf },
}

/// jemalloc: a build makes millions of small allocations (template values,
/// Markdown events, index entries), which glibc's allocator serves at about
/// a sixth of the build's time; jemalloc at less, with about the same peak
/// memory (mimalloc was as fast but used 50 % more). See bench/README.md.
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = Lang::detect(cli.lang.as_deref());
    match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            future,
            base_url,
        } => {
            let outcome = pipeline::build(&Options {
                root,
                output,
                drafts,
                future,
                base_url,
            });
            let code = finish(&outcome, lang, |o| match lang {
                Lang::Vi => format!("Đã dựng {} trang, {} tệp.", o.pages, o.files),
                Lang::En => format!("Built {} pages, {} files.", o.pages, o.files),
            });
            exit_now(code)
        }
        Command::Check { root } => {
            let outcome = pipeline::check(&Options {
                root,
                ..Options::default()
            });
            finish(&outcome, lang, |o| match lang {
                Lang::Vi => format!("Đã kiểm tra {} trang: không có lỗi.", o.pages),
                Lang::En => format!("Checked {} pages: no errors.", o.pages),
            })
        }
        Command::Serve {
            root,
            bind,
            port,
            drafts,
            future,
        } => {
            let opts = Options {
                root,
                output: None,
                drafts,
                future,
                base_url: None,
            };
            match loa::serve::run(&opts, &bind, port, lang) {
                Ok(()) => ExitCode::SUCCESS,
                Err(d) => {
                    eprintln!("{}", d.display(lang));
                    ExitCode::from(1)
                }
            }
        }
        Command::New {
            section,
            title,
            root,
        } => new(&root, &section, &title.join(" "), lang),
        Command::Init { dir } => match loa::scaffold::init(&dir) {
            Ok(files) => {
                for f in files {
                    println!("{}", dir.join(f).display());
                }
                ExitCode::SUCCESS
            }
            Err(d) => fail(&[d], lang),
        },
    }
}

fn new(root: &std::path::Path, section: &str, title: &str, lang: Lang) -> ExitCode {
    let opts = Options {
        root: root.to_path_buf(),
        ..Options::default()
    };
    let diags = loa::diag::Diagnostics::new();
    let Some(site) = pipeline::model(&opts, &diags) else {
        return fail(&diags.into_sorted(), lang);
    };
    let kind = site
        .section_by_path(section.trim_matches('/'))
        .map_or(loa::frontmatter::Kind::News, |s| s.source.kind);
    match loa::scaffold::new_page(root, section, title, &site.options.now, kind) {
        Ok(rel) => {
            println!("{}", root.join(rel).display());
            ExitCode::SUCCESS
        }
        Err(d) => fail(&[d], lang),
    }
}

/// Print diagnostics in one write: a site with tens of thousands of warnings
/// must not cost a system call per line. Formatted in parallel, in order.
fn print_all(diags: &[Diagnostic], lang: Lang) {
    use rayon::prelude::*;
    use std::fmt::Write as _;
    use std::io::Write as _;
    let parts: Vec<String> = diags
        .par_chunks(256)
        .map(|chunk| {
            let mut text = String::with_capacity(chunk.len() * 160);
            for d in chunk {
                let _ = writeln!(text, "{}", d.display(lang));
            }
            text
        })
        .collect();
    let _ = std::io::stderr()
        .lock()
        .write_all(parts.concat().as_bytes());
}

fn finish(outcome: &Outcome, lang: Lang, ok: impl Fn(&Outcome) -> String) -> ExitCode {
    let mut timer = loa::timings::Timer::new();
    print_all(&outcome.diagnostics, lang);
    timer.lap("print");
    if outcome.has_errors() {
        let n = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
        eprintln!(
            "{}",
            match lang {
                Lang::Vi => format!("Có {n} lỗi; thư mục đầu ra giữ nguyên như trước."),
                Lang::En => format!("{n} errors; the output folder is unchanged."),
            }
        );
        ExitCode::from(1)
    } else {
        eprintln!("{}", ok(outcome));
        ExitCode::SUCCESS
    }
}

/// Ends the process at once: the site's model and the diagnostics of a large
/// build are hundreds of megabytes of small allocations, which the system
/// takes back whole at exit faster than freeing them one by one (and
/// returning their pages) would. Everything is written by then (stderr is
/// unbuffered; `loa build` prints nothing on stdout).
fn exit_now(code: ExitCode) -> ExitCode {
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    std::process::exit(if code == ExitCode::SUCCESS { 0 } else { 1 })
}

fn fail(diags: &[Diagnostic], lang: Lang) -> ExitCode {
    print_all(diags, lang);
    ExitCode::from(1)
}
