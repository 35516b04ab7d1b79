//! Tests of inline features: ids, footnotes, figures, links, text.

use super::*;
use scraper::{ElementRef, Html, Selector};

pub(super) fn render_with(md: &str, base_path: &str, safe: bool) -> Rendered {
    render(md, &Options { base_path, safe })
}

pub(super) fn doc(md: &str) -> Html {
    Html::parse_fragment(&render(md, &Options::default()).html)
}

pub(super) fn all<'d>(doc: &'d Html, css: &str) -> Vec<ElementRef<'d>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

pub(super) fn attr<'d>(el: &ElementRef<'d>, name: &str) -> Option<&'d str> {
    el.value().attr(name)
}

pub(super) fn text_of(el: &ElementRef) -> String {
    el.text().collect::<String>()
}

#[test]
fn heading_ids_are_vietnamese_slugs_deduplicated() {
    let md = "## Đại biểu dự\n\ntext\n\n## Đại biểu dự\n\n### Đại biểu dự\n\n# Phát động Phong trào thi đua\n";
    let r = render(md, &Options::default());
    let d = Html::parse_fragment(&r.html);
    let ids: Vec<_> = all(&d, "h1, h2, h3")
        .iter()
        .map(|h| attr(h, "id").unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        [
            "dai-bieu-du",
            "dai-bieu-du-2",
            "dai-bieu-du-3",
            "phat-dong-phong-trao-thi-dua"
        ]
    );
    let toc: Vec<_> = r
        .toc
        .iter()
        .map(|h| (h.level, h.id.as_str(), h.title.as_str()))
        .collect();
    assert_eq!(
        toc,
        [
            (2, "dai-bieu-du", "Đại biểu dự"),
            (2, "dai-bieu-du-2", "Đại biểu dự"),
            (3, "dai-bieu-du-3", "Đại biểu dự"),
            (
                1,
                "phat-dong-phong-trao-thi-dua",
                "Phát động Phong trào thi đua"
            ),
        ]
    );
}

#[test]
fn heading_attributes_and_fallbacks() {
    let md = "## Mục riêng {#rieng .noi-bat}\n\n## Khác {#rieng}\n\n## !!!\n\n## A *b* `c`\n\n## A b c\n";
    let r = render(md, &Options::default());
    let d = Html::parse_fragment(&r.html);
    let hs = all(&d, "h2");
    assert_eq!(attr(&hs[0], "id"), Some("rieng"));
    assert_eq!(attr(&hs[0], "class"), Some("noi-bat"));
    assert_eq!(attr(&hs[1], "id"), Some("rieng-2"));
    assert_eq!(attr(&hs[2], "id"), Some("muc"));
    assert_eq!(attr(&hs[3], "id"), Some("a-b-c"));
    assert_eq!(r.toc[3].title, "A b c");
    assert_eq!(attr(&hs[4], "id"), Some("a-b-c-2"));
    // Custom attributes other than id and classes are not rendered.
    let r = render("## T {onclick=alert(1)}\n", &Options::default());
    assert!(!r.html.contains("onclick"), "{}", r.html);
}

#[test]
fn footnotes_get_numbered_ids_and_back_references() {
    let md = "# FN 1\n\nMột[^nguon] hai[^b] ba[^Nguon].\n\n[^nguon]: Báo Lào Cai.\n[^b]: Khác.\n";
    let r = render(md, &Options::default());
    let d = Html::parse_fragment(&r.html);
    let refs = all(&d, "sup.footnote-ref a");
    let got: Vec<_> = refs
        .iter()
        .map(|a| (attr(a, "href").unwrap(), attr(a, "id").unwrap(), text_of(a)))
        .collect();
    assert_eq!(
        got,
        [
            ("#fn-1", "fnref-1", "1".to_string()),
            ("#fn-2", "fnref-2", "2".into()),
            ("#fn-1", "fnref-1-2", "1".into())
        ]
    );
    let items = all(&d, "section.footnotes ol li");
    assert_eq!(items.len(), 2);
    assert_eq!(attr(&items[0], "id"), Some("fn-1"));
    assert!(text_of(&items[0]).contains("Báo Lào Cai."));
    let back: Vec<_> = items[0]
        .select(&Selector::parse("a.footnote-backref").unwrap())
        .map(|a| attr(&a, "href").unwrap())
        .collect();
    assert_eq!(back, ["#fnref-1", "#fnref-1-2"]);
    // The back-references sit inside the note's last paragraph.
    assert_eq!(all(&d, "li#fn-2 p a.footnote-backref").len(), 1);
    // The heading "FN 1" does not take the footnote's id.
    assert_eq!(attr(&all(&d, "h1")[0], "id"), Some("fn-1-2"));
    let mut ids: Vec<_> = all(&d, "[id]")
        .iter()
        .map(|e| attr(e, "id").unwrap())
        .collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "ids must be unique");
    // Definitions are not left in place and the section comes last.
    assert!(r.html.trim_end().ends_with("</section>"));
    assert_eq!(
        all(&d, "p")
            .iter()
            .filter(|p| text_of(p).contains("Báo Lào Cai"))
            .count(),
        1
    );
}

#[test]
fn undefined_footnote_stays_text() {
    let r = render("Xem [^khong].\n", &Options::default());
    assert!(r.html.contains("[^khong]"));
    assert!(!r.html.contains("footnotes"));
}

fn figure_parts(md: &str) -> (String, String, Option<String>, usize) {
    let d = doc(md);
    let figs = all(&d, "figure");
    assert_eq!(figs.len(), 1, "one figure in {md:?}");
    let img = all(&d, "figure > img, figure > a > img")[0];
    assert_eq!(attr(&img, "loading"), Some("lazy"));
    let cap = all(&d, "figure > figcaption").first().map(text_of);
    let ps = all(&d, "p").len();
    (
        attr(&img, "src").unwrap().to_string(),
        attr(&img, "alt").unwrap().to_string(),
        cap,
        ps,
    )
}

#[test]
fn figure_caption_from_title() {
    let (src, alt, cap, ps) = figure_parts("![Quang cảnh](a.jpg \"Quang cảnh hội nghị.\")\n");
    assert_eq!((src.as_str(), alt.as_str(), ps), ("a.jpg", "Quang cảnh", 0));
    assert_eq!(cap.as_deref(), Some("Quang cảnh hội nghị."));
    // The title became the caption, so it is not repeated as a tooltip.
    assert!(!render("![a](a.jpg \"T\")", &Options::default())
        .html
        .contains("title="));
}

#[test]
fn figure_caption_from_emphasised_line_same_paragraph() {
    let md = "![Quang cảnh](a.jpg)\n*Quang cảnh hội nghị. (Ảnh: Phạm Bằng)*\n";
    let (_, _, cap, ps) = figure_parts(md);
    assert_eq!(
        cap.as_deref(),
        Some("Quang cảnh hội nghị. (Ảnh: Phạm Bằng)")
    );
    assert_eq!(ps, 0);
    // Also after a hard break, and it wins over the title (kept as title).
    let r = render(
        "![a](a.jpg \"Tiêu đề\")\\\n_Chú thích_\n",
        &Options::default(),
    );
    let d = Html::parse_fragment(&r.html);
    assert_eq!(text_of(&all(&d, "figcaption")[0]), "Chú thích");
    assert_eq!(attr(&all(&d, "img")[0], "title"), Some("Tiêu đề"));
}

#[test]
fn figure_caption_from_next_paragraph_is_consumed() {
    let md = "Mở đầu.\n\n![Quang cảnh](a.jpg)\n\n*Quang cảnh hội nghị. (Ảnh: [Phạm Bằng](https://baolaocai.vn))*\n\nĐoạn sau.\n";
    let r = render(md, &Options::default());
    let d = Html::parse_fragment(&r.html);
    let cap = all(&d, "figure > figcaption");
    assert_eq!(text_of(&cap[0]), "Quang cảnh hội nghị. (Ảnh: Phạm Bằng)");
    assert_eq!(all(&d, "figcaption a[rel=noopener]").len(), 1);
    let ps: Vec<_> = all(&d, "p").iter().map(text_of).collect();
    assert_eq!(ps, ["Mở đầu.", "Đoạn sau."]);
    assert!(all(&d, "em").is_empty());
    assert_eq!(
        r.text,
        "Mở đầu.\nQuang cảnh hội nghị. (Ảnh: Phạm Bằng)\nĐoạn sau."
    );
    assert_eq!(r.links.len(), 1);
}

#[test]
fn figure_without_caption_and_non_caption_neighbours() {
    // Next paragraph only partly emphasised: not a caption.
    let md = "![Ảnh](a.jpg)\n\n*Quang cảnh* hội nghị.\n";
    let (_, _, cap, ps) = figure_parts(md);
    assert_eq!((cap, ps), (None, 1));
    // A title wins over the next paragraph, which stays a paragraph.
    let (_, _, cap, ps) = figure_parts("![Ảnh](a.jpg \"Tiêu đề\")\n\n*Nhấn mạnh*\n");
    assert_eq!((cap.as_deref(), ps), (Some("Tiêu đề"), 1));
    // A linked photo is a figure too.
    let d = doc("[![Ảnh lớn](a.jpg)](/uploads/a-lon.jpg)\n*Chú thích*\n");
    assert_eq!(all(&d, "figure > a > img").len(), 1);
    assert_eq!(text_of(&all(&d, "figcaption")[0]), "Chú thích");
}

#[test]
fn images_not_alone_stay_inline_with_escaped_alt() {
    let md = "Biểu tượng ![a &quot;b&quot; &lt;c&gt; & d](x.png) giữa câu.\n\n![Một](1.jpg) ![Hai](2.jpg)\n\n![Ảnh](a.jpg)\nkhông nghiêng\n";
    let r = render(md, &Options::default());
    let d = Html::parse_fragment(&r.html);
    assert!(all(&d, "figure").is_empty(), "{}", r.html);
    let imgs = all(&d, "p > img");
    assert_eq!(imgs.len(), 4);
    assert_eq!(attr(&imgs[0], "alt"), Some("a \"b\" <c> & d"));
    assert!(r.html.contains("alt=\"a &quot;b&quot; &lt;c&gt; &amp; d\""));
    assert!(imgs.iter().all(|i| attr(i, "loading") == Some("lazy")));
    assert_eq!(r.images.len(), 4);
    assert_eq!(r.images[0].alt, "a \"b\" <c> & d");
}

#[test]
fn external_links_get_noopener_only() {
    let md = "[a](https://chinhphu.vn/x) [b](HTTP://X.VN) [c](//cdn.vn/a) [d](/tin/a) [e](tin/b) [f](#muc) <https://a.vn> <thu@laocai.gov.vn>\n";
    let d = doc(md);
    let rels: Vec<_> = all(&d, "a").iter().map(|a| attr(a, "rel")).collect();
    assert_eq!(
        rels,
        [
            Some("noopener"),
            Some("noopener"),
            Some("noopener"),
            None,
            None,
            None,
            Some("noopener"),
            None
        ]
    );
    assert!(all(&d, "a[target]").is_empty());
    assert_eq!(
        attr(&all(&d, "a")[7], "href"),
        Some("mailto:thu@laocai.gov.vn")
    );
}

#[test]
fn base_path_applies_to_site_absolute_urls_only() {
    let md = "[a](/uploads/kh.pdf) [b](//cdn.vn/x.jpg) [c](tep.pdf) [d](/)\n\n![x](/uploads/a.jpg) ![y](//cdn.vn/b.jpg) ![z](anh/c.jpg)\n";
    let r = render_with(md, "/bao/", false);
    let d = Html::parse_fragment(&r.html);
    let hrefs: Vec<_> = all(&d, "a")
        .iter()
        .map(|a| attr(a, "href").unwrap())
        .collect();
    assert_eq!(
        hrefs,
        ["/bao/uploads/kh.pdf", "//cdn.vn/x.jpg", "tep.pdf", "/bao/"]
    );
    let srcs: Vec<_> = all(&d, "img")
        .iter()
        .map(|i| attr(i, "src").unwrap())
        .collect();
    assert_eq!(srcs, ["/bao/uploads/a.jpg", "//cdn.vn/b.jpg", "anh/c.jpg"]);
    // Reported URLs are as written.
    assert_eq!(r.links[0].url, "/uploads/kh.pdf");
    assert_eq!(r.images[0].src, "/uploads/a.jpg");
    for base in ["/", ""] {
        let d = Html::parse_fragment(&render_with(md, base, false).html);
        assert_eq!(attr(&all(&d, "a")[0], "href"), Some("/uploads/kh.pdf"));
        assert_eq!(attr(&all(&d, "img")[0], "src"), Some("/uploads/a.jpg"));
    }
    let d = Html::parse_fragment(&render_with("![x](/a.jpg)", "/bao", false).html);
    assert_eq!(attr(&all(&d, "img")[0], "src"), Some("/bao/a.jpg"));
}

#[test]
fn link_and_image_lines() {
    let md = "# Tiêu đề\n\nDòng [một](a.html)\nvà [hai][ref].\n\n![Ảnh](b.jpg)\n*Chú thích [ba](c.html)*\n\n[ref]: /d.html\n";
    let r = render(md, &Options::default());
    let links: Vec<_> = r.links.iter().map(|l| (l.url.as_str(), l.line)).collect();
    assert_eq!(links, [("a.html", 3), ("/d.html", 4), ("c.html", 7)]);
    assert_eq!(
        r.images,
        [Image {
            src: "b.jpg".into(),
            alt: "Ảnh".into(),
            line: 6
        }]
    );
    let crlf = render("a\r\n\r\n[x](y)\r\n", &Options::default());
    assert_eq!(crlf.links[0].line, 3);
    let cr = render("a\r\r[x](y)\r[z](w)", &Options::default());
    let lines: Vec<_> = cr.links.iter().map(|l| l.line).collect();
    assert_eq!(lines, [3, 4]);
}

#[test]
fn text_and_first_paragraph() {
    let md = "# Tiêu đề\n\n![Ảnh](a.jpg)\n\n*Chú thích ảnh*\n\n> Trích dẫn\n\nSáng 10/6, UBND tỉnh\ntổ chức **hội nghị**.\n\n- một\n- hai\n\nĐoạn cuối.\n";
    let r = render(md, &Options::default());
    assert_eq!(r.first_paragraph, "Sáng 10/6, UBND tỉnh tổ chức hội nghị.");
    assert_eq!(
        r.text,
        "Tiêu đề\nChú thích ảnh\nTrích dẫn\nSáng 10/6, UBND tỉnh tổ chức hội nghị.\nmột\nhai\nĐoạn cuối."
    );
    assert_eq!(render("", &Options::default()), Rendered::default());
    assert_eq!(
        render("# Chỉ tiêu đề\n", &Options::default()).first_paragraph,
        ""
    );
}

#[test]
fn summarize_cuts_on_word_boundary() {
    assert_eq!(summarize("Phong trào thi đua", 100), "Phong trào thi đua");
    assert_eq!(summarize("Phong trào thi đua", 12), "Phong trào…");
    // Exactly at the end of a word.
    assert_eq!(summarize("Phong trào thi đua", 10), "Phong trào…");
    // Characters, not bytes: "Đảng ủy" is 7 characters, 11 bytes.
    assert_eq!(summarize("Đảng ủy tỉnh", 7), "Đảng ủy…");
    assert_eq!(summarize("Đảng ủy tỉnh", 8), "Đảng ủy…");
    // Dangling punctuation goes before the ellipsis; whitespace collapses.
    assert_eq!(
        summarize("Lào Cai,\n  Lai Châu và Lạng Sơn", 10),
        "Lào Cai…"
    );
    assert_eq!(summarize("  Lào\n\nCai  ", 50), "Lào Cai");
    // One word longer than the limit is cut inside.
    assert_eq!(summarize("Siêudàikhôngcókhoảngtrắng", 5), "Siêud…");
    assert_eq!(summarize("abc", 0), "");
    let long = "chữ ".repeat(200);
    let s = summarize(&long, 300);
    assert!(s.ends_with('…') && s.chars().count() <= 301, "{s}");
    assert!(s.trim_end_matches('…').split(' ').all(|w| w == "chữ"));
}

#[test]
fn non_ascii_link_and_image_paths_are_percent_encoded() {
    // Regression: escape_href sliced a str inside a multi-byte letter and panicked.
    let d = doc("![Lúa chín](lúa-chín.png)\n\nXem [tệp](</tài liệu/kế hoạch.pdf>) và [ỉ](ỉ)\n");
    let img = all(&d, "img");
    assert_eq!(attr(&img[0], "src"), Some("l%C3%BAa-ch%C3%ADn.png"));
    let links: Vec<_> = all(&d, "a")
        .iter()
        .filter_map(|a| attr(a, "href"))
        .collect();
    assert_eq!(
        links,
        [
            "/t%C3%A0i%20li%E1%BB%87u/k%E1%BA%BF%20ho%E1%BA%A1ch.pdf",
            "%E1%BB%89"
        ]
    );
}
