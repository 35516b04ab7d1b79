//! `loa serve`: start it on a free port, edit the site, watch the pages change.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{snapshot, Site, NOW};

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(site: &Site) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_loa"))
        .args([
            "serve",
            "--root",
            site.root().to_str().unwrap(),
            "--port",
            &port.to_string(),
        ])
        .env("SOURCE_DATE_EPOCH", NOW)
        .env("RAYON_NUM_THREADS", "2")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server { child, port };
    wait_until(|| get(port, "/bao/").0 == 200, "server up");
    server
}

/// GET a path: (status, headers, body). Raw HTTP/1.0 so nothing normalises the path.
fn get(port: u16, path: &str) -> (u16, String, Vec<u8>) {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return (0, String::new(), Vec::new());
    };
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let Some(split) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
        return (0, String::new(), Vec::new());
    };
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, head, buf[split + 4..].to_vec())
}

fn text(port: u16, path: &str) -> String {
    String::from_utf8_lossy(&get(port, path).2).into_owned()
}

fn wait_until(mut ok: impl FnMut() -> bool, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for: {what}");
}

const ARTICLE: &str = "content/thoi-su/2026-11-20-dai-hoi-thi-dua-yeu-nuoc.md";

#[test]
fn serves_safely_with_the_right_types() {
    let site = Site::copy("basic");
    let srv = start(&site);
    let (status, head, body) = get(srv.port, "/bao/");
    assert_eq!(status, 200);
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(
        String::from_utf8_lossy(&body).contains("__loa/reload.js"),
        "reload script injected"
    );
    for (path, ty) in [
        ("/bao/css/cong.css", "text/css"),
        ("/bao/rss.xml", "application/xml"),
        ("/bao/uploads/hoi-nghi.png", "image/png"),
    ] {
        let (status, head, _) = get(srv.port, path);
        assert_eq!(status, 200, "{path}");
        assert!(head.to_ascii_lowercase().contains(ty), "{path}: {head}");
    }
    for bad in [
        "/bao/../loa.yaml",
        "/bao/%2e%2e/loa.yaml",
        "/bao/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/../../etc/passwd",
        "/bao/..%5c..%5cloa.yaml",
        "//etc/passwd",
    ] {
        let (status, _, body) = get(srv.port, bad);
        assert_eq!(status, 404, "{bad}");
        assert!(
            !String::from_utf8_lossy(&body).contains("base_url"),
            "{bad} leaked loa.yaml"
        );
    }
    assert_eq!(get(srv.port, "/bao/khong-co/").0, 404);
    assert_eq!(
        get(srv.port, "/bao/thoi-su").0,
        302,
        "folder without slash redirects"
    );
}

#[test]
fn edits_adds_deletes_and_broken_edits() {
    let site = Site::copy("basic");
    let srv = start(&site);
    let page = "/bao/thoi-su/dai-hoi-thi-dua-yeu-nuoc/";
    assert!(text(srv.port, page).contains("Đại hội Thi đua yêu nước tỉnh lần thứ VI"));

    // Edit an article: its page and the listings change.
    let original = std::fs::read_to_string(site.root().join(ARTICLE)).unwrap();
    site.write(ARTICLE, &original.replace("lần thứ VI", "lần thứ VII"));
    wait_until(
        || text(srv.port, page).contains("lần thứ VII"),
        "edited page served",
    );
    wait_until(
        || text(srv.port, "/bao/thoi-su/").contains("lần thứ VII"),
        "section listing updated",
    );

    // Add an article.
    site.write(
        "content/thoi-su/2026-11-20-tin-moi.md",
        "---\ntitle: Tin mới thêm vào\ndate: 2026-11-20 10:00\n---\nNội dung.\n",
    );
    wait_until(
        || get(srv.port, "/bao/thoi-su/tin-moi/").0 == 200,
        "added page served",
    );
    wait_until(
        || text(srv.port, "/bao/").contains("Tin mới thêm vào"),
        "home lists it",
    );

    // A broken edit keeps the last good page and reports the error.
    site.write(ARTICLE, "---\ntitle: Hỏng\ndate: 2026-13-40\n---\nx\n");
    wait_until(
        || text(srv.port, "/bao/__loa/events?v=0").contains("2026-13-40"),
        "errors reported to the browser",
    );
    assert!(
        text(srv.port, page).contains("lần thứ VII"),
        "last good page still served"
    );

    // The next good edit recovers.
    site.write(ARTICLE, &original.replace("lần thứ VI", "lần thứ VIII"));
    wait_until(
        || text(srv.port, page).contains("lần thứ VIII"),
        "recovered",
    );
    wait_until(
        || !text(srv.port, "/bao/__loa/events?v=0").contains("2026-13-40"),
        "errors cleared",
    );

    // Rename and delete.
    std::fs::rename(
        site.root().join("content/thoi-su/2026-11-20-tin-moi.md"),
        site.root()
            .join("content/thoi-su/2026-11-20-tin-doi-ten.md"),
    )
    .unwrap();
    wait_until(
        || get(srv.port, "/bao/thoi-su/tin-doi-ten/").0 == 200,
        "renamed page served",
    );
    wait_until(
        || get(srv.port, "/bao/thoi-su/tin-moi/").0 == 404,
        "old name gone",
    );
    std::fs::remove_file(
        site.root()
            .join("content/thoi-su/2026-11-20-tin-doi-ten.md"),
    )
    .unwrap();
    wait_until(
        || get(srv.port, "/bao/thoi-su/tin-doi-ten/").0 == 404,
        "deleted page gone",
    );

    // After the edits, every file served equals a full build of the same files.
    wait_until(
        || !text(srv.port, "/bao/").contains("Tin mới thêm vào"),
        "home updated after delete",
    );
    assert_served_equals_full_build(&site, &srv);
}

/// Save as editors do: write a temporary file beside it, rename it over.
fn save(site: &Site, rel: &str, text: &str) {
    let path = site.root().join(rel);
    let tmp = path.with_extension("md.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
}

#[test]
fn quick_edits_in_a_row_settle_into_a_full_build() {
    let site = Site::copy("basic");
    let srv = start(&site);
    let read = |rel: &str| std::fs::read_to_string(site.root().join(rel)).unwrap();
    let article = read(ARTICLE);
    let bundle = "content/kinh-te/anh-dep/index.md";
    let standalone = "content/gioi-thieu.md";
    let other = "content/thoi-su/trong-tinh/2026-11-10-dap-duong-giao-thong.md";
    let (bundle_text, standalone_text, other_text) = (read(bundle), read(standalone), read(other));

    // Body and title edits (served at once from the last model), one after
    // the other without waiting for the full builds behind them.
    for i in 1..=3 {
        save(
            &site,
            ARTICLE,
            &article
                .replace("lần thứ VI", &format!("lần thứ VI-{i}"))
                .replace("350 đại biểu", &format!("35{i} đại biểu")),
        );
        wait_until(
            || {
                text(srv.port, "/bao/thoi-su/dai-hoi-thi-dua-yeu-nuoc/")
                    .contains(&format!("35{i} đại biểu"))
            },
            "edited article served",
        );
    }
    save(
        &site,
        bundle,
        &bundle_text.replacen("\n---\n", "\n---\nĐoạn mới của bài ảnh.\n\n", 1),
    );
    save(
        &site,
        standalone,
        &standalone_text.replacen("\n---\n", "\n---\nĐoạn mới giới thiệu.\n\n", 1),
    );
    wait_until(
        || text(srv.port, "/bao/gioi-thieu/").contains("Đoạn mới giới thiệu."),
        "standalone page served",
    );
    // Tags and date: listings, tag pages and related articles change.
    let retagged: String = other_text
        .lines()
        .map(|l| {
            if l.starts_with("tags:") {
                "tags: [giao thông, thi đua yêu nước]".to_string()
            } else if l.starts_with("date:") {
                "date: 2026-11-20 09:00".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    save(&site, other, &retagged);
    // A draft published; a new file in a bundle.
    let draft = "content/thoi-su/2026-11-15-ban-nhap.md";
    save(
        &site,
        draft,
        &read(draft).replace("draft: true", "draft: false"),
    );
    site.write("content/kinh-te/anh-dep/ghi-chu.txt", "ghi chú");
    // Last: a new title, shown on the home page once the full build is in.
    save(&site, ARTICLE, &article.replace("lần thứ VI", "lần cuối"));
    wait_until(
        || text(srv.port, "/bao/").contains("Đại hội Thi đua yêu nước tỉnh lần cuối"),
        "home updated by the full build",
    );
    assert_served_equals_full_build(&site, &srv);
}

fn assert_served_equals_full_build(site: &Site, srv: &Server) {
    std::thread::sleep(Duration::from_millis(300));
    let out = site.root().join("full");
    let base = format!("http://127.0.0.1:{}/bao/", srv.port);
    let status = Command::new(env!("CARGO_BIN_EXE_loa"))
        .args([
            "build",
            "--root",
            site.root().to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
            "--base-url",
            &base,
        ])
        .env("SOURCE_DATE_EPOCH", NOW)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let script = "<script src=\"/bao/__loa/reload.js\" defer></script>";
    for (path, bytes) in snapshot(&out) {
        let served = get(srv.port, &format!("/bao/{path}")).2;
        let served = if path.ends_with(".html") {
            String::from_utf8_lossy(&served)
                .replace(script, "")
                .into_bytes()
        } else {
            served
        };
        assert!(served == bytes, "{path} differs from a full build");
    }
}

/// What `serve` renders at once after an edit: the page and every listing
/// page that shows it (section and ancestors, tags, archive month, home), and
/// nothing else (the full render behind it does the rest).
#[test]
fn quick_render_covers_the_page_and_its_listings() {
    let site = Site::copy("basic");
    std::env::set_var("SOURCE_DATE_EPOCH", NOW);
    let opts = loa::pipeline::Options {
        root: site.root().to_path_buf(),
        ..Default::default()
    };
    let diags = loa::diag::Diagnostics::new();
    let (model, mut theme) = loa::pipeline::prepare(&opts, &diags, None).expect("prepared");
    let id = model
        .pages
        .iter()
        .position(|p| p.url == "/bao/thoi-su/trong-tinh/dap-duong-giao-thong/")
        .expect("the article");
    let sink = loa::output::PathSink::default();
    loa::render::render_pages_and_listings(&model, &mut theme, &[id], &sink, &diags);
    assert!(!diags.has_errors());
    let written: Vec<String> = sink.written().into_iter().collect();
    let tags: Vec<String> = model.pages[id]
        .tags
        .iter()
        .map(|&t| {
            format!(
                "{}index.html",
                model.tags[t].url.trim_start_matches("/bao/")
            )
        })
        .collect();
    let mut expected = vec![
        "index.html".to_string(),
        "thoi-su/trong-tinh/dap-duong-giao-thong/index.html".to_string(),
        "thoi-su/trong-tinh/index.html".to_string(),
        "luu-tru/2026/11/index.html".to_string(),
    ];
    // Third newest of "Thời sự" with two per listing page: on its page 2.
    expected.push("thoi-su/trang/2/index.html".to_string());
    expected.extend(tags);
    expected.sort();
    assert_eq!(written, expected);
}
