//! Byte offsets in the markdown input → 1-based line numbers.

/// Built on first use: most articles have a few links and images.
#[derive(Default)]
pub(super) struct LineIndex {
    starts: Option<Vec<usize>>,
}

impl LineIndex {
    pub(super) fn line(&mut self, src: &str, offset: usize) -> usize {
        let starts = self.starts.get_or_insert_with(|| {
            let mut starts = vec![0];
            if src.contains('\r') {
                // Lone CRs end lines too (CommonMark).
                let bytes = src.as_bytes();
                for (k, &b) in bytes.iter().enumerate() {
                    if b == b'\n' || (b == b'\r' && bytes.get(k + 1) != Some(&b'\n')) {
                        starts.push(k + 1);
                    }
                }
            } else {
                starts.extend(memchr::memchr_iter(b'\n', src.as_bytes()).map(|k| k + 1));
            }
            starts
        });
        starts.partition_point(|&s| s <= offset).max(1)
    }
}
