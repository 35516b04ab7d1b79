//! The direct article page against Tera rendering the built-in files.

use std::path::{Path, PathBuf};

use super::*;
use crate::diag::Diagnostics;
use crate::frontmatter::Kind;
use crate::render::{context, listing};

/// Renders every article of the site at `root` both ways and compares the
/// bytes; returns how many articles were compared.
fn compare_site(root: &Path, base_url: Option<&str>) -> usize {
    let diags = Diagnostics::new();
    let (site, mut theme) = crate::render::fixture_model(root, base_url, &diags);
    let mut ctx = context(&site, &mut theme, &diags);
    let articles = ctx.articles.take().expect("the built-in article files");
    let mut compared = 0;
    for p in site.pages.iter().filter(|p| p.kind == Kind::News) {
        let tera = listing::render_page(&ctx, p.id).expect("Tera renders").1;
        let parts = NewsParts::new(&ctx, p.id).expect("the parts render");
        let native = parts
            .native(&ctx, &articles, p)
            .unwrap_or_else(|| panic!("{} is written directly", p.url));
        assert_eq!(
            String::from_utf8(native).unwrap(),
            String::from_utf8(tera).unwrap(),
            "{} ({:?})",
            p.url,
            base_url
        );
        compared += 1;
    }
    assert!(!diags.has_errors());
    compared
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn mirrors_the_built_in_files() {
    assert_eq!(
        frame::fingerprint(&FILES),
        MIRRORED,
        "base.html, article.html, partials/share.html or partials/attachments.html \
         changed: bring src/render/article.rs up to date, then MIRRORED"
    );
}

#[test]
fn articles_equal_teras_on_the_example_site() {
    // Campaign kickers, units, attachments, sources, authors, images, an
    // update date; at the root and under a base path.
    for base_url in [None, Some("https://x.vn/bao/")] {
        assert!(compare_site(&repo(), base_url) > 30);
    }
}

/// Front matter and bodies of every shape the templates branch on, with
/// text that needs escaping.
#[test]
fn articles_equal_teras_on_awkward_pages() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = crate::render::fixture_site(
        root,
        "title: \"Báo <Lào> & 'Cai'\"\nbase_url: https://x.vn/\ndescription: \"\"\n",
    );
    write("tin/_index.md", "---\ntitle: \"Tin & <Bài>\"\n---\n");
    write("mot/_index.md", "---\ntitle: Một bài\n---\n");
    let long = "Lời văn dài đủ cho nhiều phút đọc. ".repeat(120);
    let pages: [(&str, String); 8] = [
        (
            "tin/a.md",
            "title: \"Tôm & cá <b>\\\"ngon\\\"</b> 'lắm'\"\ndate: 2026-11-20 08:27\n\
             summary: \"Sapo <em>có</em> & \\\"trích\\\"\"\ntags: [\"Thi đua & <khen>\", nông thôn]\n\
             author: [\"Hà & Lan\", \"<Minh>\"]\nsource: \"Báo <X>\"\nsource_url: \"https://x.vn/a?b=1&c=2\"\n\
             updated: 2026-11-21 09:00\nimage: https://ảnh.vn/a.jpg\n"
                .to_string(),
        ),
        (
            "tin/b.md",
            "title: Chỉ có nguồn\ndate: 2026-11-19\nsource: Thông tấn xã\ntags: [nông thôn]\n\
             updated: 2026-11-19\n"
                .to_string(),
        ),
        (
            "tin/c.md",
            "title: Chỉ có địa chỉ nguồn\ndate: 2026-11-18\nsource_url: https://nguon.vn/\n\
             source: \"  \"\nauthor: Một Người\nimage: /uploads/c.jpg\n"
                .to_string(),
        ),
        (
            "tin/d/index.md",
            "title: Có tệp\ndate: 2026-11-17\nattachments:\n  - { title: \"Kế hoạch <1> & 2\", file: ke-hoach.pdf }\n  \
             - { title: Không đuôi, file: README }\n  - { title: Đuôi lạ, file: bang.tar.gz }\n  \
             - { title: Đuôi có dấu, file: danh-sach.đoc }\n"
                .to_string(),
        ),
        (
            "tin/e.md",
            "title: \"Báo <Lào> & 'Cai'\"\ndate: 2026-11-16T23:59:00+07:00\nsummary: \"   \"\n".to_string(),
        ),
        ("tin/f.md", "title: Bài dài\ndate: 2026-11-15\n".to_string()),
        ("tin/g.md", "title: Không tóm tắt\ndate: 2026-11-14\n".to_string()),
        (
            "mot/chi-mot.md",
            "title: Một mình một mục\ndate: 2026-11-13\ntags: [\"Thi đua & <khen>\"]\n".to_string(),
        ),
    ];
    for (rel, front) in &pages {
        let body = if rel.starts_with("tin/f") {
            long.as_str()
        } else {
            "Đoạn đầu & <không> thẻ.\n\nĐoạn hai."
        };
        write(rel, &format!("---\n{front}---\n\n{body}\n"));
    }
    for f in ["ke-hoach.pdf", "README", "bang.tar.gz", "danh-sach.đoc"] {
        std::fs::write(root.join("content/tin/d").join(f), "x").unwrap();
    }
    for base_url in [None, Some("https://x.vn/bao&x/")] {
        assert_eq!(compare_site(root, base_url), pages.len());
    }
}

#[test]
fn an_overridden_file_leaves_articles_to_tera() {
    for name in ["base.html", "article.html", "partials/share.html"] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("loa.yaml"), "title: T\nbase_url: https://x.vn/\n").unwrap();
        let built_in = FILES.iter().find(|(n, _)| *n == name).unwrap().1;
        let path = root.join("templates").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, built_in.replace("</", "\n</")).unwrap();
        let diags = Diagnostics::new();
        let config = crate::pipeline::read_config(root, None).unwrap();
        let theme = crate::render::theme::load(root, &config, &diags).unwrap();
        assert!(Articles::new(&theme, &config).is_none(), "{name}");
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("loa.yaml"),
        "title: T\nbase_url: https://x.vn/\n",
    )
    .unwrap();
    let config = crate::pipeline::read_config(dir.path(), None).unwrap();
    let theme = crate::render::theme::load(dir.path(), &config, &Diagnostics::new()).unwrap();
    assert!(Articles::new(&theme, &config).is_some());
}
