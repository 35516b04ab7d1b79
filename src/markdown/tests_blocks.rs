//! Tests of block features: code, safe mode, GFM, robustness, the
//! stylesheet, and an ignored timing run.

use super::tests::{all, attr, doc, render_with, text_of};
use super::*;
use scraper::Html;

#[test]
fn rust_and_yaml_are_highlighted_with_classes() {
    for (lang, code) in [
        ("rust", "fn main() {\n    let x = \"<b>\";\n}\n"),
        ("yaml", "ten: Lào Cai\nso: 3\n"),
    ] {
        let md = format!("```{lang}\n{code}```\n");
        let r = render(&md, &Options::default());
        let d = Html::parse_fragment(&r.html);
        let pre = all(&d, "pre.hl-code > code");
        assert_eq!(pre.len(), 1, "{}", r.html);
        assert_eq!(
            attr(&pre[0], "class"),
            Some(format!("language-{lang}").as_str())
        );
        let spans = all(&d, "pre.hl-code span");
        assert!(!spans.is_empty());
        assert!(spans
            .iter()
            .all(|s| attr(s, "class").unwrap().starts_with("hl-")));
        assert!(!r.html.contains("style="), "{}", r.html);
        assert_eq!(text_of(&pre[0]), code);
        assert_eq!(r.text, code.trim_end());
    }
    // Info strings with extras, and case.
    let d = doc("```Rust,ignore\nfn a() {}\n```\n");
    assert_eq!(all(&d, "pre.hl-code").len(), 1);
}

#[test]
fn unknown_language_and_indented_code_are_plain() {
    for md in [
        "```klingon\n<b>x</b> & y\n```\n",
        "    <b>x</b> & y\n",
        "```\n<b>x</b> & y\n```\n",
        "```text\n<b>x</b> & y\n```\n",
    ] {
        let r = render(md, &Options::default());
        let d = Html::parse_fragment(&r.html);
        let code = all(&d, "pre > code");
        assert_eq!(code.len(), 1, "{md:?}");
        assert!(all(&d, "pre span, pre.hl-code").is_empty(), "{}", r.html);
        assert_eq!(text_of(&code[0]), "<b>x</b> & y\n");
        assert!(r.html.contains("&lt;b&gt;x&lt;/b&gt; &amp; y"));
    }
    assert!(render("```klingon\nx\n```", &Options::default())
        .html
        .contains("class=\"language-klingon\""));
}

#[test]
fn safe_mode_drops_raw_html() {
    let md = "<script>alert(1)</script>\n\nĐoạn <b onclick=\"x()\">đậm</b> <script>alert(2)</script>.\n\n<div>\n<script>alert(3)</script>\n</div>\n\n[x](javascript:alert(4)) [y](JaVa\tScRiPt:alert(5)) ![z](javascript:alert(6)) [ok](/a)\n";
    let safe = render_with(md, "/", true);
    assert!(!safe.html.contains("<script"), "{}", safe.html);
    assert!(!safe.html.contains("onclick"), "{}", safe.html);
    assert!(!safe.html.contains("<div"), "{}", safe.html);
    assert!(
        !safe.html.to_lowercase().contains("javascript:"),
        "{}",
        safe.html
    );
    let d = Html::parse_fragment(&safe.html);
    assert_eq!(all(&d, "a[href]").len(), 1);
    assert_eq!(text_of(&all(&d, "p")[0]), "Đoạn đậm alert(2).");
    let raw = render_with(md, "/", false);
    assert!(raw.html.contains("<script>alert(1)</script>"));
    assert!(raw.html.contains("<b onclick=\"x()\">"));
    // Raw HTML never reaches the plain text.
    assert!(!raw.text.contains("<script>"));
}

#[test]
fn gfm_extensions_and_smart_punctuation() {
    let md = "| Đơn vị | Số |\n|---|--:|\n| Báo Lào Cai | 5 |\n\n~~cũ~~ mới\n\n- [x] xong\n- [ ] chưa\n\n\"Thi đua\" là 'yêu nước' -- và...\n\n> [!NOTE]\n> Ghi chú.\n";
    let r = render(md, &Options::default());
    let d = Html::parse_fragment(&r.html);
    assert_eq!(all(&d, "table thead th").len(), 2);
    assert_eq!(text_of(&all(&d, "table tbody td")[0]), "Báo Lào Cai");
    assert_eq!(text_of(&all(&d, "del")[0]), "cũ");
    let boxes = all(&d, "li > input[type=checkbox]");
    assert_eq!(boxes.len(), 2);
    assert!(attr(&boxes[0], "checked").is_some() && attr(&boxes[1], "checked").is_none());
    assert!(
        r.html.contains("“Thi đua” là ‘yêu nước’ – và…"),
        "{}",
        r.html
    );
    assert_eq!(all(&d, "blockquote.markdown-alert-note").len(), 1);
    assert!(r.text.contains("Báo Lào Cai\t5"));
}

#[test]
fn hostile_input_does_not_panic() {
    let deep_quotes = ">".repeat(50_000) + " x\n";
    let deep_lists: String = (0..5_000)
        .map(|i| format!("{}- a\n", "  ".repeat(i)))
        .collect();
    let deep_brackets = "[".repeat(20_000) + &"]".repeat(20_000);
    let huge_line = "Thi đua *yêu nước* [a](/b) ".repeat(400_000); // ~10 MB
    let nul = "a\0b\n\n# \0\n\n```rust\n\0\n```\n![\0](\0)\n";
    let emphasis = "*a **b _c __d ***e* ~~f ~g `h ``i [j](k ![l](m\n".repeat(100);
    let footnotes = "[^a]: [^a] [^b]\n[^b]: [^a]\n\n[^a]: again\n\nx[^a][^b][^c]\n";
    let headings = "#\n\n# #\n\n## {#}\n\n## {#fn-1}\n\nx[^1]\n\n[^1]: y\n".repeat(50);
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let alphabet: Vec<char> = "*_`[]()!<>#-+|:~^\\\"' \n\tađ1{}".chars().collect();
    let random: String = (0..200_000)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            alphabet[(seed % alphabet.len() as u64) as usize]
        })
        .collect();
    for md in [
        &deep_quotes,
        &deep_lists,
        &deep_brackets,
        nul,
        &emphasis,
        footnotes,
        &headings,
        &random,
    ] {
        for safe in [false, true] {
            let r = render_with(md, "/bao/", safe);
            let _ = summarize(&r.text, 300);
            let _ = summarize(&r.first_paragraph, 300);
        }
    }
    let r = render(&huge_line, &Options::default());
    let summary = summarize(&r.text, 300);
    assert!(
        summary.ends_with("yêu…") && summary.chars().count() <= 301,
        "{summary}"
    );
    assert_eq!(r.links.len(), 400_000);
    assert!(r.links.iter().all(|l| l.line == 1));
}

#[test]
fn big_code_blocks_fall_back_to_plain() {
    let long_line = format!("```rust\nlet s = \"{}\";\n```\n", "x".repeat(100_000));
    let r = render(&long_line, &Options::default());
    assert!(r.html.starts_with("<pre><code class=\"language-rust\">"));
}

/// Regenerates `themes/cong/static/css/syntax.css` when
/// `LOA_WRITE_SYNTAX_CSS=1`; otherwise checks it matches syntect's output.
#[test]
fn syntax_css_is_up_to_date() {
    use syntect::highlighting::ThemeSet;
    let themes = ThemeSet::load_defaults();
    let theme = &themes.themes["InspiredGitHub"];
    let css = syntect::html::css_for_theme_with_class_style(theme, highlight::CLASS_STYLE).unwrap();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/cong/static/css/syntax.css"
    );
    if std::env::var_os("LOA_WRITE_SYNTAX_CSS").is_some() {
        std::fs::write(path, &css).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        committed, css,
        "run with LOA_WRITE_SYNTAX_CSS=1 to regenerate {path}"
    );
    assert!(css.contains(".hl-code {") && css.contains(".hl-keyword"));
}

/// A typical 600-word article with a figure and a code block.
pub(super) fn sample_article() -> String {
    let sentence = "Sáng 10/6, Ủy ban nhân dân tỉnh Lào Cai tổ chức hội nghị tổng kết phong trào thi đua \"Cả nước chung sức xây dựng nông thôn mới\" giai đoạn 2021–2025 với sự tham dự của đại diện [các sở, ban, ngành](/don-vi/) và **Báo Lào Cai**.";
    let para = [sentence; 3].join(" ");
    let mut md = String::new();
    md.push_str(&para);
    md.push_str("\n\n![Quang cảnh hội nghị](/uploads/2025/06/hoi-nghi.jpg)\n\n*Quang cảnh hội nghị. (Ảnh: Phạm Bằng)*\n\n## Kết quả nổi bật\n\n");
    for _ in 0..2 {
        md.push_str(&para);
        md.push_str("[^1]\n\n");
    }
    md.push_str("```yaml\ntieu_de: Hội nghị tổng kết\nngay: 2025-06-10\ndon_vi:\n  - Báo Lào Cai\n  - Ban Tổ chức Tỉnh ủy\n```\n\n## Phương hướng\n\n");
    md.push_str(&para);
    md.push_str("\n\nNguồn: Kiều Thu, [Báo Lào Cai điện tử](https://baolaocai.vn)\n\n[^1]: Theo Quyết định số 163/QĐ-UBND.\n");
    md
}

/// `cargo test --release -- --ignored --nocapture timing`
#[test]
#[ignore]
fn timing_10000_articles() {
    let md = sample_article();
    let words = render(&md, &Options::default())
        .text
        .split_whitespace()
        .count();
    let opts = Options {
        base_path: "/bao/",
        safe: true,
    };
    let _ = render(&md, &opts); // syntax set loaded once, outside the timing
    let time = |label: &str, f: &dyn Fn() -> usize| {
        let start = std::time::Instant::now();
        let bytes: usize = (0..10_000).map(|_| std::hint::black_box(f())).sum();
        let ms = start.elapsed().as_millis();
        println!("{label}: {ms} ms for 10000 ({bytes} bytes of HTML)");
    };
    time(
        &format!("{words}-word article, figure, YAML block"),
        &|| render(&md, &opts).html.len(),
    );
    let no_code = md.replace("```yaml", "```klingon");
    time("same, code block not highlighted", &|| {
        render(&no_code, &opts).html.len()
    });
    time("bare pulldown-cmark push_html, for comparison", &|| {
        let mut html = String::new();
        let events = pulldown_cmark::Parser::new_ext(&no_code, parser_options());
        pulldown_cmark::html::push_html(&mut html, events);
        html.len()
    });
}
