//! Vietnamese slugs (SITE-FORMAT §4): marks stripped, `đ`/`Đ` → `d`,
//! every run of other characters becomes one `-`.

use unicode_normalization::UnicodeNormalization;

/// Slugify text: "Phát động Phong trào thi đua" → "phat-dong-phong-trao-thi-dua".
pub fn slugify(text: &str) -> String {
    // Streaming NFC costs more than the rest: skip it for text that is
    // surely NFC already (nearly all).
    if crate::search::text::is_surely_nfc(text) {
        slugify_chars(text, text.chars())
    } else {
        slugify_chars(text, text.nfc())
    }
}

fn slugify_chars(text: &str, chars: impl Iterator<Item = char>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in chars {
        if c.is_ascii_alphanumeric() {
            push(&mut out, &mut pending_dash, c.to_ascii_lowercase());
            continue;
        }
        if c.is_ascii() {
            pending_dash = true;
            continue;
        }
        // deunicode maps đ → d, ư → u, ắ → a, and other scripts to ASCII.
        for d in deunicode::deunicode_char(c).unwrap_or("-").chars() {
            if d.is_ascii_alphanumeric() {
                push(&mut out, &mut pending_dash, d.to_ascii_lowercase());
            } else {
                pending_dash = true;
            }
        }
    }
    out
}

fn push(out: &mut String, pending_dash: &mut bool, c: char) {
    if *pending_dash && !out.is_empty() {
        out.push('-');
    }
    *pending_dash = false;
    out.push(c);
}

/// Fold Vietnamese text for matching: lower case, marks removed, đ → d,
/// other characters kept as they are (spaces kept). Used by search and
/// by name matching where slugs would lose word boundaries.
pub fn fold(text: &str) -> String {
    if crate::search::text::is_surely_nfc(text) {
        fold_chars(text, text.chars())
    } else {
        fold_chars(text, text.nfc())
    }
}

fn fold_chars(text: &str, chars: impl Iterator<Item = char>) -> String {
    let mut out = String::with_capacity(text.len());
    for c in chars {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphabetic() {
            match deunicode::deunicode_char(c) {
                Some(s) if !s.is_empty() => out.extend(s.chars().map(|d| d.to_ascii_lowercase())),
                _ => out.extend(c.to_lowercase()),
            }
        } else {
            out.push(' ');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_examples() {
        assert_eq!(
            slugify("Phát động Phong trào thi đua đặc biệt"),
            "phat-dong-phong-trao-thi-dua-dac-biet"
        );
        assert_eq!(slugify("Chỉ thị 34-CT/TW"), "chi-thi-34-ct-tw");
        assert_eq!(slugify("Đảng ủy"), "dang-uy");
        assert_eq!(slugify("  --Ưu tiên!!  "), "uu-tien");
        assert_eq!(slugify("ăâêôơư"), "aaeoou");
    }

    #[test]
    fn decomposed_input_gives_same_slug() {
        let nfd: String = "Thi đua Lào Cai".nfd().collect();
        assert_eq!(slugify(&nfd), "thi-dua-lao-cai");
    }

    #[test]
    fn fold_keeps_words() {
        assert_eq!(fold("Đảng ủy Lào Cai"), "dang uy lao cai");
        assert_eq!(fold("ĐƯỜNG"), "duong");
    }
}
