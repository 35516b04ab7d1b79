//! Element ids unique within one rendered page.

use std::collections::{HashMap, HashSet};

#[derive(Default)]
pub(super) struct Ids {
    used: HashSet<String>,
    /// Next suffix to try for a base id, so n duplicates cost O(n).
    next: HashMap<String, usize>,
}

impl Ids {
    /// Claims an id that later `unique` calls must avoid (footnote ids).
    pub(super) fn reserve(&mut self, id: String) {
        self.used.insert(id);
    }

    /// `base`, or `base-2`, `base-3`, … whichever is free first.
    pub(super) fn unique(&mut self, base: String) -> String {
        if !self.used.contains(&base) {
            self.used.insert(base.clone());
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}
