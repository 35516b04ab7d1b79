//! Byte offsets in the markdown input → 1-based line numbers.

/// Most articles ask for the lines of a few links and images, at growing
/// offsets: text with LF line ends is counted from the last answer on;
/// text with CRs gets an index of line starts on first use.
#[derive(Default)]
pub(super) struct LineIndex {
    has_cr: Option<bool>,
    /// The last answer for LF text: (offset, line).
    last: (usize, usize),
    starts: Option<Vec<usize>>,
}

impl LineIndex {
    pub(super) fn line(&mut self, src: &str, offset: usize) -> usize {
        let bytes = src.as_bytes();
        let offset = offset.min(bytes.len());
        if !*self
            .has_cr
            .get_or_insert_with(|| memchr::memchr(b'\r', bytes).is_some())
        {
            let (from, line) = match self.last {
                (at, line) if at <= offset && line > 0 => (at, line),
                _ => (0, 1),
            };
            // memchr's vector search: prose has a line end every few hundred bytes.
            let line = line + memchr::memchr_iter(b'\n', &bytes[from..offset]).count();
            self.last = (offset, line);
            return line;
        }
        let starts = self.starts.get_or_insert_with(|| {
            // Lone CRs end lines too (CommonMark).
            let mut starts = vec![0];
            for (k, &b) in bytes.iter().enumerate() {
                if b == b'\n' || (b == b'\r' && bytes.get(k + 1) != Some(&b'\n')) {
                    starts.push(k + 1);
                }
            }
            starts
        });
        starts.partition_point(|&s| s <= offset).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1 + the line ends before `offset` (CRLF, LF or a lone CR).
    fn by_hand(src: &str, offset: usize) -> usize {
        let b = &src.as_bytes()[..offset.min(src.len())];
        1 + (0..b.len())
            .filter(|&k| {
                b[k] == b'\n' || (b[k] == b'\r' && src.as_bytes().get(k + 1) != Some(&b'\n'))
            })
            .count()
    }

    #[test]
    fn lines_at_any_offsets_in_any_order() {
        for src in ["", "a", "một\nhai\n\nba\n", "a\r\nb\rc\nd", "\n\n\n"] {
            let mut index = LineIndex::default();
            let n = src.len();
            for offset in [0, n / 2, n, 1, n + 3, n / 3, n.saturating_sub(1), 2] {
                assert_eq!(
                    index.line(src, offset),
                    by_hand(src, offset),
                    "{src:?} at {offset}"
                );
            }
        }
    }
}
