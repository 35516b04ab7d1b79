//! The one place that knows the YAML crate. Everything else receives
//! `serde_json::Value` (key order kept), so the YAML crate can be swapped
//! by editing this file alone.

use serde_json::Value;

mod simple;

/// A YAML syntax error with its 1-based line and column inside the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// Deepest nesting accepted. Real front matter and data files stay below 10;
/// the YAML parser's own limit is 128, but its scanner takes quadratic time
/// on deep flow nesting (`[[[[…`), so deeper input is refused before parsing.
pub const MAX_DEPTH: usize = 64;

/// Parse one YAML document. An empty document is an empty mapping.
pub fn parse(src: &str) -> Result<Value, YamlError> {
    if src.trim().is_empty() {
        return Ok(Value::Object(Default::default()));
    }
    if let Some(value) = simple::parse(src) {
        return Ok(value);
    }
    if let Some((line, col)) = too_deep(src, MAX_DEPTH) {
        return Err(YamlError {
            line,
            col,
            message: format!("nesting deeper than {MAX_DEPTH} levels"),
        });
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

/// Where nesting first goes deeper than `max` levels (1-based line and
/// column), counting open flow brackets (`[`, `{`) outside quotes and
/// comments, plus block levels (indentation steps and `- ` items). A cheap,
/// conservative estimate in one pass: it may count a bracket inside a block
/// scalar, never misses real depth.
fn too_deep(src: &str, max: usize) -> Option<(usize, usize)> {
    let mut flow = 0usize;
    let mut indents: Vec<usize> = Vec::new();
    for (i, line) in src.lines().enumerate() {
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if indent == 0 && flow > 0 && !content.starts_with([']', '}', ',']) {
            // A new top-level key: whatever flow was open was plain text.
            flow = 0;
        }
        if flow == 0 {
            while indents.last().is_some_and(|&d| d >= indent) {
                indents.pop();
            }
            indents.push(indent);
        }
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        let mut items = 0;
        let mut at_start = true;
        for (col, c) in content.char_indices() {
            match quote {
                Some(q) => {
                    if c == q && !(q == '"' && prev == '\\') {
                        quote = None;
                    }
                }
                None => match c {
                    '#' if prev == ' ' || prev == '\t' => break,
                    '"' | '\'' if matches!(prev, ' ' | '[' | '{' | ',' | ':' | '-') => {
                        quote = Some(c)
                    }
                    '[' | '{' => flow += 1,
                    ']' | '}' => flow = flow.saturating_sub(1),
                    '-' if at_start => items += 1,
                    _ => {}
                },
            }
            if at_start && c != '-' && c != ' ' {
                at_start = false;
            }
            if flow + indents.len() + items > max {
                return Some((i + 1, indent + col + 1));
            }
            prev = c;
        }
    }
    None
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

/// One item of a block sequence: its 1-based line in the source and its text,
/// `-` blanked and dedented, so a mapping item parses as a mapping and
/// [`key_location`] finds its keys at the same lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeqItem {
    pub line: usize,
    pub text: String,
}

/// The items of the block sequence at `path` (a top-level sequence when
/// `path` is empty), with their lines. A flow sequence (`[a, b]`) or a
/// missing key gives no items: callers then point at the key itself.
pub fn sequence_items(src: &str, path: &[&str]) -> Vec<SeqItem> {
    let lines: Vec<&str> = src.lines().collect();
    let (start, key_indent) = if path.is_empty() {
        (0, -1)
    } else {
        match key_location(src, path) {
            Some((line, col)) => {
                // The value must be on the following lines.
                let after = lines[line - 1]
                    .split_once(':')
                    .map_or("", |(_, v)| v.trim());
                if !(after.is_empty() || after.starts_with('#')) {
                    return Vec::new();
                }
                (line, col as isize - 1)
            }
            None => return Vec::new(),
        }
    };
    let mut items: Vec<(usize, usize)> = Vec::new(); // (first line index, end line index exclusive)
    let mut item_indent: Option<isize> = None;
    let mut end = start;
    for (i, raw) in lines.iter().enumerate().skip(start) {
        let line = raw.trim_end();
        let content = line.trim_start();
        if content.is_empty()
            || content.starts_with('#')
            || (item_indent.is_none() && content == "---")
        {
            continue;
        }
        let indent = (line.len() - content.len()) as isize;
        let is_item = content == "-" || content.starts_with("- ");
        match item_indent {
            None if is_item && indent >= key_indent.max(0) => item_indent = Some(indent),
            None => return Vec::new(),
            Some(ind) if indent < ind || (indent == ind && !is_item) => break,
            Some(_) => {}
        }
        if indent == item_indent.unwrap_or(indent) && is_item {
            if let Some(last) = items.last_mut() {
                last.1 = end;
            }
            items.push((i, i + 1));
        }
        end = i + 1;
    }
    if let Some(last) = items.last_mut() {
        last.1 = end;
    }
    items
        .into_iter()
        .map(|(from, to)| {
            let mut item: Vec<String> = lines[from..to].iter().map(|l| l.to_string()).collect();
            item[0] = item[0].replacen('-', " ", 1);
            // Dedent, so the item's keys are at the top level of its text.
            let indent = |l: &String| l.len() - l.trim_start_matches(' ').len();
            let min = item
                .iter()
                .filter(|l| !l.trim().is_empty())
                .map(indent)
                .min()
                .unwrap_or(0);
            let mut text = String::new();
            for l in &item {
                text.push_str(&l[indent(l).min(min)..]);
                text.push('\n');
            }
            SeqItem {
                line: from + 1,
                text,
            }
        })
        .collect()
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
    fn sequence_items_with_lines() {
        let src = "title: x\nentries:\n  # tập thể\n  - name: A\n    kind: tập thể\n  - { name: B, kind: cá nhân }\n\n  -\n    name: C\nafter: 1\n";
        let items = sequence_items(src, &["entries"]);
        assert_eq!(items.iter().map(|i| i.line).collect::<Vec<_>>(), [4, 6, 8]);
        assert_eq!(
            parse(&items[0].text).unwrap()["kind"],
            Value::String("tập thể".into())
        );
        assert_eq!(key_location(&items[0].text, &["kind"]), Some((2, 1)));
        assert_eq!(
            parse(&items[2].text).unwrap()["name"],
            Value::String("C".into())
        );
        // Items at the key's own indent, and a top-level sequence.
        let items = sequence_items("entries:\n- a\n- b\nnext: 1\n", &["entries"]);
        assert_eq!(items.len(), 2);
        let items = sequence_items("# c\n- id: a\n  name: A\n- id: b\n", &[]);
        assert_eq!(items.iter().map(|i| i.line).collect::<Vec<_>>(), [2, 4]);
        // Flow sequences and missing keys have no item lines.
        assert!(sequence_items("entries: [a, b]\n", &["entries"]).is_empty());
        assert!(sequence_items("title: x\n", &["entries"]).is_empty());
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let start = std::time::Instant::now();
        let flow = format!("x: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let e = parse(&flow).unwrap_err();
        assert!(e.message.contains("nesting"), "{e:?}");
        assert_eq!(e.line, 1);
        let braces = format!("x: {}1{}\n", "{a: ".repeat(50_000), "}".repeat(50_000));
        assert!(parse(&braces).unwrap_err().message.contains("nesting"));
        let mut block = String::new();
        for i in 0..200 {
            block.push_str(&format!("{}a:\n", "  ".repeat(i)));
        }
        assert!(parse(&block).unwrap_err().message.contains("nesting"));
        let dashes = format!("{}x\n", "- ".repeat(1_000));
        assert!(parse(&dashes).unwrap_err().message.contains("nesting"));
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn ordinary_nesting_and_brackets_in_text_pass() {
        let src = "title: \"[[[[ tiêu đề\"\nsummary: 'x {{{{'\ntags: [a, b] # [[[[\ndecision:\n  number: 1\n  list:\n    - { a: [1, 2] }\n";
        assert!(parse(src).is_ok());
        let mut block = String::new();
        for i in 0..30 {
            block.push_str(&format!("{}a:\n", "  ".repeat(i)));
        }
        assert!(parse(&block).is_ok());
        // An unclosed bracket in plain text does not leak into later keys.
        let mut many = String::new();
        for i in 0..100 {
            many.push_str(&format!("k{i}: a [b\n"));
        }
        assert!(too_deep(&many, MAX_DEPTH).is_none());
    }

    #[test]
    fn finds_nested_keys() {
        let src = "title: x\ndecision:\n  number: 1\n  date: 2024-01-05\ndate: 2024\n";
        assert_eq!(key_location(src, &["decision", "date"]), Some((4, 3)));
        assert_eq!(key_location(src, &["date"]), Some((5, 1)));
        assert_eq!(key_location(src, &["title"]), Some((1, 1)));
    }
}
