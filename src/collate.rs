//! Vietnamese alphabetical order (ICU4X collation, locale `vi`): letters decide
//! first (a ă â b c d đ e ê …), tones only break ties. Byte order and root
//! collation are both wrong for Vietnamese.

use std::cmp::Ordering;
use std::sync::OnceLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator as IcuCollator, CollatorBorrowed};
use icu_locale_core::locale;

/// A `vi` collator. Cheap to create after the first (the data is compiled in).
pub struct Collator {
    inner: &'static CollatorBorrowed<'static>,
}

fn shared() -> &'static CollatorBorrowed<'static> {
    static COLLATOR: OnceLock<CollatorBorrowed<'static>> = OnceLock::new();
    COLLATOR.get_or_init(|| {
        IcuCollator::try_new(locale!("vi").into(), CollatorOptions::default())
            .expect("compiled collation data for `vi` is built into icu_collator")
    })
}

impl Default for Collator {
    fn default() -> Self {
        Self::new()
    }
}

impl Collator {
    pub fn new() -> Self {
        Collator { inner: shared() }
    }

    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        self.inner.compare(a, b).then_with(|| a.cmp(b))
    }

    /// Sort strings (or things keyed by a string) in Vietnamese order.
    pub fn sort_by_key<T>(&self, items: &mut [T], key: impl Fn(&T) -> &str) {
        items.sort_by(|a, b| self.compare(key(a), key(b)));
    }

    /// People's names: by given name (the last word), then the rest.
    pub fn compare_person(&self, a: &str, b: &str) -> Ordering {
        let split = |s: &str| -> (String, String) {
            let s = s.trim();
            match s.rsplit_once(char::is_whitespace) {
                Some((rest, given)) => (given.to_string(), rest.to_string()),
                None => (s.to_string(), String::new()),
            }
        };
        let (ga, ra) = split(a);
        let (gb, rb) = split(b);
        self.compare(&ga, &gb).then_with(|| self.compare(&ra, &rb))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_order() {
        let c = Collator::new();
        let mut v = vec![
            "Đảng ủy Khối",
            "Báo Lào Cai",
            "Doanh nghiệp A",
            "Bảo hiểm xã hội tỉnh",
            "Trường THPT",
            "Truyền hình",
        ];
        c.sort_by_key(&mut v, |s| s);
        assert_eq!(
            v,
            [
                "Bảo hiểm xã hội tỉnh",
                "Báo Lào Cai",
                "Doanh nghiệp A",
                "Đảng ủy Khối",
                "Truyền hình",
                "Trường THPT"
            ]
        );
    }

    #[test]
    fn people_by_given_name() {
        let c = Collator::new();
        let mut v = vec!["Nguyễn Văn Bình", "Trần Thị An", "Lê Anh"];
        v.sort_by(|a, b| c.compare_person(a, b));
        assert_eq!(v, ["Trần Thị An", "Lê Anh", "Nguyễn Văn Bình"]);
    }
}
