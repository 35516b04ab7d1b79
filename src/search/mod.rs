// TEMPORARY: replaced by the search helper's module.
pub const INDEX_DIR: &str = "tim-kiem/chi-muc";
pub struct SearchDoc<'a> {
    pub url: &'a str,
    pub title: &'a str,
    pub date: Option<&'a str>,
    pub section: Option<&'a str>,
    pub text: &'a str,
}
pub fn build_index(docs: &[SearchDoc]) -> Vec<(String, Vec<u8>)> {
    vec![(
        "meta.json".into(),
        format!("{{\"docs\":{}}}", docs.len()).into_bytes(),
    )]
}
