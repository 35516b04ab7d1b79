// TEMPORARY: replaced by the markdown helper's module.
#[derive(Debug, Default, Clone)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}
#[derive(Debug, Default, Clone)]
pub struct Link {
    pub url: String,
    pub line: usize,
}
#[derive(Debug, Default, Clone)]
pub struct Image {
    pub src: String,
    pub alt: String,
    pub line: usize,
}
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    pub text: String,
    pub first_paragraph: String,
    pub toc: Vec<Heading>,
    pub links: Vec<Link>,
    pub images: Vec<Image>,
}
pub struct Options<'a> {
    pub base_path: &'a str,
    pub safe: bool,
}
pub fn render(md: &str, _opts: &Options) -> Rendered {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(md));
    let first = md
        .split("\n\n")
        .find(|p| !p.trim().is_empty() && !p.starts_with('#'))
        .unwrap_or("")
        .trim()
        .to_string();
    Rendered {
        html,
        text: md.to_string(),
        first_paragraph: first,
        ..Default::default()
    }
}
pub fn summarize(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}
