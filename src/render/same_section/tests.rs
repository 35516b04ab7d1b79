//! The direct "Tin cùng chuyên mục" box against Tera's.

use super::*;

#[test]
fn mirrors_the_built_in_file() {
    assert_eq!(
        frame::fingerprint(&FILES),
        MIRRORED,
        "partials/same_section.html changed: bring src/render/same_section.rs up to date, \
         then MIRRORED to {:#x}",
        frame::fingerprint(&FILES)
    );
}

use std::path::Path;

use tera::Context;

use crate::diag::Diagnostics;
use crate::frontmatter::Kind;
use crate::render::{context, values};

/// Every run of ten pages of every section of the site at `root`, as a box
/// of its section and as one without a section, written both ways; returns
/// how many boxes were compared.
fn compare_site(root: &Path, base_url: Option<&str>) -> usize {
    let diags = Diagnostics::new();
    let (site, mut theme) = crate::render::fixture_model(root, base_url, &diags);
    let ctx = context(&site, &mut theme, &diags);
    let direct = SameSectionBox::new(ctx.theme, &site.config.base_path).expect("the built-in file");
    let cards = ctx.cards.as_ref().expect("the built-in cards");
    let mut compared = 0;
    // The box is under news articles, listing news.
    for s in site
        .sections
        .iter()
        .skip(1)
        .filter(|s| s.source.kind == Kind::News)
    {
        for start in 0..s.pages.len().max(1) {
            let pages = &s.pages[start.min(s.pages.len())..(start + 10).min(s.pages.len())];
            for link in [Some(s), None] {
                let items: Vec<Value> = pages.iter().map(|&p| ctx.summary(p)).collect();
                let mut c = Context::new();
                c.insert_value("same_section", values::list(items.iter().cloned()));
                if let Some(s) = link {
                    c.insert_value("section", values::section_link(s));
                }
                let tera = ctx
                    .theme
                    .tera
                    .render("partials/same_section.html", &c)
                    .unwrap();
                let link = link.map(|s| (s.url.as_str(), s.source.title.as_str()));
                let native = direct
                    .render(cards, link, &items)
                    .expect("written directly");
                assert_eq!(native, tera, "{} from {start} ({base_url:?})", s.url);
                compared += 1;
            }
        }
    }
    assert!(!diags.has_errors());
    compared
}

#[test]
fn boxes_equal_teras() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for base_url in [None, Some("https://x.vn/bao/")] {
        assert!(compare_site(repo, base_url) > 50);
    }
    let dir = tempfile::tempdir().unwrap();
    let write = crate::render::fixture_site(
        dir.path(),
        "title: \"Báo <Lào> & 'Cai'\"\nbase_url: https://x.vn/\n",
    );
    write("tin/_index.md", "---\ntitle: \"Tin & <Bài>\"\n---\n");
    write("rong/_index.md", "---\ntitle: Trống\n---\n");
    for i in 0..14 {
        let extra = match i % 4 {
            0 => "image: /uploads/a.jpg\nimage_alt: \"Ảnh <đẹp> & 'x'\"\n",
            1 => "image: https://ảnh.vn/b.jpg\nsummary: \"Tóm & <tắt>\"\n",
            2 => "summary: \"   \"\n",
            _ => "",
        };
        write(
            &format!("tin/bai-{i}.md"),
            &format!(
                "---\ntitle: \"Bài {i} & <{i}> 'x'\"\ndate: 2026-11-{:02} 0{}:30\n{extra}---\n\nNội dung.\n",
                1 + i,
                i % 10
            ),
        );
    }
    for base_url in [None, Some("https://x.vn/bao&x/")] {
        // tin: 14 runs, rong: 1 (empty); each with and without its link.
        assert_eq!(compare_site(dir.path(), base_url), 2 * (14 + 1));
    }
}

#[test]
fn an_overridden_file_leaves_boxes_to_tera() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("loa.yaml"), "title: T\nbase_url: https://x.vn/\n").unwrap();
    let config = crate::pipeline::read_config(root, None).unwrap();
    let theme = crate::render::theme::load(root, &config, &Diagnostics::new()).unwrap();
    assert!(SameSectionBox::new(&theme, "/").is_some());
    let path = root.join("templates/partials/same_section.html");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, FILES[0].1.replace("</", "\n</")).unwrap();
    let theme = crate::render::theme::load(root, &config, &Diagnostics::new()).unwrap();
    assert!(SameSectionBox::new(&theme, "/").is_none());
}
