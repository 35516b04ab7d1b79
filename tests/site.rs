//! Integration tests: build fixture sites with the `loa` binary and check the
//! pages, URLs, feeds and sitemap with a real HTML/XML parser.

mod common;

use common::{attrs, sel, snapshot, stderr, texts, Site};

#[test]
fn pages_land_at_their_urls_under_the_base_path() {
    let site = Site::copy("basic");
    site.build();
    for rel in [
        "index.html",
        "thoi-su/index.html",
        "thoi-su/trong-tinh/index.html",
        // Organising folder thoi-su/2026/11/ does not appear in the URL.
        "thoi-su/hoi-nghi-chuyen-doi-so/index.html",
        "thoi-su/dai-hoi-thi-dua-yeu-nuoc/index.html",
        "thoi-su/trong-tinh/dap-duong-giao-thong/index.html",
        "kinh-te/bao-dam-an-toan-thuc-pham/index.html",
        "kinh-te/anh-dep/index.html",
        "kinh-te/anh-dep/lua-chin.png",
        "kinh-te/anh-dep/ke-hoach.pdf",
        "gioi-thieu/index.html",
        "the/index.html",
        "the/thi-dua-yeu-nuoc/index.html",
        "the/dang-uy/index.html",
        "luu-tru/index.html",
        "luu-tru/2026/11/index.html",
        "luu-tru/2026/10/index.html",
        "tim-kiem/index.html",
        "404.html",
        "rss.xml",
        "thoi-su/rss.xml",
        "sitemap.xml",
        "robots.txt",
        "uploads/hoi-nghi.png",
        "ghi-chu.txt",
        "css/cong.css",
    ] {
        assert!(site.exists(rel), "missing {rel}");
    }
    // Drafts and future pages are left out by default.
    assert!(!site.exists("thoi-su/ban-nhap/index.html"));
    assert!(!site.exists("thoi-su/tin-tuong-lai/index.html"));
}

#[test]
fn drafts_and_future_flags() {
    let site = Site::copy("basic");
    let out = site.loa(&["build", "--drafts", "--future"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.exists("thoi-su/ban-nhap/index.html"));
    assert!(site.exists("thoi-su/tin-tuong-lai/index.html"));
}

#[test]
fn no_link_escapes_the_base_path() {
    let site = Site::copy("basic");
    site.build();
    for (path, bytes) in snapshot(&site.out()) {
        if !path.ends_with(".html") {
            continue;
        }
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
        for (selector, attr) in [
            ("a[href]", "href"),
            ("link[href]", "href"),
            ("script[src]", "src"),
            ("img[src]", "src"),
            ("form[action]", "action"),
        ] {
            for url in attrs(&doc, selector, attr) {
                if url.starts_with('/') {
                    assert!(
                        url.starts_with("/bao/"),
                        "{path}: {selector} {url} escapes /bao/"
                    );
                }
                if url.starts_with("https://example.vn") {
                    assert!(
                        url.starts_with("https://example.vn/bao/"),
                        "{path}: {url} escapes /bao/"
                    );
                }
            }
        }
    }
}

#[test]
fn article_page_shows_what_readers_expect() {
    let site = Site::copy("basic");
    site.build();
    let doc = site.html("thoi-su/dai-hoi-thi-dua-yeu-nuoc/index.html");
    assert_eq!(attrs(&doc, "html", "lang"), ["vi"]);
    assert_eq!(
        texts(&doc, "h1"),
        ["Đại hội Thi đua yêu nước tỉnh lần thứ VI"]
    );
    let body = doc.root_element().text().collect::<String>();
    assert!(
        body.contains("Thứ Sáu, 20/11/2026 - 08:27"),
        "Vietnamese date line"
    );
    assert!(
        body.contains("Đại hội biểu dương 300 điển hình tiên tiến."),
        "summary shown"
    );
    assert!(body.contains("Kiều Thu"), "author");
    assert!(body.contains("Báo Thử Nghiệm"), "source");
    // Heading ids from Vietnamese slugs.
    assert_eq!(attrs(&doc, "h2#dai-bieu-du", "id"), ["dai-bieu-du"]);
    // Open Graph and canonical.
    assert_eq!(
        attrs(&doc, r#"link[rel="canonical"]"#, "href"),
        ["https://example.vn/bao/thoi-su/dai-hoi-thi-dua-yeu-nuoc/"]
    );
    assert_eq!(
        attrs(&doc, r#"meta[property="og:url"]"#, "content"),
        ["https://example.vn/bao/thoi-su/dai-hoi-thi-dua-yeu-nuoc/"]
    );
    assert_eq!(
        attrs(&doc, r#"meta[property="og:image"]"#, "content"),
        ["https://example.vn/bao/uploads/hoi-nghi.png"]
    );
    assert_eq!(
        attrs(&doc, r#"meta[property="og:type"]"#, "content"),
        ["article"]
    );
    // JSON-LD NewsArticle.
    let ld: Vec<String> = doc
        .select(&sel(r#"script[type="application/ld+json"]"#))
        .map(|e| e.inner_html())
        .collect();
    let json: serde_json::Value = serde_json::from_str(&ld[0]).expect("JSON-LD parses");
    assert_eq!(json["@type"], "NewsArticle");
    assert_eq!(json["headline"], "Đại hội Thi đua yêu nước tỉnh lần thứ VI");
    assert_eq!(json["datePublished"], "2026-11-20T08:27:00+07:00");
    assert_eq!(json["author"][0]["name"], "Kiều Thu");
    assert_eq!(json["publisher"]["name"], "Báo Thử Nghiệm");
    assert_eq!(
        json["mainEntityOfPage"]["@id"],
        "https://example.vn/bao/thoi-su/dai-hoi-thi-dua-yeu-nuoc/"
    );
    assert_eq!(json["articleSection"], "Thời sự");
    assert_eq!(json["keywords"], "thi đua yêu nước, Đảng ủy");
    assert_eq!(
        json["image"][0],
        "https://example.vn/bao/uploads/hoi-nghi.png"
    );
    // Tags link to tag pages.
    let tag_links = attrs(&doc, "a[href^=\"/bao/the/\"]", "href");
    assert!(
        tag_links.contains(&"/bao/the/thi-dua-yeu-nuoc/".to_string())
            && tag_links.contains(&"/bao/the/dang-uy/".to_string()),
        "{tag_links:?}"
    );
    // Related by shared tags: the other "thi đua yêu nước" article.
    assert!(attrs(&doc, "a", "href").contains(&"/bao/thoi-su/hoi-nghi-chuyen-doi-so/".to_string()));
    // No request outside the site: no external scripts, styles or images.
    for src in attrs(&doc, "script[src]", "src")
        .iter()
        .chain(&attrs(&doc, "link[rel=stylesheet]", "href"))
        .chain(&attrs(&doc, "img", "src"))
    {
        assert!(src.starts_with("/bao/"), "external resource {src}");
    }
}

#[test]
fn bundle_figure_and_attachments() {
    let site = Site::copy("basic");
    site.build();
    let doc = site.html("kinh-te/anh-dep/index.html");
    assert_eq!(attrs(&doc, "figure img", "src"), ["lua-chin.png"]);
    assert_eq!(
        texts(&doc, "figure figcaption"),
        ["Ruộng bậc thang. (Ảnh: Phạm Bằng)"]
    );
    assert!(attrs(&doc, "a", "href").contains(&"/bao/kinh-te/anh-dep/ke-hoach.pdf".to_string()));
    assert!(doc
        .root_element()
        .text()
        .collect::<String>()
        .contains("Tệp đính kèm"));
}

#[test]
fn sections_nest_paginate_and_sort() {
    let site = Site::copy("basic");
    site.build();
    // thoi-su holds its own 2 pages and its subsection's 1: paginate 2 → 2 pages.
    let first = site.html("thoi-su/index.html");
    let titles = texts(&first, "main h2 a, main h3 a");
    assert!(
        titles.iter().any(|t| t.contains("Đại hội Thi đua")),
        "{titles:?}"
    );
    assert!(site.exists("thoi-su/trang/2/index.html"));
    assert!(!site.exists("thoi-su/trang/3/index.html"));
    let second = site.html("thoi-su/trang/2/index.html");
    assert!(second
        .root_element()
        .text()
        .collect::<String>()
        .contains("Đắp đường giao thông nông thôn"));
    assert!(
        attrs(&first, "a", "href").contains(&"/bao/thoi-su/trang/2/".to_string()),
        "link to page 2"
    );
    // kinh-te sorts by title (Vietnamese order): "An toàn…" before "Ảnh đẹp…".
    let kt = site.html("kinh-te/index.html");
    let links: Vec<String> = attrs(&kt, "main a", "href")
        .into_iter()
        .filter(|h| h.starts_with("/bao/kinh-te/") && h != "/bao/kinh-te/")
        .collect();
    let a = links
        .iter()
        .position(|h| h.contains("bao-dam-an-toan"))
        .unwrap();
    let b = links.iter().position(|h| h.contains("anh-dep")).unwrap();
    assert!(a < b, "{links:?}");
}

#[test]
fn aliases_redirect() {
    let site = Site::copy("basic");
    site.build();
    let doc = site.html("tin-cu/dap-duong/index.html");
    let refresh = attrs(&doc, r#"meta[http-equiv="refresh"]"#, "content");
    assert!(
        refresh[0].contains("https://example.vn/bao/thoi-su/trong-tinh/dap-duong-giao-thong/"),
        "{refresh:?}"
    );
    assert!(site.exists("gioi-thieu-cu/index.html"));
}

#[test]
fn feeds_sitemap_and_robots() {
    let site = Site::copy("basic");
    site.build();
    let rss = site.read("rss.xml");
    let doc = roxmltree::Document::parse(&rss).expect("RSS is XML");
    let items: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .collect();
    assert_eq!(items.len(), 3, "feed_limit 3");
    let first_title = items[0]
        .children()
        .find(|n| n.has_tag_name("title"))
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(first_title, "Đại hội Thi đua yêu nước tỉnh lần thứ VI");
    let link = items[0]
        .children()
        .find(|n| n.has_tag_name("link"))
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(
        link,
        "https://example.vn/bao/thoi-su/dai-hoi-thi-dua-yeu-nuoc/"
    );
    let section_rss = site.read("thoi-su/rss.xml");
    let feed_doc = roxmltree::Document::parse(&section_rss).expect("section RSS is XML");
    assert!(!section_rss.contains("An toàn thực phẩm"));
    // Pages of the section announce its feed under the feed's own title
    // (an article once announced it under the article's title).
    let channel_title = feed_doc
        .descendants()
        .find(|n| n.has_tag_name("channel"))
        .and_then(|c| c.children().find(|n| n.has_tag_name("title")))
        .and_then(|t| t.text())
        .unwrap()
        .to_string();
    for page in [
        "thoi-su/index.html",
        "thoi-su/dai-hoi-thi-dua-yeu-nuoc/index.html",
    ] {
        let doc = site.html(page);
        let titles = attrs(
            &doc,
            r#"link[rel=alternate][href="/bao/thoi-su/rss.xml"]"#,
            "title",
        );
        assert_eq!(titles, std::slice::from_ref(&channel_title), "{page}");
    }

    let sitemap = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap is XML");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://example.vn/bao/"));
    assert!(locs.contains(&"https://example.vn/bao/gioi-thieu/"));
    assert!(locs.contains(&"https://example.vn/bao/thoi-su/dai-hoi-thi-dua-yeu-nuoc/"));
    assert!(
        !locs.iter().any(|l| l.contains("ban-nhap")),
        "no drafts in the sitemap"
    );
    assert!(site
        .read("robots.txt")
        .contains("Sitemap: https://example.vn/bao/sitemap.xml"));
}

/// A site's own `static/robots.txt`, sitemap, feed or 404 page is copied
/// as it is in place of the one loa writes (the build used to fail: "written
/// twice").
#[test]
fn static_files_replace_machine_files() {
    let site = Site::copy("basic");
    let ours = [
        ("robots.txt", "User-agent: *\nDisallow: /bao/tim-kiem/\n"),
        ("sitemap.xml", "<?xml version=\"1.0\"?><urlset/>\n"),
        ("thoi-su/rss.xml", "<?xml version=\"1.0\"?><rss/>\n"),
        ("404.html", "<!DOCTYPE html><title>Trang riêng</title>\n"),
    ];
    for (path, text) in ours {
        site.write(&format!("static/{path}"), text);
    }
    site.build();
    for (path, text) in ours {
        assert_eq!(site.read(path), text, "{path}");
    }
    // The other machine files are still loa's.
    assert!(site.read("rss.xml").contains("<channel>"));
    assert!(site.read("kinh-te/rss.xml").contains("<channel>"));
}

#[test]
fn tags_and_archive() {
    let site = Site::copy("basic");
    site.build();
    let tags = site.html("the/index.html");
    let names = texts(&tags, "main li a");
    assert!(
        names.iter().any(|n| n.contains("thi đua yêu nước")),
        "{names:?}"
    );
    let tag = site.html("the/nong-thon-moi/index.html");
    let body = tag.root_element().text().collect::<String>();
    assert!(
        body.contains("Đắp đường giao thông nông thôn") && body.contains("Ảnh đẹp mùa lúa chín")
    );
    let month = site.html("luu-tru/2026/11/index.html");
    let body = month.root_element().text().collect::<String>();
    assert!(body.contains("Hội nghị chuyển đổi số"));
    assert!(
        !body.contains("An toàn thực phẩm"),
        "October item not in November"
    );
    let archive = site.html("luu-tru/index.html");
    assert!(attrs(&archive, "a", "href").contains(&"/bao/luu-tru/2026/10/".to_string()));
}

#[test]
fn site_overrides_win_over_the_theme() {
    let site = Site::copy("basic");
    site.build();
    let doc = site.html("404.html");
    assert_eq!(texts(&doc, "h1#rieng-404"), ["Trang 404 riêng của trang"]);
    assert!(site.read("favicon.svg").contains("site-favicon"));
}

/// Headlines and cards are rendered ahead once per page from the site's own
/// components when it overrides them; one taking a page-specific implicit
/// argument is called by the templates as before.
#[test]
fn overridden_list_components_reach_every_list() {
    let theme = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/cong/templates/partials/card.html"),
    )
    .unwrap();
    let ours = theme
        .replace(
            "<article class=\"card{%",
            "<article data-site-card=\"{{ h }}{{ show_section }}\" class=\"card{%",
        )
        .replace(
            "{% component headline(item, show_time=true) -%}\n<a href",
            "{% component headline(item, show_time=true) -%}\n<a class=\"site-headline\" href",
        )
        .replace(
            "<nav class=\"breadcrumb\"",
            "<nav data-site-breadcrumb class=\"breadcrumb\"",
        );
    assert_ne!(ours, theme);
    let site = Site::copy("basic");
    site.write("templates/partials/card.html", &ours);
    site.build();
    let section = site.html("kinh-te/index.html");
    assert!(!attrs(&section, "article.card", "data-site-card").is_empty());
    let tag = site.html("the/thi-dua-yeu-nuoc/index.html");
    assert!(attrs(&tag, "article.card", "data-site-card")
        .iter()
        .all(|v| v == "2true"));
    let article = site.html("thoi-su/dai-hoi-thi-dua-yeu-nuoc/index.html");
    let related = texts(&article, ".related a.site-headline");
    assert!(!related.is_empty(), "related box uses the site's headline");
    assert_eq!(
        texts(&article, "nav[data-site-breadcrumb] li"),
        [
            "Trang chủ",
            "Thời sự",
            "Đại hội Thi đua yêu nước tỉnh lần thứ VI"
        ],
        "articles use the site's breadcrumb"
    );

    // A page implicit: no rendering ahead, same output as the templates'.
    let with_implicit = ours.replace(
        "{% component headline(item, show_time=true) -%}",
        "{% component headline(item, show_time=true, @page_url) -%}",
    );
    site.write("templates/partials/card.html", &with_implicit);
    site.build();
    let article = site.html("thoi-su/dai-hoi-thi-dua-yeu-nuoc/index.html");
    assert_eq!(texts(&article, ".related a.site-headline"), related);
}

/// The built-in breadcrumb (written directly, see src/render/cards.rs):
/// home, the section, the article.
#[test]
fn article_breadcrumb_leads_home_and_to_the_section() {
    let site = Site::copy("basic");
    site.build();
    let article = site.html("thoi-su/dai-hoi-thi-dua-yeu-nuoc/index.html");
    assert_eq!(
        attrs(&article, "nav.breadcrumb a", "href"),
        ["/bao/", "/bao/thoi-su/"]
    );
    assert_eq!(
        texts(&article, "nav.breadcrumb [aria-current=page]"),
        ["Đại hội Thi đua yêu nước tỉnh lần thứ VI"]
    );
}

#[test]
fn home_has_featured_and_latest() {
    let site = Site::copy("basic");
    site.build();
    let doc = site.html("index.html");
    let body = doc.root_element().text().collect::<String>();
    assert!(body.contains("Đại hội Thi đua yêu nước tỉnh lần thứ VI"));
    assert!(body.contains("Báo Thử Nghiệm"));
    assert!(body.contains("toasoan@example.vn"), "footer contact block");
    assert!(
        attrs(&doc, "a", "href").contains(&"/bao/thoi-su/".to_string()),
        "menu links to the section"
    );
}

#[test]
fn identical_builds_with_the_same_source_date_epoch() {
    let site = Site::copy("basic");
    site.build();
    let first = snapshot(&site.out());
    site.build();
    assert_eq!(first, snapshot(&site.out()));
}

#[test]
fn base_url_flag_overrides_config() {
    let site = Site::copy("basic");
    let out = site.loa(&["build", "--base-url", "https://khac.vn/"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = site.html("index.html");
    assert!(attrs(&doc, "a", "href").contains(&"/thoi-su/".to_string()));
}

#[test]
fn broken_site_reports_every_error_and_keeps_previous_output() {
    let site = Site::copy("broken");
    std::fs::create_dir_all(site.out()).unwrap();
    std::fs::write(site.out().join("index.html"), "bản cũ").unwrap();
    let out = site.loa(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for expected in [
        "content/tin-tuc/2026-11-01-khoa-la.md:4:1: lỗi: khóa `autor`",
        "content/tin-tuc/2026-11-02-ngay-sai.md:4:1: lỗi: ngày `2026-13-45`",
        "content/tin-tuc/2026-11-03-chua-dong.md:1:1: lỗi: front matter không được đóng",
        "content/tin-tuc/2026-11-05-trung-lap.md:1:1: lỗi: đường dẫn /tin-tuc/trung-lap/ trùng với content/tin-tuc/2026-11-04-trung-lap.md",
    ] {
        assert!(err.contains(expected), "expected `{expected}` in:\n{err}");
    }
    assert!(err.contains("có phải ý bạn là `author`"), "hint: {err}");
    assert_eq!(
        std::fs::read_to_string(site.out().join("index.html")).unwrap(),
        "bản cũ"
    );
}

#[test]
fn english_diagnostics() {
    let site = Site::copy("broken");
    let out = site.loa(&["--lang", "en", "build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/tin-tuc/2026-11-01-khoa-la.md:4:1: error: unknown key `autor`"),
        "{err}"
    );
    assert!(err.contains("did you mean `author`"), "{err}");
}

#[test]
fn refuses_dangerous_output_folders() {
    let site = Site::copy("basic");
    for bad in [".", "content"] {
        let target = site.root().join(bad);
        let out = site.loa(&["build", "--output", target.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{bad}: {}", stderr(&out));
    }
    assert!(
        site.root().join("content/thoi-su/_index.md").exists(),
        "content untouched"
    );
}

#[test]
fn usage_errors_exit_2() {
    let site = Site::copy("basic");
    let out = site.loa(&["build", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn missing_config_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::loa_in(dir.path(), &["build"], common::NOW);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("loa.yaml"));
}

#[test]
fn check_finds_broken_links_and_writes_nothing() {
    let site = Site::copy("basic");
    site.write(
        "content/thoi-su/2026-11-19-lien-ket-hong.md",
        "---\ntitle: Liên kết hỏng\ndate: 2026-11-19\n---\nXem [bài cũ](/khong-co-bai-nay/) và ![](/uploads/khong-co.png)\n",
    );
    let out = site.loa(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("content/thoi-su/2026-11-19-lien-ket-hong.md:5:1: lỗi: liên kết hỏng: `/khong-co-bai-nay/`"), "{err}");
    assert!(
        err.contains("không tìm thấy ảnh `/uploads/khong-co.png`"),
        "{err}"
    );
    assert!(err.contains("thiếu mô tả (alt)"), "{err}");
    assert!(!site.out().exists(), "check writes nothing");
}

#[test]
fn check_passes_on_a_good_site() {
    let site = Site::copy("basic");
    let out = site.loa(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn new_scaffolds_a_page_and_refuses_to_overwrite() {
    let site = Site::copy("basic");
    let out = site.loa(&["new", "thoi-su", "Hội", "nghị", "Đảng", "ủy"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = site
        .root()
        .join("content/thoi-su/2026-11-21-hoi-nghi-dang-uy.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("title: \"Hội nghị Đảng ủy\""), "{text}");
    let again = site.loa(&["new", "thoi-su", "Hội", "nghị", "Đảng", "ủy"]);
    assert_eq!(again.status.code(), Some(1));
    // The scaffold (a draft) builds with --drafts.
    let out = site.loa(&["build", "--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn init_creates_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("trang-moi");
    let out = common::loa_in(dir.path(), &["init", target.to_str().unwrap()], common::NOW);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = common::loa_in(&target, &["build"], common::NOW);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(target.join("public/index.html").exists());
}

#[test]
fn decomposed_text_is_normalised() {
    let site = Site::copy("basic");
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = "---\ntitle: Thi đua Lào Cai\ndate: 2026-11-19\n---\nPhong trào thi đua.\n"
        .nfd()
        .collect();
    site.write("content/thoi-su/2026-11-19-nfd.md", &nfd);
    site.build();
    let html = site.read("thoi-su/nfd/index.html");
    assert!(html.contains("Thi đua Lào Cai"), "NFC in output");
}

/// The header, footer and "Tin cùng chuyên mục" box are rendered once and
/// shared: each page must still get its own menu state, its own address
/// under the footer, and a box that never lists the page itself.
#[test]
fn shared_fragments_fit_each_page() {
    let site = Site::copy("basic");
    site.build();
    let current = |rel: &str| attrs(&site.html(rel), ".main-nav a[aria-current]", "href");
    assert_eq!(current("index.html"), ["/bao/"]);
    assert_eq!(current("thoi-su/index.html"), ["/bao/thoi-su/"]);
    assert_eq!(
        current("thoi-su/dai-hoi-thi-dua-yeu-nuoc/index.html"),
        ["/bao/thoi-su/"]
    );
    assert_eq!(current("gioi-thieu/index.html"), ["/bao/gioi-thieu/"]);
    assert!(current("kinh-te/index.html").is_empty());
    assert!(current("the/index.html").is_empty());
    for (rel, url) in [
        ("index.html", "https://example.vn/bao/"),
        ("thoi-su/index.html", "https://example.vn/bao/thoi-su/"),
        (
            "thoi-su/hoi-nghi-chuyen-doi-so/index.html",
            "https://example.vn/bao/thoi-su/hoi-nghi-chuyen-doi-so/",
        ),
    ] {
        let doc = site.html(rel);
        assert_eq!(
            texts(&doc, ".print-only"),
            [format!("Địa chỉ trang: {url}")],
            "{rel}"
        );
        assert_eq!(texts(&doc, ".site-footer .footer-title").len(), 3, "{rel}");
    }
    for (rel, own) in [
        (
            "thoi-su/dai-hoi-thi-dua-yeu-nuoc/index.html",
            "/bao/thoi-su/dai-hoi-thi-dua-yeu-nuoc/",
        ),
        (
            "thoi-su/hoi-nghi-chuyen-doi-so/index.html",
            "/bao/thoi-su/hoi-nghi-chuyen-doi-so/",
        ),
    ] {
        let doc = site.html(rel);
        let same = attrs(&doc, ".same-section .card-title a", "href");
        assert_eq!(
            same,
            ["/bao/thoi-su/trong-tinh/dap-duong-giao-thong/"],
            "{rel}"
        );
        assert!(!same.iter().any(|u| u == own));
        assert_eq!(
            attrs(&doc, ".same-section .block-more", "href"),
            ["/bao/thoi-su/"]
        );
    }
}
