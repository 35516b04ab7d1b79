//! Front matter as `load` reads a page: decode (UTF-8, NUL, BOM, line ends,
//! NFC), split the `---` block, parse the YAML into fields, read them for
//! every kind, find each key's line; and the same YAML as `loa.yaml`.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use loa::frontmatter::{self, FrontMatter, Kind};

fuzz_target!(|data: &[u8]| {
    let file = Path::new("content/a.md");
    let Ok(text) = loa::load::decode(data.to_vec(), file) else {
        return;
    };
    let Ok(split) = frontmatter::split(&text, file) else {
        return;
    };
    let tz = loa::date::parse_offset("+07:00").expect("offset");
    if let Ok(mut fields) = loa::fields::Fields::parse(split.front, file, split.front_offset) {
        for kind in [Kind::News, Kind::Campaigns, Kind::Rosters, Kind::Pages] {
            let fm = FrontMatter::read(&mut fields, kind, tz);
            std::hint::black_box(&fm);
        }
    }
    if let Ok(serde_json::Value::Object(map)) = loa::yaml::parse(split.front) {
        for key in map.keys() {
            let _ = loa::yaml::key_location(split.front, &[key.as_str(), "date"]);
        }
    }
    let _ = loa::config::Config::parse(split.front, Path::new("loa.yaml"), None);
});
