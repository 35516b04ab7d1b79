//! Typed reading of a YAML mapping (front matter, loa.yaml, data files) that
//! reports every problem with the line of the key at fault, not only the first.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::diag::{hint, Diagnostic, Location};
use crate::yaml;

pub struct Fields<'a> {
    map: Map<String, Value>,
    src: &'a str,
    file: &'a Path,
    /// Line in the file where `src` starts, minus one.
    line_offset: usize,
    pub diags: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    /// Parse `src` (YAML text starting at file line `line_offset + 1`).
    /// A syntax error or a non-mapping document gives `Err` with its diagnostic.
    pub fn parse(src: &'a str, file: &'a Path, line_offset: usize) -> Result<Self, Diagnostic> {
        match yaml::parse(src) {
            Ok(Value::Object(map)) => Ok(Fields {
                map,
                src,
                file,
                line_offset,
                diags: Vec::new(),
            }),
            Ok(Value::Null) => Ok(Fields {
                map: Map::new(),
                src,
                file,
                line_offset,
                diags: Vec::new(),
            }),
            Ok(_) => Err(Diagnostic::error(
                Location::at(file, line_offset + 1, 1),
                "phải là một bảng khóa: giá trị (key: value)",
                "must be a mapping of keys to values",
            )),
            Err(e) => Err(Diagnostic::error(
                Location::at(file, line_offset + e.line, e.col),
                format!("YAML không hợp lệ: {}", e.message),
                format!("invalid YAML: {}", e.message),
            )),
        }
    }

    /// Location of a key (or of the start of the mapping when absent).
    pub fn loc(&self, path: &[&str]) -> Location {
        let (line, col) = yaml::key_location(self.src, path).unwrap_or((1, 1));
        Location::at(self.file, self.line_offset + line, col)
    }

    pub fn file(&self) -> &Path {
        self.file
    }

    pub fn contains(&self, key: &str) -> bool {
        self.map.get(key).is_some_and(|v| !v.is_null())
    }

    pub fn raw(&self, key: &str) -> Option<&Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// Report keys not in `allowed`, with a hint.
    pub fn deny_unknown(&mut self, allowed: &[&str], what_vi: &str, what_en: &str) {
        let unknown: Vec<String> = self
            .map
            .keys()
            .filter(|k| !allowed.contains(&k.as_str()))
            .cloned()
            .collect();
        for key in unknown {
            let (hvi, hen) = hint(&key, allowed);
            let loc = self.loc(&[&key]);
            self.diags.push(Diagnostic::error(
                loc,
                format!("khóa `{key}` không được dùng trong {what_vi}{hvi}; dữ liệu tự do đặt dưới `extra:`"),
                format!("unknown key `{key}` in {what_en}{hen}; free-form data goes under `extra:`"),
            ));
        }
    }

    /// An optional value of type `T`; a value of the wrong type is reported.
    pub fn get<T: DeserializeOwned>(&mut self, key: &str) -> Option<T> {
        let value = self.raw(key)?.clone();
        match serde_json::from_value::<T>(value) {
            Ok(v) => Some(v),
            Err(e) => {
                let loc = self.loc(&[key]);
                self.diags.push(Diagnostic::error(
                    loc,
                    format!(
                        "giá trị của `{key}` không hợp lệ: {}",
                        vi_serde(&e.to_string())
                    ),
                    format!("invalid value for `{key}`: {e}"),
                ));
                None
            }
        }
    }

    /// A string value (numbers and booleans are accepted as their text).
    pub fn text(&mut self, key: &str) -> Option<String> {
        match self.raw(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => {
                let loc = self.loc(&[key]);
                self.diags.push(Diagnostic::error(
                    loc,
                    format!("`{key}` phải là một chuỗi văn bản"),
                    format!("`{key}` must be a text value"),
                ));
                None
            }
        }
    }

    /// A required non-empty string.
    pub fn required_text(&mut self, key: &str) -> Option<String> {
        match self.text(key) {
            Some(s) if !s.trim().is_empty() => Some(s),
            Some(_) => {
                let loc = self.loc(&[key]);
                self.diags.push(Diagnostic::error(
                    loc,
                    format!("`{key}` không được để trống"),
                    format!("`{key}` must not be empty"),
                ));
                None
            }
            None => {
                if !self.contains(key) {
                    self.missing(key);
                }
                None
            }
        }
    }

    /// Report a missing required key.
    pub fn missing(&mut self, key: &str) {
        let loc = Location::at(self.file, self.line_offset.max(1), 1);
        self.diags.push(Diagnostic::error(
            loc,
            format!("thiếu khóa bắt buộc `{key}`"),
            format!("missing required key `{key}`"),
        ));
    }

    /// A list of strings; a single string is a list of one.
    pub fn text_list(&mut self, key: &str) -> Vec<String> {
        match self.raw(key) {
            None => Vec::new(),
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(items)) if items.iter().all(|v| v.is_string() || v.is_number()) => {
                items
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string())
                    })
                    .collect()
            }
            Some(_) => {
                let loc = self.loc(&[key]);
                self.diags.push(Diagnostic::error(
                    loc,
                    format!("`{key}` phải là danh sách chuỗi văn bản"),
                    format!("`{key}` must be a list of text values"),
                ));
                Vec::new()
            }
        }
    }

    pub fn error(&mut self, path: &[&str], vi: impl Into<String>, en: impl Into<String>) {
        let loc = self.loc(path);
        self.diags.push(Diagnostic::error(loc, vi, en));
    }

    pub fn warning(&mut self, path: &[&str], vi: impl Into<String>, en: impl Into<String>) {
        let loc = self.loc(path);
        self.diags.push(Diagnostic::warning(loc, vi, en));
    }
}

/// serde's messages in Vietnamese for the common cases.
fn vi_serde(msg: &str) -> String {
    msg.replace("invalid type", "sai kiểu")
        .replace("expected", "cần")
        .replace("a string", "một chuỗi")
        .replace("a boolean", "true/false")
        .replace("a sequence", "một danh sách")
        .replace("unknown field", "khóa lạ")
        .replace("missing field", "thiếu khóa")
}
