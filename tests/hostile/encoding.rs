//! Encodings and truncated files: invalid UTF-8, NUL, BOM, CRLF, empty and unclosed.

use super::*;

#[test]
fn invalid_utf8_names_the_file_and_line() {
    let h = Hostile::new();
    h.write(
        "content/thoi-su/sai-ma.md",
        b"---\ntitle: T\xe0i li\xeau\ndate: 2026-11-02\n---\n".as_slice(),
    );
    h.build()
        .error("invalid UTF-8 page")
        .says("content/thoi-su/sai-ma.md:2:", "not UTF-8");
    // In loa.yaml, a section's _index.md and a data file too.
    let h = Hostile::new();
    h.write(
        "loa.yaml",
        b"title: B\xe1o\nbase_url: https://example.vn/bao/\n".as_slice(),
    );
    h.build()
        .error("invalid UTF-8 loa.yaml")
        .says("loa.yaml:1:", "not UTF-8");
    let h = Hostile::new();
    h.write(
        "content/thoi-su/_index.md",
        b"---\ntitle: \xff\n---\n".as_slice(),
    );
    h.build()
        .error("invalid UTF-8 _index.md")
        .says("content/thoi-su/_index.md:2:", "not UTF-8");
    let h = roster_site("Tên,Loại\nA,cá nhân\n");
    h.write(
        "content/khen-thuong/qd/danh-sach.csv",
        b"T\xean,Lo\xe1i\nNguy\xe3n,c\xe1 nh\xe2n\n".as_slice(),
    );
    h.build()
        .error("CSV in a legacy code page")
        .says("content/khen-thuong/qd/danh-sach.csv", "CSV UTF-8");
    let h = Hostile::new();
    h.write("data/units.yaml", b"- id: a\n  name: \xc4\n".as_slice());
    h.build()
        .error("invalid UTF-8 units.yaml")
        .says("data/units.yaml", "UTF-8");
}

#[test]
fn nul_bytes_are_refused_with_their_line() {
    // A NUL byte is never text: most often a file saved as UTF-16 without a
    // byte order mark. The diagnostic names the line and says what to do.
    let h = Hostile::new();
    h.write(
        "content/thoi-su/nul.md",
        "---\ntitle: Tin có NUL\ndate: 2026-11-02\n---\n\nTrước\0sau.\n",
    );
    h.write(
        "content/thoi-su/nul-fm.md",
        "---\ntitle: \"a\0b\"\ndate: 2026-11-02\n---\n",
    );
    let utf16: Vec<u8> = "---\ntitle: T\n---\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    h.write("content/thoi-su/utf16.md", &utf16);
    h.build()
        .error("NUL bytes")
        .says("content/thoi-su/nul.md:6:", "NUL")
        .says("content/thoi-su/nul-fm.md:2:", "NUL")
        .says("content/thoi-su/utf16.md:1:", "UTF-16");
    let h = Hostile::new();
    h.write(
        "loa.yaml",
        "title: B\0\nbase_url: https://example.vn/bao/\n",
    );
    h.build()
        .error("NUL in loa.yaml")
        .says("loa.yaml:1:", "NUL");
}

#[test]
fn byte_order_marks_and_crlf_are_accepted() {
    let h = Hostile::new();
    h.write(
        "loa.yaml",
        "\u{feff}title: Báo Thử\r\nbase_url: https://example.vn/bao/\r\n",
    );
    h.write(
        "content/thoi-su/_index.md",
        "\u{feff}---\r\ntitle: Thời sự\r\n---\r\n",
    );
    h.write(
        "content/thoi-su/2026-11-02-bom.md",
        "\u{feff}---\r\ntitle: Tin có BOM\r\ndate: 2026-11-02 08:30\r\ntags: [thi đua]\r\n---\r\n\r\nĐoạn một.\r\n\r\nĐoạn hai.\r\n",
    );
    h.build().ok("BOM and CRLF");
    let page = h.read("thoi-su/bom/index.html");
    let doc = scraper::Html::parse_document(&page);
    let h1: Vec<String> = common::texts(&doc, "h1");
    assert!(h1.contains(&"Tin có BOM".to_string()), "{h1:?}");
    assert!(!page.contains('\u{feff}'), "BOM printed in the page");
    assert!(!page.contains("\r"), "a carriage return reached the page");
    assert!(h.read("the/thi-dua/index.html").contains("Tin có BOM"));
    // A spreadsheet's CSV: BOM, CRLF, `;`, a quoted line break.
    let h = roster_site(
        "\u{feff}STT;Họ và tên;Loại;Thành tích\r\n1;Nguyễn Văn A;cá nhân;\"Dòng một\r\nDòng hai\"\r\n2;Trường Tiểu học Số 1;tập thể;\r\n",
    );
    h.build().ok("CSV with BOM and CRLF");
    let roster = h.read("khen-thuong/qd/index.html");
    assert!(
        roster.contains("Nguyễn Văn A") && roster.contains("Trường Tiểu học Số 1"),
        "entries of a BOM/CRLF CSV"
    );
    assert!(!roster.contains('\u{feff}') && !roster.contains('\r'));
    // Old Mac line ends (CR only) are line ends too, as YAML and CommonMark say.
    let h = Hostile::new();
    h.write(
        "content/thoi-su/2026-11-02-cr.md",
        "---\rtitle: Dòng CR\rdate: 2026-11-02\r---\rThân bài.\r",
    );
    h.build().ok("CR-only line ends");
    let page = h.read("thoi-su/cr/index.html");
    assert!(page.contains("Dòng CR") && !page.contains('\r'));
}

// ------------------------------------------------------ empty and truncated

#[test]
fn empty_files_give_diagnostics() {
    let h = Hostile::new();
    h.write("content/thoi-su/rong.md", "");
    h.write("content/thoi-su/chi-bom.md", "\u{feff}");
    h.write("content/trang-trong.md", "");
    h.build()
        .error("empty pages")
        .says("content/thoi-su/rong.md:1:", "front matter")
        .says("content/thoi-su/chi-bom.md:1:", "front matter")
        .says("content/trang-trong.md:1:", "front matter");

    // An empty _index.md: no front matter.
    let h = Hostile::new();
    h.write("content/thoi-su/_index.md", "");
    h.build()
        .error("empty _index.md")
        .says("content/thoi-su/_index.md:1:", "front matter");

    // An empty front matter block: the required keys are missing.
    let h = Hostile::new();
    h.write("content/thoi-su/khong-khoa.md", "---\n---\n");
    h.build()
        .error("empty front matter")
        .says("content/thoi-su/khong-khoa.md:", "title");

    // An empty loa.yaml: title and base_url are missing.
    let h = Hostile::new();
    h.write("loa.yaml", "");
    h.build()
        .error("empty loa.yaml")
        .says("loa.yaml:", "title")
        .says("loa.yaml:", "base_url");

    // Empty data files and an empty roster CSV.
    let h = Hostile::new();
    h.write("data/units.yaml", "");
    h.write("data/blocks.yaml", "");
    h.build().sane("empty data files");
    let h = Hostile::new();
    h.write(
        "content/khen-thuong/_index.md",
        "---\ntitle: Khen thưởng\nkind: rosters\n---\n",
    );
    h.write(
        "content/khen-thuong/qd/index.md",
        "---\ntitle: Quyết định\ndecision: { number: 1/QĐ-UBND, date: 2026-01-05, issuer: UBND tỉnh }\naward: Giấy khen\nentries_file: danh-sach.csv\n---\n",
    );
    h.write("content/khen-thuong/qd/danh-sach.csv", "");
    h.build()
        .error("empty CSV")
        .says("content/khen-thuong/qd/danh-sach.csv", "");
}

#[test]
fn unclosed_front_matter() {
    let h = Hostile::new();
    h.write(
        "content/thoi-su/mo.md",
        "---\ntitle: Chưa đóng\ndate: 2026-11-02\n\nThân bài không bao giờ đến.\n",
    );
    h.write("content/thoi-su/chi-mo.md", "---");
    h.write("content/thoi-su/chi-mo-2.md", "---\n");
    h.build()
        .error("unclosed front matter")
        .says("content/thoi-su/mo.md:1:", "unclosed")
        .says("content/thoi-su/chi-mo.md:1:", "unclosed")
        .says("content/thoi-su/chi-mo-2.md:1:", "unclosed");
}
