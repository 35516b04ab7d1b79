//! The one place that knows the YAML crate. Everything else receives
//! `serde_json::Value` (key order kept), so the YAML crate can be swapped
//! by editing this file alone.

use serde_json::Value;

/// A YAML syntax error with its 1-based line and column inside the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// Parse one YAML document. An empty document is an empty mapping.
pub fn parse(src: &str) -> Result<Value, YamlError> {
    if src.trim().is_empty() {
        return Ok(Value::Object(Default::default()));
    }
    serde_yaml::from_str::<Value>(src).map_err(|e| {
        let (line, col) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        let message = e.to_string();
        // serde_yaml appends " at line X column Y"; the location is ours to print.
        let message = match message.find(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        YamlError {
            line: line.max(1),
            col: col.max(1),
            message,
        }
    })
}

/// Where the key at `path` (top-level key, then nested keys) is written in
/// `src`: 1-based line and column. Used to point diagnostics at the key at
/// fault. List items (`- key: …`) are searched too, by their position.
pub fn key_location(src: &str, path: &[&str]) -> Option<(usize, usize)> {
    let mut parent_indent: isize = -1;
    // Indent of the keys at the current depth: set by the first line below the parent.
    let mut level: Option<isize> = Some(0);
    let mut depth = 0;
    let mut found = None;
    for (i, raw) in src.lines().enumerate() {
        let line = raw.trim_end();
        let content = line.trim_start_matches([' ', '-']);
        let indent = (line.len() - content.len()) as isize;
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if depth > 0 && indent <= parent_indent {
            // Left the block of the key found last.
            return found;
        }
        let level_indent = *level.get_or_insert(indent);
        if indent == level_indent && key_of(content) == Some(path[depth]) {
            found = Some((i + 1, indent as usize + 1));
            depth += 1;
            if depth == path.len() {
                return found;
            }
            parent_indent = indent;
            level = None;
        }
    }
    found
}

fn key_of(content: &str) -> Option<&str> {
    let colon = content.find(':')?;
    let key = content[..colon].trim();
    let key = key.trim_matches(|c| c == '"' || c == '\'');
    (!key.is_empty()).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_mapping_in_order() {
        let v = parse("title: Tin\nb: 2\na: 1\n").unwrap();
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["title", "b", "a"]);
    }

    #[test]
    fn reports_error_line() {
        let e = parse("title: a\ndate: [\n").unwrap_err();
        assert!(e.line >= 2, "{e:?}");
    }

    #[test]
    fn dates_stay_strings() {
        let v = parse("date: 2024-10-14\n").unwrap();
        assert_eq!(v["date"], Value::String("2024-10-14".into()));
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut src = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for n in names {
            src.push_str(&format!("{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = n;
        }
        assert!(parse(&src).is_err());
    }

    #[test]
    fn finds_nested_keys() {
        let src = "title: x\ndecision:\n  number: 1\n  date: 2024-01-05\ndate: 2024\n";
        assert_eq!(key_location(src, &["decision", "date"]), Some((4, 3)));
        assert_eq!(key_location(src, &["date"]), Some((5, 1)));
        assert_eq!(key_location(src, &["title"]), Some((1, 1)));
    }
}
