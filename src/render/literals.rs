//! Template calls whose arguments are literals, written out when the
//! templates load; and the `icon` function's markup.
//!
//! A Tera function call builds its arguments' map (twice over) and looks
//! each argument up by hash: about 0.7 µs, and an article page of the
//! built-in theme draws five icons (its date and its share bar), a tenth of
//! the page template's time; each filter call costs a fraction of that, and
//! `base.html` puts five `'/css/…' | url` on every page. Both print the same
//! text on every page, so loa writes that text into the template before Tera
//! compiles it. Only these exact forms are replaced, a print tag holding
//! nothing else, on one line, with no whitespace control:
//!
//! - `{{ icon(name="print", size=18) }}`: a literal `name` (letters, digits,
//!   `-`) and an optional literal `size`;
//! - `{{ '/css/cong.css' | url }}`: a string literal and the `url` filter,
//!   when the result holds no character that HTML escaping would change.
//!
//! Calls in `raw` blocks, comments and other tags, and every other call, are
//! left to Tera at render time. The output is the same either way.

/// Writes out the literal calls of templates for one site.
pub struct Literals {
    base_path: String,
    sprite: String,
}

impl Literals {
    pub fn new(base_path: &str) -> Literals {
        Literals {
            base_path: base_path.to_string(),
            sprite: sprite(base_path),
        }
    }

    /// `template` with its literal calls replaced by what they print, or
    /// `None` when it has none.
    pub fn inline(&self, template: &str) -> Option<String> {
        inline_print_tags(template, |inside| self.print(inside))
    }

    /// What the print tag whose inside is `inside` prints, when it is one of
    /// the literal calls.
    fn print(&self, inside: &str) -> Option<String> {
        if inside.contains('\n') {
            return None;
        }
        let expr = inside.trim_matches([' ', '\t']);
        if let Some(args) = expr.strip_prefix("icon(") {
            // A safe string: printed as it is.
            let svg = icon_call(&self.sprite, args.strip_suffix(')')?)?;
            return (!svg.contains(['{', '}'])).then_some(svg);
        }
        // A plain string, escaped when printed: only text that escaping
        // leaves alone.
        let url = crate::config::prefix_base(&self.base_path, url_call(expr)?);
        (!url.contains(['&', '<', '>', '"', '\'', '{', '}'])).then_some(url)
    }
}

/// The sprite's URL under the site's base path.
pub fn sprite(base_path: &str) -> String {
    crate::config::prefix_base(base_path, "/img/icons.svg")
}

/// `<svg class="icon icon-NAME" …><use href="SPRITE#NAME"></use></svg>`.
pub fn markup(sprite: &str, name: &str, size: i64) -> String {
    // Pieces pushed into an exact-size string: `format!` costs several
    // times more.
    let size = size.to_string();
    let parts: [&str; 11] = [
        "<svg class=\"icon icon-",
        name,
        "\" width=\"",
        &size,
        "\" height=\"",
        &size,
        "\" aria-hidden=\"true\" focusable=\"false\"><use href=\"",
        sprite,
        "#",
        name,
        "\"></use></svg>",
    ];
    parts.concat()
}

/// Whether `name` may name a symbol of the sprite.
pub fn is_symbol_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Default `size` of `icon()`.
pub const DEFAULT_SIZE: i64 = 20;

/// `template` with each print tag (outside `raw` blocks, comments and other
/// tags) that `print` knows replaced by what it returns for the tag's inside.
fn inline_print_tags(template: &str, print: impl Fn(&str) -> Option<String>) -> Option<String> {
    let b = template.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'{', &b[i..]) {
        let at = i + k;
        match b.get(at + 1) {
            Some(b'#') => match find(template, at + 2, "#}") {
                Some(end) => i = end + 2,
                None => break,
            },
            Some(b'%') => {
                let Some(end) = tag_end(b, at + 2, b"%}") else {
                    break;
                };
                i = end + 2;
                if is_tag(&template[at + 2..end], "raw") {
                    match end_of_raw(template, i) {
                        Some(after) => i = after,
                        None => break,
                    }
                }
            }
            Some(b'{') => {
                let Some(end) = tag_end(b, at + 2, b"}}") else {
                    break;
                };
                if let Some(text) = print(&template[at + 2..end]) {
                    out.push_str(&template[copied..at]);
                    out.push_str(&text);
                    copied = end + 2;
                }
                i = end + 2;
            }
            _ => i = at + 1,
        }
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&template[copied..]);
    Some(out)
}

fn find(s: &str, from: usize, what: &str) -> Option<usize> {
    memchr::memmem::find(&s.as_bytes()[from..], what.as_bytes()).map(|k| from + k)
}

/// Where the tag that began before `from` closes with `close`, outside
/// string literals.
fn tag_end(b: &[u8], from: usize, close: &[u8; 2]) -> Option<usize> {
    let mut quote = None;
    let mut i = from;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, b'"' | b'\'' | b'`') => quote = Some(c),
            None if c == close[0] && b.get(i + 1) == Some(&close[1]) => return Some(i),
            None => {}
        }
        i += 1;
    }
    None
}

/// Whether a `{% … %}` tag's inside is the bare keyword `word`.
fn is_tag(inside: &str, word: &str) -> bool {
    inside.trim_matches(|c: char| c == '-' || c.is_whitespace()) == word
}

/// The end of the `{% endraw %}` tag after `from`.
fn end_of_raw(template: &str, from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        let at = find(template, i, "{%")?;
        let end = find(template, at + 2, "%}")?;
        if is_tag(&template[at + 2..end], "endraw") {
            return Some(end + 2);
        }
        i = end + 2;
    }
}

/// The markup of `icon(ARGS)` given `ARGS`, when they are literals.
fn icon_call(sprite: &str, args: &str) -> Option<String> {
    let (mut name, mut size) = (None, None);
    for arg in args.split(',') {
        let (key, value) = arg.split_once('=')?;
        let value = value.trim_matches([' ', '\t']);
        match key.trim_matches([' ', '\t']) {
            "name" if name.is_none() => {
                name = Some(string_literal(value)?).filter(|n| is_symbol_name(n));
                name?;
            }
            "size" if size.is_none() => {
                let plain = value == "0"
                    || (!value.starts_with('0') && value.bytes().all(|b| b.is_ascii_digit()));
                size = Some(value.parse::<i64>().ok().filter(|_| plain)?);
            }
            _ => return None,
        }
    }
    Some(markup(sprite, name?, size.unwrap_or(DEFAULT_SIZE)))
}

/// `PATH` of `'PATH' | url`.
fn url_call(expr: &str) -> Option<&str> {
    let (value, filter) = expr.split_once('|')?;
    (filter.trim_matches([' ', '\t']) == "url")
        .then(|| string_literal(value.trim_matches([' ', '\t'])))
        .flatten()
}

/// The text of a `"…"` or `'…'` literal without escapes.
fn string_literal(value: &str) -> Option<&str> {
    let q = value.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let inner = value.strip_prefix(q)?.strip_suffix(q)?;
    (!inner.contains([q, '\\'])).then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literals() -> Literals {
        Literals::new("/bao/")
    }

    fn svg(name: &str, size: i64) -> String {
        markup("/bao/img/icons.svg", name, size)
    }

    #[test]
    fn literal_calls_are_written_out() {
        let t = "<p>{{ icon(name=\"print\", size=18) }} In</p>{{icon(name='menu')}}";
        assert_eq!(
            literals().inline(t).unwrap(),
            format!("<p>{} In</p>{}", svg("print", 18), svg("menu", 20))
        );
        let t = "{{ icon( size=16 , name=\"flag\" ) }}";
        assert_eq!(literals().inline(t).unwrap(), svg("flag", 16));
        let t = "<link href=\"{{ '/css/cong.css' | url }}\"><a href=\"{{\"/luu-tru/\"|url}}\">";
        assert_eq!(
            literals().inline(t).unwrap(),
            "<link href=\"/bao/css/cong.css\"><a href=\"/bao/luu-tru/\">"
        );
        assert_eq!(
            Literals::new("/").inline("{{ '/a.css' | url }}").unwrap(),
            "/a.css"
        );
    }

    #[test]
    fn other_calls_are_left_to_tera() {
        for t in [
            "{{ icon(name=n, size=18) }}",
            "{{ icon(name=\"a b\") }}",
            "{{ icon(name=\"\") }}",
            "{{ icon(name=\"x\", size=s) }}",
            "{{ icon(name=\"x\", size=-3) }}",
            "{{ icon(name=\"x\", size=018) }}",
            "{{ icon(name=\"x\", size=18, extra=1) }}",
            "{{ icon(name=\"x\", name=\"y\") }}",
            "{{ icon(name=\"x\") | upper }}",
            "{{- icon(name=\"x\") }}",
            "{{ icon(name=\"x\") -}}",
            "{{ icon(name=\"x\",\n size=18) }}",
            "{{ icon() }}",
            "{{ icon(name=\"x\" ) ~ icon(name=\"y\") }}",
            "{{ '/a' | url | upper }}",
            "{{ x | url }}",
            "{{ '/a' | permalink }}",
            "{{ '/a' ~ '/b' | url }}",
            "{{ 'a|b' | url }}",
            "{{ '/a&b' | url }}",
            "{{ '/a\"b' | url }}",
            "{{ '/it\\'s' | url }}",
            "{{ \"}}\" }}",
            "{# {{ icon(name=\"x\") }} #}",
            "{% raw %}{{ icon(name=\"x\") }}{% endraw %}",
            "{%- raw -%}{{ '/a' | url }}{%- endraw %}",
            "{% set s = \"{{ icon(name='x') }}\" %}{{ s }}",
            "{{ \"{{ icon(name='x') }}\" }}",
            "{{ icon(name=\"x\")",
            "text only { and } braces",
        ] {
            assert_eq!(literals().inline(t), None, "{t}");
        }
        let odd = Literals::new("/{{a}}/");
        assert_eq!(odd.inline("{{ icon(name=\"x\") }}"), None);
        assert_eq!(odd.inline("{{ '/x' | url }}"), None);
    }

    #[test]
    fn calls_after_raw_blocks_and_comments_are_written_out() {
        let t = "{% raw %}{{ icon(name=\"a\") }}{% endraw %}{# c #}{{ icon(name=\"b\") }}";
        assert_eq!(
            literals().inline(t).unwrap(),
            format!(
                "{{% raw %}}{{{{ icon(name=\"a\") }}}}{{% endraw %}}{{# c #}}{}",
                svg("b", 20)
            )
        );
    }

    /// Written out or not, a template renders the same.
    #[test]
    fn writing_out_changes_no_output() {
        let render = |t: &str| {
            let mut tera = tera::Tera::default();
            tera.autoescape_on(vec![".html"]);
            super::super::filters::register(
                &mut tera,
                "/bao/",
                "https://example.vn/bao/",
                crate::date::parse_offset("+07:00").unwrap(),
            );
            tera.add_raw_template("t.html", t).unwrap();
            let mut c = tera::Context::new();
            c.insert("n", "home");
            c.insert("s", &12);
            tera.render("t.html", &c).unwrap()
        };
        for t in [
            "<a>{{ icon(name=\"print\", size=18) }}</a>\n{{ icon(name='menu') }}",
            "{{ icon(size=16, name=\"flag\") }}{{ icon(name=n, size=s) }}",
            "{% raw %}{{ icon(name=\"a\") }}{% endraw %}{{ icon(name=\"b\", size=0) }}",
            "{% for i in [1, 2] %}{{ icon(name=\"c\", size=14) }}{% endfor %}",
            "{% filter upper %}{{ icon(name=\"d\") }}{{ '/e' | url }}{% endfilter %}",
            "<link href=\"{{ '/css/cong.css' | url }}\">{{ 'https://x.vn/a' | url }}{{ 'rel' | url }}",
        ] {
            let inlined = literals().inline(t).expect("has a literal call");
            assert_eq!(render(&inlined), render(t), "{t}");
        }
    }
}
