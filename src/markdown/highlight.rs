//! Code blocks: syntect highlighting with CSS classes (`hl-` prefix, see
//! `themes/cong/static/css/syntax.css`), never inline styles.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::url::escape_html;

/// The class style shared by the HTML and the generated stylesheet.
pub(super) const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Blocks bigger than this are not highlighted (shown plain): syntect's
/// regex engine can take very long on huge or pathological input.
const MAX_HIGHLIGHT_BYTES: usize = 256 * 1024;
const MAX_HIGHLIGHT_LINE: usize = 16 * 1024;

/// The default syntaxes, loaded once per process.
pub(super) fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The language of a fenced block's info string: "rust", "rust,ignore",
/// "yaml {.class}" → "rust", "rust", "yaml".
pub(super) fn language(info: &str) -> &str {
    info.trim()
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .next()
        .unwrap_or("")
}

/// Writes a code block: `<pre class="hl-code"><code class="language-x">`
/// with class spans when the language is known to syntect, else the code
/// escaped in `<pre><code>`.
pub(super) fn code_block(lang: &str, code: &str, out: &mut String) {
    match highlight(lang, code) {
        Some(spans) => {
            out.push_str("<pre class=\"hl-code\"><code class=\"language-");
            escape_html(lang, out);
            out.push_str("\">");
            out.push_str(&spans);
        }
        None => {
            out.push_str("<pre><code");
            if !lang.is_empty() {
                out.push_str(" class=\"language-");
                escape_html(lang, out);
                out.push('"');
            }
            out.push('>');
            escape_html(code, out);
        }
    }
    out.push_str("</code></pre>\n");
}

fn highlight(lang: &str, code: &str) -> Option<String> {
    if lang.is_empty() || code.len() > MAX_HIGHLIGHT_BYTES {
        return None;
    }
    if code.split('\n').any(|line| line.len() > MAX_HIGHLIGHT_LINE) {
        return None;
    }
    let set = syntax_set();
    let syntax = set.find_syntax_by_token(lang)?;
    if syntax.name == "Plain Text" {
        return None;
    }
    // syntect is third-party regex machinery: a bug there must cost one
    // article its colours, not the whole build.
    catch_unwind(AssertUnwindSafe(|| {
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .ok()?;
        }
        Some(generator.finalize())
    }))
    .ok()
    .flatten()
}
