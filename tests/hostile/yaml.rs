//! YAML attacks: alias bombs, deep nesting, wrong types.

use super::*;

fn alias_bomb() -> String {
    let mut src = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = "a".to_string();
    for n in ["b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"] {
        let refs = vec![format!("*{prev}"); 9].join(",");
        src.push_str(&format!("{n}: &{n} [{refs}]\n"));
        prev = n.to_string();
    }
    src
}

#[test]
fn yaml_alias_bomb_is_refused_quickly() {
    let bomb = alias_bomb();
    let h = Hostile::new();
    h.write(
        "content/thoi-su/bom.md",
        format!(
            "---\ntitle: Bom\ndate: 2026-11-02\nextra:\n  {}\n---\n",
            bomb.trim_end().replace('\n', "\n  ")
        ),
    );
    let run = h.build();
    run.error("alias bomb in front matter")
        .says("content/thoi-su/bom.md:", "YAML");
    assert!(
        run.elapsed < Duration::from_secs(30),
        "took {:?}",
        run.elapsed
    );
    // In loa.yaml and in data files.
    let h = Hostile::new();
    h.write(
        "loa.yaml",
        format!(
            "title: B\nbase_url: https://example.vn/bao/\nextra:\n  {}\n",
            bomb.trim_end().replace('\n', "\n  ")
        ),
    );
    h.build()
        .error("alias bomb in loa.yaml")
        .says("loa.yaml:", "YAML");
    let h = Hostile::new();
    h.write(
        "data/units.yaml",
        format!("- id: a\n  name: A\n  aliases: *x\nx: 1\n{bomb}"),
    );
    h.build()
        .error("alias bomb in units.yaml")
        .says("data/units.yaml", "");
}

#[test]
fn deeply_nested_yaml_is_refused() {
    let flow = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let braces = format!("{}1{}", "{a: ".repeat(50_000), "}".repeat(50_000));
    let mut block = String::from("\n");
    for i in 0..2_000 {
        block.push_str(&"  ".repeat(i + 2));
        block.push_str("a:\n");
    }
    let dashes = "\n    ".to_string() + &"- ".repeat(10_000) + "x";
    for (name, nested) in [
        ("flow", flow),
        ("braces", braces),
        ("block", block),
        ("dashes", dashes),
    ] {
        let h = Hostile::new();
        h.write(
            "content/thoi-su/sau.md",
            format!("---\ntitle: Sâu\ndate: 2026-11-02\nextra:\n  x: {nested}\n---\n"),
        );
        let run = h.build();
        run.error(&format!("nested YAML ({name})"))
            .says("content/thoi-su/sau.md:", "nesting");
        assert!(
            run.elapsed < Duration::from_secs(30),
            "{name}: {:?}",
            run.elapsed
        );
        let h = Hostile::new();
        h.write(
            "loa.yaml",
            format!("title: B\nbase_url: https://example.vn/bao/\nextra:\n  x: {nested}\n"),
        );
        h.build()
            .error(&format!("nested YAML in loa.yaml ({name})"))
            .says("loa.yaml:", "nesting");
        let h = Hostile::new();
        h.write(
            "data/units.yaml",
            format!("- id: a\n  name: A\n  x: {nested}\n"),
        );
        h.build()
            .error(&format!("nested YAML in units.yaml ({name})"))
            .says("data/units.yaml:", "");
    }
}

#[test]
fn wrong_types_and_huge_numbers_give_diagnostics() {
    let h = Hostile::new();
    h.write(
        "content/thoi-su/kieu.md",
        "---\ntitle: [1, 2]\ndate: 99999-99-99\ntags: {a: b}\nweight: 1e400\ndraft: có\nimage: {x: 1}\nfeatured: 2\naliases: 5\nauthor: [[a]]\nattachments: nope\nslug: [x]\n---\n",
    );
    h.write(
        "content/thoi-su/ngay.md",
        "---\ntitle: Ngày lạ\ndate: 9999-12-31T23:59:59-23:59\nupdated: 0000-01-01\n---\n",
    );
    h.build()
        .error("wrong types")
        .says("content/thoi-su/kieu.md:", "");
    let h = Hostile::new();
    h.write(
        "loa.yaml",
        "title: B\nbase_url: https://example.vn/bao/\npaginate: 18446744073709551615\nfeed_limit: -1\ntimezone: \"+99:00\"\nmenu: 7\n",
    );
    h.build()
        .error("huge numbers in loa.yaml")
        .says("loa.yaml:", "");
    let h = Hostile::new();
    h.write(
        "loa.yaml",
        "title: B\nbase_url: https://example.vn/bao/\npaginate: 18446744073709551615\nfeed_limit: 18446744073709551615\n",
    );
    h.build().sane("huge paginate");
    let h = Hostile::new();
    h.write(
        "content/thoi-su/_index.md",
        "---\ntitle: Thời sự\npaginate: 18446744073709551615\n---\n",
    );
    h.build().sane("huge section paginate");
}
