//! The direct components against Tera rendering the built-in file.

use std::path::Path;

use tera::{Context, Value};

use super::*;
use crate::config::Config;
use crate::diag::Diagnostics;
use crate::render::theme::{self, Theme};
use crate::render::values::{list, obj, text};

fn built_in_theme() -> (Theme, FixedOffset) {
    let root = tempfile::tempdir().unwrap();
    let config = Config::parse(
        "title: T\nbase_url: https://x.vn/\n",
        Path::new("loa.yaml"),
        None,
    )
    .unwrap();
    let theme = theme::load(root.path(), &config, &Diagnostics::new()).unwrap();
    (theme, config.timezone)
}

/// Summaries of every shape the components branch on.
fn items() -> Vec<Value> {
    let titles = [
        "Lào Cai phát động thi đua",
        "Tôm & cá <b>\"ngon\"</b> 'lắm'",
    ];
    let dates = [
        None,
        Some("2026-11-20T08:27:00+07:00"),
        Some("2026-01-05"),
        Some(""),
    ];
    let images = [
        Value::none(),
        obj([
            ("url", text("/uploads/a.jpg")),
            ("alt", text("Ảnh \"một\"")),
        ]),
        obj([("url", text("/uploads/b.jpg")), ("alt", text(""))]),
        obj([("url", text("/uploads/c.jpg"))]),
    ];
    let sections = [
        Value::none(),
        obj([
            ("title", text("Thời sự & Bình luận")),
            ("url", text("/thoi-su/")),
        ]),
    ];
    let summaries = [None, Some(""), Some("Tóm tắt <ngắn> & đủ ý.")];
    let mut out = Vec::new();
    for title in titles {
        for date in dates {
            for image in &images {
                for section in &sections {
                    for summary in summaries {
                        for kind in ["news", "pages"] {
                            for draft in [None, Some(false), Some(true)] {
                                out.push(obj([
                                    ("title", text(title)),
                                    ("url", text("/tin/a-b/?x=1&y=2")),
                                    ("date", date.map_or_else(Value::none, text)),
                                    ("summary", summary.map_or_else(Value::none, text)),
                                    ("image", image.clone()),
                                    ("section", section.clone()),
                                    ("kind", text(kind)),
                                    ("featured", Value::from(false)),
                                    ("draft", draft.map_or_else(Value::none, Value::from)),
                                ]));
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

fn tera_render(theme: &Theme, component: &str, args: &[(&'static str, Value)]) -> Option<String> {
    let mut c = Context::new();
    for (k, v) in args {
        c.insert_value(*k, v.clone());
    }
    let mut out = Vec::new();
    theme
        .tera
        .render_component_to(component, &c, None, true, &mut out)
        .ok()
        .map(|()| String::from_utf8(out).unwrap())
}

/// `{{<card item={item} h={2} show_section={show_section} variant={variant}/>}}` by Tera.
fn tera_card(theme: &Theme, item: &Value, show_section: bool, variant: &str) -> Option<String> {
    tera_render(
        theme,
        "card",
        &[
            ("item", item.clone()),
            ("h", Value::from(2)),
            ("show_section", Value::from(show_section)),
            ("variant", text(variant)),
        ],
    )
}

#[test]
fn mirrors_the_built_in_file() {
    assert_eq!(
        fnv(BUILT_IN),
        MIRRORED,
        "themes/cong/templates/partials/card.html changed: bring src/render/cards.rs \
         up to date, then set MIRRORED to {:#x}",
        fnv(BUILT_IN)
    );
    let (theme, tz) = built_in_theme();
    assert!(theme.is_built_in("partials/card.html"));
    assert!(Cards::new(true, tz).is_some());
    assert!(Cards::new(false, tz).is_none());
}

#[test]
fn headlines_and_cards_equal_teras() {
    let (theme, tz) = built_in_theme();
    let cards = Cards::new(true, tz).unwrap();
    let items = items();
    assert!(items.len() > 1000);
    for item in &items {
        let mut out = Vec::new();
        let tera = tera_render(&theme, "headline", &[("item", item.clone())]);
        assert!(cards.headline(item, &mut out), "{item:?}");
        assert_eq!(Some(String::from_utf8(out).unwrap()), tera, "{item:?}");
        for show_section in [false, true] {
            for variant in ["", "lead", "lead-wide", "compact", "row", "<x&y>"] {
                let mut out = Vec::new();
                let tera = tera_card(&theme, item, show_section, variant);
                assert!(
                    cards.card(item, 2, show_section, variant, &mut out),
                    "{item:?}"
                );
                assert_eq!(
                    Some(String::from_utf8(out).unwrap()),
                    tera,
                    "{variant}: {item:?}"
                );
            }
        }
    }
}

#[test]
fn what_tera_rejects_is_left_to_tera() {
    let (theme, tz) = built_in_theme();
    let cards = Cards::new(true, tz).unwrap();
    let items = [
        // Not a date: `date_vn` fails, and the error names the template.
        obj([
            ("title", text("A")),
            ("url", text("/a/")),
            ("date", text("hôm qua")),
        ]),
        // No title: printing it is an error.
        obj([("url", text("/a/"))]),
        // A section without a URL, an image without one.
        obj([
            ("title", text("A")),
            ("url", text("/a/")),
            ("section", obj([("title", text("S"))])),
            ("image", obj([("alt", text("x"))])),
        ]),
    ];
    for item in &items {
        let mut out = Vec::new();
        let handled = cards.card(item, 2, true, "", &mut out);
        assert!(!handled && out.is_empty(), "{item:?}");
        assert_eq!(tera_card(&theme, item, true, ""), None, "{item:?}");
    }
}

#[test]
fn campaign_and_roster_items_are_left_to_tera() {
    let (_, tz) = built_in_theme();
    let cards = Cards::new(true, tz).unwrap();
    for extra in ["campaign_status", "roster_counts_text"] {
        let item = obj([
            ("title", text("Phong trào")),
            ("url", text("/phong-trao/a/")),
            ("kind", text("campaigns")),
            (extra, text("ongoing")),
        ]);
        let mut out = Vec::new();
        assert!(!cards.card(&item, 2, false, "", &mut out));
        assert!(out.is_empty());
        // A headline has no badge: written directly.
        assert!(cards.headline(&item, &mut out));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"<a href="/phong-trao/a/">Phong trào</a>"#
        );
    }
}

#[test]
fn breadcrumbs_equal_teras() {
    let (mut theme, tz) = built_in_theme();
    let cards = Cards::new(true, tz).unwrap();
    let sections = [None, Some(("/thoi-su/?a=1&b=2", "Thời sự & \"Bình luận\""))];
    let currents = ["Lào Cai phát động thi đua", "Tôm & cá <b>'ngon'</b>", ""];
    for home in ["/", "/bao/&x/"] {
        theme
            .tera
            .global_context()
            .insert_value("site", obj([("url", text(home))]));
        for section in sections {
            for current in currents {
                let trail: Vec<(&str, &str)> = section.into_iter().collect();
                let mut out = Vec::new();
                cards.breadcrumb(home, &trail, current, &mut out);
                let tera_trail = list(
                    trail
                        .iter()
                        .map(|(url, title)| obj([("title", text(title)), ("url", text(url))])),
                );
                let tera = tera_render(
                    &theme,
                    "breadcrumb",
                    &[("trail", tera_trail), ("current", text(current))],
                );
                assert_eq!(
                    Some(String::from_utf8(out).unwrap()),
                    tera,
                    "{home} {section:?} {current}"
                );
            }
        }
    }
}
