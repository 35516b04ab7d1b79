//! The direct tag and section listings against Tera rendering the built-in files.

use super::*;

#[test]
fn mirrors_the_built_in_files() {
    assert_eq!(
        frame::fingerprint(&FILES),
        MIRRORED,
        "base.html, tag.html, section.html or partials/pagination.html changed: \
         bring src/render/listing_page.rs up to date, then MIRRORED to {:#x}",
        frame::fingerprint(&FILES)
    );
}

use std::path::{Path, PathBuf};

use crate::diag::Diagnostics;
use crate::render::{context, jobs, listing, Job};

/// Renders every tag and section listing page of the site at `root` both
/// ways and compares the bytes; returns how many (tag, section) pages were
/// compared.
fn compare_site(root: &Path, base_url: Option<&str>) -> (usize, usize) {
    let diags = Diagnostics::new();
    let (site, mut theme) = crate::render::fixture_model(root, base_url, &diags);
    let mut ctx = context(&site, &mut theme, &diags);
    let pages = ctx
        .listing_pages
        .take()
        .expect("the built-in listing files");
    let (mut tags, mut sections) = (0, 0);
    for job in jobs(&ctx) {
        let native = match job {
            Job::Tag { id, n } => {
                tags += 1;
                pages.tag(&ctx, id, n)
            }
            Job::Section { id, n } if site.sections[id].source.template.is_none() => {
                sections += 1;
                pages.section(&ctx, id, n)
            }
            _ => continue,
        };
        let (path, tera) = listing::render_job(&ctx, &job).expect("Tera renders");
        let native = native.unwrap_or_else(|| panic!("{path} is written directly"));
        assert_eq!(
            String::from_utf8(native).unwrap(),
            String::from_utf8(tera).unwrap(),
            "{path} ({base_url:?})"
        );
    }
    assert!(!diags.has_errors());
    (tags, sections)
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn listings_equal_teras_on_the_example_site() {
    for base_url in [None, Some("https://x.vn/bao/")] {
        let (tags, sections) = compare_site(&repo(), base_url);
        assert!(tags > 10 && sections > 5, "{tags} {sections}");
    }
}

/// Sections nested three deep, with and without description and text, of
/// news and of standalone pages, an empty one (with a blank description),
/// one with its own page size;
/// a tag over many pages (pagination with gaps); text that needs escaping;
/// lead cards with and without an image.
#[test]
fn listings_equal_teras_on_awkward_sites() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = crate::render::fixture_site(
        root,
        "title: \"Báo <Lào> & 'Cai'\"\nbase_url: https://x.vn/\ndescription: \"\"\npaginate: 3\n",
    );
    write(
        "tin/_index.md",
        "---\ntitle: \"Tin & <Bài>\"\ndescription: \"Mô tả <b> & 'x'\"\n---\n\nLời **giới thiệu** & mục.\n",
    );
    write("tin/trong-tinh/_index.md", "---\ntitle: Trong tỉnh\n---\n");
    write(
        "tin/trong-tinh/xa/_index.md",
        "---\ntitle: \"Xã & phường\"\ndescription: \"\"\npaginate: 2\n---\n",
    );
    write(
        "rong/_index.md",
        "---\ntitle: Chưa có bài\ndescription: \"   \"\n---\n",
    );
    write(
        "gioi-thieu/_index.md",
        "---\ntitle: Giới thiệu\nkind: pages\n---\n\nVề tòa soạn.\n",
    );
    write(
        "gioi-thieu/lien-he.md",
        "---\ntitle: Liên hệ\n---\n\nĐịa chỉ.\n",
    );
    write(
        "gioi-thieu/to-chuc.md",
        "---\ntitle: \"Tổ chức <bộ máy>\"\nimage: /a.jpg\n---\n\nSơ đồ.\n",
    );
    for i in 0..40 {
        let folder = ["tin", "tin/trong-tinh", "tin/trong-tinh/xa"][i % 3];
        let image = match i % 4 {
            0 => "image: /uploads/a.jpg\nimage_alt: \"Ảnh <đẹp>\"\n",
            1 => "image: https://ảnh.vn/b.jpg\n",
            _ => "",
        };
        let summary = if i % 5 == 0 {
            String::new()
        } else {
            format!("summary: \"Tóm tắt {i} & <em>\"\n")
        };
        write(
            &format!("{folder}/bai-{i}.md"),
            &format!(
                "---\ntitle: \"Bài {i} & <{i}>\"\ndate: 2026-11-{:02} 0{}:30\n{summary}{image}\
                 tags: [\"Thi đua & <khen>\"{}]\n---\n\nNội dung.\n",
                1 + i % 28,
                i % 10,
                if i % 2 == 0 { ", chẵn" } else { "" }
            ),
        );
    }
    for base_url in [None, Some("https://x.vn/bao&x/")] {
        let (tags, sections) = compare_site(root, base_url);
        // 40 pages of one tag at 3 a page, 20 of another; sections: tin
        // (14 pages), trong-tinh, xa (at 2 a page), rong, gioi-thieu.
        assert_eq!(tags, 14 + 7, "{base_url:?}");
        assert_eq!(sections, 14 + 9 + 7 + 1 + 1, "{base_url:?}");
    }
}

#[test]
fn an_overridden_file_leaves_listings_to_tera() {
    let load = |override_: Option<&str>| {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("loa.yaml"), "title: T\nbase_url: https://x.vn/\n").unwrap();
        if let Some(name) = override_ {
            let built_in = FILES.iter().find(|(n, _)| *n == name).unwrap().1;
            let path = root.join("templates").join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, built_in.replace("</", "\n</")).unwrap();
        }
        let config = crate::pipeline::read_config(root, None).unwrap();
        let theme = crate::render::theme::load(root, &config, &Diagnostics::new()).unwrap();
        ListingPages::new(&theme, &config).is_some()
    };
    for (name, _) in FILES {
        assert!(!load(Some(name)), "{name}");
    }
    assert!(load(None));
}
