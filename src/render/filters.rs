//! Template filters for Vietnamese text: `date_vn`, `num_vn`, `pad2`,
//! `slugify`, and URL helpers `url`, `permalink`; `json` for JSON-LD; `safe`
//! without a copy; and the `icon` function.

use tera::{Kwargs, State, Tera, TeraResult, Value};

use super::literals;
use crate::date;

/// Register loa's filters. `base_path` and `base_url` come from the config.
pub fn register(tera: &mut Tera, base_path: &str, base_url: &str, tz: chrono::FixedOffset) {
    tera.register_filter(
        "date_vn",
        move |v: &str, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let format: Option<&str> = kwargs.get("format")?;
            date_vn(v, tz, format.unwrap_or("full"))
                .ok_or_else(|| tera::Error::message(format!("date_vn: `{v}` is not a date")))
        },
    );
    tera.register_filter(
        "num_vn",
        |v: f64, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let decimals: Option<i64> = kwargs.get("decimals")?;
            Ok(date::number(v, decimals.unwrap_or(0).clamp(0, 6) as usize))
        },
    );
    tera.register_filter("pad2", |v: i64, _: Kwargs, _: &State| format!("{v:02}"));
    tera.register_filter("slugify", |v: &str, _: Kwargs, _: &State| {
        crate::slug::slugify(v)
    });
    tera.register_filter("urlencode", |v: &str, _: Kwargs, _: &State| urlencode(v));
    // Tera's own `safe` copies every string it marks (a page's body, the
    // header, footer and boxes: tens of kilobytes a page); marking the
    // string it was given shares it instead. Anything else is written out
    // first, as Tera's does.
    tera.register_filter("safe", |v: &Value, _: Kwargs, _: &State| {
        if v.is_string() {
            v.clone().mark_safe()
        } else {
            Value::safe_string(&v.to_string())
        }
    });
    // A symbol of the theme's SVG sprite, decorative (the link or button
    // that holds it carries the text): `{{ icon(name="facebook", size=18) }}`.
    // A function, not a component: a page draws a dozen of them and a
    // component call costs ten times more (and calls with literal arguments
    // are written out when the templates load, see `literals`).
    let sprite = literals::sprite(base_path);
    tera.register_function(
        "icon",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let name: &str = kwargs.must_get("name")?;
            let size: Option<i64> = kwargs.get("size")?;
            if !literals::is_symbol_name(name) {
                return Err(tera::Error::message(format!(
                    "icon: `{name}` is not a symbol name (letters, digits, `-`)"
                )));
            }
            let size = size.unwrap_or(literals::DEFAULT_SIZE);
            Ok(Value::safe_string(&literals::markup(&sprite, name, size)))
        },
    );
    let bp = base_path.to_string();
    tera.register_filter("url", move |v: &str, _: Kwargs, _: &State| {
        crate::config::prefix_base(&bp, v)
    });
    let origin = origin_of(base_url);
    tera.register_filter("permalink", move |v: &str, _: Kwargs, _: &State| {
        permalink_with(&origin, v)
    });
    tera.register_filter(
        "json",
        |v: &Value, _: Kwargs, _: &State| -> TeraResult<String> {
            let s = serde_json::to_string(v).map_err(|e| tera::Error::message(e.to_string()))?;
            Ok(super::jsonld::script_safe(s))
        },
    );
}

/// Percent-encode everything but RFC 3986 unreserved characters.
pub fn urlencode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    // Bytes into a buffer sized for the worst case (a Vietnamese title is
    // mostly escapes): no growing, no per-character UTF-8 encoding.
    let mut out = Vec::with_capacity(3 * s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b);
        } else {
            out.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        }
    }
    String::from_utf8(out).expect("percent-encoded text is ASCII")
}

/// The `date_vn` filter: a date (loa's forms or RFC 3339) in `format`.
pub(crate) fn date_vn(v: &str, tz: chrono::FixedOffset, format: &str) -> Option<String> {
    let d = date::parse(v, tz).or_else(|| chrono::DateTime::parse_from_rfc3339(v).ok())?;
    Some(date::format(&d, format))
}

/// The `permalink` filter: `v` under `origin` unless it is a full URL.
pub(crate) fn permalink_with(origin: &str, v: &str) -> String {
    if v.starts_with("http://") || v.starts_with("https://") {
        v.to_string()
    } else {
        [origin, v].concat()
    }
}

/// `https://example.vn/bao/` → `https://example.vn`.
pub(crate) fn origin_of(base_url: &str) -> String {
    let after_scheme = base_url.find("://").map_or(0, |i| i + 3);
    match base_url[after_scheme..].find('/') {
        Some(i) => base_url[..after_scheme + i].to_string(),
        None => base_url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tera::Context;

    fn render(src: &str) -> String {
        let mut tera = Tera::default();
        register(
            &mut tera,
            "/bao/",
            "https://example.vn/bao/",
            date::parse_offset("+07:00").unwrap(),
        );
        tera.add_raw_template("t.html", src).unwrap();
        tera.render("t.html", &Context::new()).unwrap()
    }

    #[test]
    fn safe_marks_without_changing_anything() {
        // Tera's own filter, for comparison.
        let with = |register_ours: bool, src: &str, ctx: &Context| {
            let mut tera = Tera::default();
            if register_ours {
                register(
                    &mut tera,
                    "/",
                    "https://example.vn/",
                    date::parse_offset("+07:00").unwrap(),
                );
            }
            tera.add_raw_template("t.html", src).unwrap();
            tera.render("t.html", ctx)
                .map_err(|e| format!("{e:?}").contains("safe"))
        };
        let mut ctx = Context::new();
        ctx.insert("html", "<p>Thi đua &amp; \"khen\" thưởng</p>");
        ctx.insert("short", "<b>");
        ctx.insert("n", &22500);
        ctx.insert("x", &1.5);
        ctx.insert("yes", &true);
        ctx.insert("list", &vec!["<a>", "b"]);
        ctx.insert_value("safe_html", Value::safe_string("<i>đã an toàn</i>"));
        for src in [
            "{{ html | safe }}",
            "{{ short | safe }}{{ short }}",
            "{{ n | safe }} {{ x | safe }} {{ yes | safe }}",
            "{{ list | safe }}",
            "{{ safe_html | safe }}{{ safe_html }}",
            "{% set s = html | safe %}{{ s }}{{ s | upper }}",
            "{{ html | safe | length }}",
            "{{ missing | default(value='<x>') | safe }}",
        ] {
            assert_eq!(with(true, src, &ctx), with(false, src, &ctx), "{src}");
        }
    }

    #[test]
    fn dates_and_numbers() {
        assert_eq!(
            render(r#"{{ "2026-11-20T08:27:00+07:00" | date_vn }}"#),
            "Thứ Sáu, 20/11/2026 - 08:27"
        );
        assert_eq!(
            render(r#"{{ "2026-01-05T00:00:00+07:00" | date_vn(format="long") }}"#),
            "ngày 05 tháng 01 năm 2026"
        );
        assert_eq!(render("{{ 22500 | num_vn }}"), "22.500");
        assert_eq!(render("{{ 116.7 | num_vn(decimals=1) }}"), "116,7");
        assert_eq!(render("{{ 3 | pad2 }}"), "03");
    }

    #[test]
    fn urls() {
        assert_eq!(
            render(r#"{{ "/css/cong.css" | url }}"#),
            "/bao/css/cong.css"
        );
        assert_eq!(
            render(r#"{{ "/bao/thoi-su/" | permalink }}"#),
            "https://example.vn/bao/thoi-su/"
        );
        assert_eq!(render(r#"{{ "Đảng ủy" | slugify }}"#), "dang-uy");
        assert_eq!(
            render(r#"{{ "https://e.vn/a b?x=đ" | urlencode }}"#),
            "https%3A%2F%2Fe.vn%2Fa%20b%3Fx%3D%C4%91"
        );
    }

    #[test]
    fn icons_from_the_sprite_under_the_base_path() {
        assert_eq!(
            render(r#"{{ icon(name="facebook", size=18) }}"#),
            "<svg class=\"icon icon-facebook\" width=\"18\" height=\"18\" aria-hidden=\"true\" focusable=\"false\"><use href=\"/bao/img/icons.svg#facebook\"></use></svg>"
        );
        assert!(render(r#"{{ icon(name="menu") }}"#).contains(r#"width="20""#));
        let mut tera = Tera::default();
        register(
            &mut tera,
            "/",
            "https://x.vn/",
            date::parse_offset("+07:00").unwrap(),
        );
        tera.add_raw_template("t.html", r#"{{ icon(name='"><script>') }}"#)
            .unwrap();
        assert!(tera.render("t.html", &Context::new()).is_err());
    }

    #[test]
    fn json_is_script_safe() {
        let out = render(r#"{{ {"a": "</script><!-- & >"} | json | safe }}"#);
        assert!(!out.contains("</script>") && !out.contains("<!--"), "{out}");
        let back: serde_json::Value = serde_json::from_str(&out).expect("still valid JSON");
        assert_eq!(back["a"], "</script><!-- & >");
    }
}
