//! Alt text, and HTML in titles, tags, fields and CSV cells: escaped wherever shown.

use super::*;

#[test]
fn check_warns_about_images_without_alt_text() {
    let h = Hostile::new();
    h.write("static/uploads/a.png", b"\x89PNG\r\n\x1a\n".as_slice());
    h.write(
        "content/thoi-su/2026-11-02-alt.md",
        "---\ntitle: Ảnh\ndate: 2026-11-02\n---\n\nMở đầu.\n\n![](/uploads/a.png)\n\n![Có mô tả](/uploads/a.png)\n\n<img src=\"/uploads/a.png\">\n",
    );
    let run = h.check();
    run.sane("check");
    assert_eq!(run.code, Some(0), "warnings only:\n{}", run.tail());
    run.says(
        "content/thoi-su/2026-11-02-alt.md:8:",
        "warning: image `/uploads/a.png` has no alt text",
    )
    .says("content/thoi-su/2026-11-02-alt.md:", "has no alt attribute");
    let warnings = run.stderr.lines().filter(|l| l.contains("alt")).count();
    assert_eq!(
        warnings,
        2,
        "one warning per image without alt:\n{}",
        run.tail()
    );
}

// ------------------------------------------------------- escaping of text

const XSS: &str = "<script>alert(1)</script>";
const XSS_IMG: &str = "<img src=x onerror=alert(2)>";

#[test]
fn html_in_titles_tags_and_fields_is_escaped_everywhere() {
    let h = Hostile::new();
    h.write(
        "loa.yaml",
        format!(
            "title: \"Báo {XSS}\"\nbase_url: https://example.vn/bao/\ndescription: \"Mô tả {XSS_IMG}\"\nmenu:\n  - {{ title: \"Menu {XSS}\", section: thoi-su }}\norganization: {{ name: \"Tòa soạn {XSS}\", address: \"{XSS_IMG}\", phone: \"\\\" onmouseover=alert(3) x=\\\"\", email: \"a@b.vn{XSS}\" }}\nsocial: {{ facebook: \"https://facebook.com/x\\\"><script>alert(4)</script>\" }}\n"
        ),
    );
    h.write(
        "content/thoi-su/_index.md",
        format!("---\ntitle: \"Thời sự {XSS}\"\ndescription: \"{XSS_IMG}\"\n---\n"),
    );
    h.write(
        "content/thoi-su/2026-11-02-xss.md",
        format!(
            "---\ntitle: \"Tiêu đề {XSS} </title><script>alert(5)</script> {{{{ site.title }}}}\"\ndate: 2026-11-02\nsummary: \"Sapo ]]> ]]&gt; &amp; tóm tắt\"\ntags: [\"{XSS}\", \"<b>đậm</b>\", \"\\\"'><svg onload=alert(6)>\"]\nauthor: \"{XSS}\"\nsource: \"{XSS_IMG}\"\nsource_url: \"https://x.vn/\\\"><script>alert(7)</script>\"\nimage: /uploads/a.png\nimage_alt: \"\\\" onerror=\\\"alert(8)\"\nattachments:\n  - {{ title: \"{XSS}\", file: \"x.pdf\\\" onclick=\\\"alert(9)\" }}\n---\n\nThân bài.\n"
        ),
    );
    h.write(
        "content/phong-trao/_index.md",
        "---\ntitle: Phong trào\nkind: campaigns\n---\n",
    );
    h.write(
        "content/phong-trao/pt.md",
        format!(
            "---\ntitle: \"Phong trào {XSS}\"\nissuer: \"{XSS}\"\nslogan: \"{XSS_IMG}\"\nstart: 2026-01-01\nend: 2026-12-31\nparticipants: [\"{XSS}\"]\ngoals: [\"{XSS_IMG}\"]\nawards: [\"{XSS}\"]\nmilestones: [{{ title: \"{XSS}\", when: \"{XSS_IMG}\" }}]\ndocument: {{ number: \"09/CT-UBND{XSS}\", signer: \"{XSS}\", summary: \"{XSS_IMG}\" }}\n---\n"
        ),
    );
    h.write(
        "content/khen-thuong/_index.md",
        "---\ntitle: Khen thưởng\nkind: rosters\n---\n",
    );
    h.write(
        "content/khen-thuong/qd/index.md",
        format!(
            "---\ntitle: \"Quyết định {XSS}\"\ndecision: {{ number: \"1/QĐ-UBND{XSS}\", date: 2026-01-05, issuer: \"{XSS}\", signer: \"{XSS_IMG}\" }}\naward: \"Giấy khen {XSS}\"\nreason: \"{XSS_IMG}\"\nentries_file: danh-sach.csv\n---\n"
        ),
    );
    h.write(
        "content/khen-thuong/qd/danh-sach.csv",
        format!(
            "STT,Họ và tên,Loại,Chức vụ,Đơn vị,Hình thức,Thành tích,Ghi chú\n1,\"{XSS}\",cá nhân,\"{XSS_IMG}\",\"{XSS}\",\"{XSS}\",\"{XSS_IMG}\",\"=HYPERLINK(\"\"http://x\"\")\"\n"
        ),
    );
    h.write(
        "content/khen-thuong/inline.md",
        format!(
            "---\ntitle: Danh sách trong trang\ndecision: {{ number: 2/QĐ-UBND, date: 2026-01-06, issuer: UBND tỉnh }}\naward: Giấy khen\nentries:\n  - {{ name: \"{XSS}\", kind: tập thể, unit: \"{XSS_IMG}\", note: \"{XSS}\" }}\n---\n"
        ),
    );
    h.write(
        "data/units.yaml",
        format!("- id: don-vi-a\n  name: \"Đơn vị {XSS}\"\n  short: \"{XSS_IMG}\"\n  aliases: [\"{XSS}\"]\n"),
    );
    h.write(
        "data/blocks.yaml",
        format!(
            "- id: khoi-a\n  name: \"Khối {XSS}\"\n  kind: \"{XSS_IMG}\"\n  members: [don-vi-a]\n"
        ),
    );
    h.write("static/uploads/a.png", b"\x89PNG\r\n\x1a\n".as_slice());
    let run = h.build();
    run.sane("HTML in fields");
    assert_eq!(run.code, Some(0), "{}", run.tail());
    assert_absent(&h, XSS);
    assert_absent(&h, "<script>alert(5)");
    assert_absent(&h, XSS_IMG);
    assert_absent(&h, "<svg onload");
    assert_absent(&h, "<b>đậm</b>");
    assert_contained(&h);
    let page = h.read("thoi-su/xss/index.html");
    // Shown, as text, wherever it was written.
    for rel in [
        "thoi-su/xss/index.html",
        "phong-trao/pt/index.html",
        "khen-thuong/qd/index.html",
        "khen-thuong/inline/index.html",
        "don-vi/don-vi-a/index.html",
        "khoi-thi-dua/khoi-a/index.html",
        "index.html",
    ] {
        assert!(
            h.read(rel)
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{rel}: the text is not shown (escaped)"
        );
    }
    // Tera syntax in a title is text, not a template.
    assert!(
        page.contains("{{ site.title }}"),
        "a title was evaluated as a template"
    );
    // javascript: URLs from fields never become links.
    for (path, text) in h.outputs() {
        if path.ends_with(".html") {
            let doc = scraper::Html::parse_document(&text);
            for a in common::attrs(&doc, "a[href]", "href") {
                assert!(
                    !a.trim_start()
                        .to_ascii_lowercase()
                        .starts_with("javascript:"),
                    "{path}: javascript: link {a}"
                );
            }
        }
    }
    // The roster CSV download keeps the text as text.
    let csv = h.read("khen-thuong/qd/danh-sach.csv");
    assert!(csv.contains("alert(1)"), "{csv}");
}

/// `summary:` is front-matter text, yet src/render/values.rs:99 hands it to
/// the templates as `summary_html`, which article/page/campaign/roster.html
/// print with `| safe`: raw HTML from front matter reaches the page.
/// Reported (render + theme); un-ignore when the sapo is escaped.
#[test]
fn html_in_a_summary_is_escaped() {
    let h = Hostile::new();
    h.write(
        "content/thoi-su/2026-11-02-sapo.md",
        format!("---\ntitle: Sapo\ndate: 2026-11-02\nsummary: \"Sapo {XSS_IMG} {XSS}\"\n---\nx\n"),
    );
    h.build().ok("HTML in summary");
    assert_absent(&h, XSS_IMG);
    assert_absent(&h, XSS);
    assert_contained(&h);
}

/// Image and file names with Vietnamese letters, the most ordinary thing an
/// editor writes: src/markdown/url.rs `escape_href` slices the URL at a byte
/// inside a multi-byte character and panics (found by fuzzing; the build
/// aborts). Reported; un-ignore when fixed.
#[test]
fn vietnamese_file_names_in_links_and_images() {
    let h = Hostile::new();
    h.write(
        "content/thoi-su/2026-11-02-anh/index.md",
        "---\ntitle: Ảnh\ndate: 2026-11-02\n---\n\n![Lúa chín](lúa-chín.png)\n\n[Kế hoạch](kế-hoạch.pdf)\n",
    );
    h.write(
        "content/thoi-su/2026-11-02-anh/lúa-chín.png",
        b"\x89PNG\r\n\x1a\n".as_slice(),
    );
    h.write("content/thoi-su/2026-11-02-anh/kế-hoạch.pdf", "%PDF-1.4");
    h.build().ok("Vietnamese file names");
    assert_contained(&h);
}

/// `<!--` in a title: the `json` filter writes `<\!--` into the JSON-LD,
/// which is not a JSON escape, so the structured data no longer parses
/// (src/render/filters.rs, filter `json`; `\u003c` for `<` would be valid
/// JSON and as safe). Reported; un-ignore when fixed.
#[test]
fn html_comment_in_a_title_keeps_json_ld_valid() {
    let h = Hostile::new();
    h.write(
        "content/thoi-su/2026-11-02-bl.md",
        "---\ntitle: \"Bình luận <!--<script> thử\"\ndate: 2026-11-02\n---\nx\n",
    );
    h.build().ok("<!-- in a title");
    assert_contained(&h);
}

#[test]
fn script_urls_in_fields_are_refused() {
    let h = Hostile::new();
    h.write(
        "content/thoi-su/2026-11-02-js.md",
        "---\ntitle: JS\ndate: 2026-11-02\nsource_url: \"javascript:alert(1)\"\nimage: \" JavaScript:alert(2)\"\nattachments: [{ title: T, file: \"vbscript:x\" }]\n---\nx\n",
    );
    h.build()
        .error("script URLs in front matter")
        .says("content/thoi-su/2026-11-02-js.md:4:", "script")
        .says("content/thoi-su/2026-11-02-js.md:5:", "script")
        .says("content/thoi-su/2026-11-02-js.md:6:", "script");
    let h = Hostile::new();
    h.write(
        "loa.yaml",
        "title: B\nbase_url: https://example.vn/bao/\nsocial: { facebook: \"javascript:alert(4)\" }\nmenu: [{ title: M, url: \"javascript:alert(5)\" }]\n",
    );
    h.build()
        .error("script URLs in loa.yaml")
        .says("loa.yaml:3:", "social.facebook")
        .says("loa.yaml:4:", "menu url");
}

#[test]
fn raw_html_in_markdown_is_kept_or_stripped_with_safe() {
    let body = "Đoạn <span class=\"nhan\">nhấn</span> mạnh.\n\n<script>alert(1)</script>\n\n<div onclick=\"alert(2)\">khối</div>\n\n[x](javascript:alert(3))\n";
    let h = Hostile::new();
    h.write(
        "content/thoi-su/2026-11-02-html.md",
        format!("---\ntitle: HTML thô\ndate: 2026-11-02\n---\n\n{body}"),
    );
    h.build().ok("raw HTML allowed").says(
        "content/thoi-su/2026-11-02-html.md:12:",
        "warning: link `javascript:alert(3)`",
    );
    let page = h.read("thoi-su/html/index.html");
    assert!(
        page.contains("<span class=\"nhan\">nhấn</span>"),
        "raw HTML is allowed in bodies"
    );

    let h = Hostile::new();
    h.write(
        "loa.yaml",
        "title: Báo Thử\nbase_url: https://example.vn/bao/\nmarkdown: { safe: true }\n",
    );
    h.write(
        "content/thoi-su/2026-11-02-html.md",
        format!("---\ntitle: HTML thô\ndate: 2026-11-02\n---\n\n{body}"),
    );
    h.build().ok("markdown.safe");
    for (path, text) in h.outputs() {
        if path.ends_with(".html") || path.ends_with(".xml") || path.ends_with(".json") {
            assert!(
                !text.contains("<span class=\"nhan\">"),
                "{path}: raw HTML kept with safe: true"
            );
            assert!(
                !text.contains("alert(1)</script>") || !text.contains("<script>alert(1)"),
                "{path}: script kept with safe: true"
            );
            assert!(
                !text.contains("onclick=\"alert(2)\""),
                "{path}: handler kept with safe: true"
            );
            assert!(
                !text.contains("href=\"javascript:"),
                "{path}: javascript: link with safe: true"
            );
        }
    }
    assert_contained(&h);
}
