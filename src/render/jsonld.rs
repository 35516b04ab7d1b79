//! schema.org `NewsArticle` JSON-LD for an article, built here rather than
//! in the template: a map built key by key in Tera cost more than the rest
//! of the article page's head. Given to `article.html` as `json_ld`, ready
//! to print inside `<script type="application/ld+json">`.

use serde::Serialize;
use serde_json::Value;

use crate::model::{Page, Site};

/// `NewsArticle`, its keys in the order they are written.
#[derive(Serialize)]
struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    description: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'static str,
    #[serde(rename = "datePublished")]
    date_published: Option<String>,
    #[serde(rename = "dateModified")]
    date_modified: Option<String>,
    author: Vec<Agent<'a>>,
    publisher: Agent<'a>,
    #[serde(rename = "mainEntityOfPage")]
    main_entity_of_page: Thing<'a>,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<[String; 1]>,
    #[serde(rename = "articleSection", skip_serializing_if = "Option::is_none")]
    article_section: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    keywords: Option<String>,
}

/// A person or the publishing organisation.
#[derive(Serialize, Clone)]
struct Agent<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo: Option<Thing<'a>>,
}

#[derive(Serialize, Clone)]
struct Thing<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id", skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

/// The JSON-LD of a news page, safe inside a `<script>` element. Written
/// straight from typed data (no map built per page).
pub(crate) fn news_article(site: &Site, page: &Page) -> String {
    let c = &site.config;
    let org_name = c
        .organization
        .get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.is_empty())
        .unwrap_or(&c.title);
    let home = c.permalink(&c.base_path);
    let logo = c.permalink(&c.url("/img/logo.svg"));
    let publisher = Agent {
        kind: "Organization",
        name: org_name,
        url: Some(&home),
        logo: Some(Thing {
            kind: "ImageObject",
            id: None,
            url: Some(&logo),
        }),
    };
    let fm = page.fm();
    let author = if fm.author.is_empty() {
        vec![publisher.clone()]
    } else {
        fm.author
            .iter()
            .map(|a| Agent {
                kind: "Person",
                name: a,
                url: None,
                logo: None,
            })
            .collect()
    };
    let permalink = c.permalink(&page.url);
    let date = page.date.as_ref().map(crate::date::rfc3339);
    let updated = fm
        .updated
        .as_ref()
        .map(crate::date::rfc3339)
        .or(date.clone());
    let keywords = (!page.tags.is_empty()).then(|| {
        page.tags
            .iter()
            .map(|&t| site.tags[t].name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    });
    let ld = NewsArticle {
        context: "https://schema.org",
        kind: "NewsArticle",
        headline: page.title(),
        description: &page.summary,
        in_language: "vi",
        date_published: date,
        date_modified: updated,
        author,
        publisher,
        main_entity_of_page: Thing {
            kind: "WebPage",
            id: Some(&permalink),
            url: None,
        },
        url: &permalink,
        image: page.image.as_ref().map(|i| [c.permalink(i)]),
        article_section: (page.section != 0)
            .then(|| site.sections[page.section].source.title.as_str()),
        keywords,
    };
    // Serialising plain data cannot fail.
    script_safe(serde_json::to_string(&ld).unwrap_or_default())
}

/// JSON that is safe inside `<script>` and still valid: `<`, `>` and `&` as
/// escapes (what the `json` filter does too).
pub(crate) fn script_safe(json: String) -> String {
    if memchr::memchr3(b'<', b'>', b'&', json.as_bytes()).is_none() {
        return json;
    }
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
