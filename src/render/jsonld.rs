//! schema.org `NewsArticle` JSON-LD for an article, built here rather than
//! in the template: a map built key by key in Tera cost more than the rest
//! of the article page's head. Given to `article.html` as `json_ld`, ready
//! to print inside `<script type="application/ld+json">`.

use serde_json::{json, Map, Value};

use crate::model::{Page, Site};

/// The JSON-LD of a news page, safe inside a `<script>` element.
pub(crate) fn news_article(site: &Site, page: &Page) -> String {
    let c = &site.config;
    let org_name = c
        .organization
        .get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.is_empty())
        .unwrap_or(&c.title);
    let publisher = json!({
        "@type": "Organization",
        "name": org_name,
        "url": c.permalink(&c.base_path),
        "logo": {"@type": "ImageObject", "url": c.permalink(&c.url("/img/logo.svg"))},
    });
    let fm = page.fm();
    let authors: Vec<Value> = if fm.author.is_empty() {
        vec![publisher.clone()]
    } else {
        fm.author
            .iter()
            .map(|a| json!({"@type": "Person", "name": a}))
            .collect()
    };
    let permalink = c.permalink(&page.url);
    let date = page.date.as_ref().map(crate::date::rfc3339);
    let updated = fm
        .updated
        .as_ref()
        .map(crate::date::rfc3339)
        .or(date.clone());
    let mut ld = Map::new();
    ld.insert("@context".into(), "https://schema.org".into());
    ld.insert("@type".into(), "NewsArticle".into());
    ld.insert("headline".into(), page.title().into());
    ld.insert("description".into(), page.summary.as_str().into());
    ld.insert("inLanguage".into(), "vi".into());
    ld.insert("datePublished".into(), date.into());
    ld.insert("dateModified".into(), updated.into());
    ld.insert("author".into(), authors.into());
    ld.insert("publisher".into(), publisher);
    ld.insert(
        "mainEntityOfPage".into(),
        json!({"@type": "WebPage", "@id": permalink}),
    );
    ld.insert("url".into(), permalink.into());
    if let Some(image) = &page.image {
        ld.insert("image".into(), json!([c.permalink(image)]));
    }
    if page.section != 0 {
        let s = &site.sections[page.section];
        ld.insert("articleSection".into(), s.source.title.as_str().into());
    }
    if !page.tags.is_empty() {
        let names: Vec<&str> = page
            .tags
            .iter()
            .map(|&t| site.tags[t].name.as_str())
            .collect();
        ld.insert("keywords".into(), names.join(", ").into());
    }
    script_safe(&Value::Object(ld).to_string())
}

/// JSON that is safe inside `<script>` and still valid: `<`, `>` and `&` as
/// escapes (what the `json` filter does too).
pub(crate) fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
