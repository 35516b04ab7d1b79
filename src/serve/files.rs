//! The site held in memory: a finished build, frozen and shared, with the
//! pages rebuilt on top of it after an edit.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use super::http::Files;
use crate::render::Sink;

type Map = HashMap<String, Arc<[u8]>>;

/// Output files by path (relative, `/`-separated).
#[derive(Default)]
pub struct MemoryFiles {
    /// A finished build, shared by every layer made from it.
    base: Arc<Map>,
    /// Files written since: on top of `base`.
    top: Mutex<Map>,
}

impl MemoryFiles {
    /// The files written so far, frozen so that layers share them.
    pub fn freeze(self) -> MemoryFiles {
        let top = self.top.into_inner().unwrap_or_else(|e| e.into_inner());
        let base = if self.base.is_empty() {
            top
        } else {
            let mut base = Arc::unwrap_or_clone(self.base);
            base.extend(top);
            base
        };
        MemoryFiles {
            base: Arc::new(base),
            top: Mutex::default(),
        }
    }

    /// A copy to write an edit's pages into. Costs the files written since
    /// the last freeze, not the whole site.
    pub fn layer(&self) -> MemoryFiles {
        MemoryFiles {
            base: self.base.clone(),
            top: Mutex::new(self.lock().clone()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Map> {
        self.top.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Files for MemoryFiles {
    fn get(&self, path: &str) -> Option<Arc<[u8]>> {
        self.lock()
            .get(path)
            .or_else(|| self.base.get(path))
            .cloned()
    }
}

impl Sink for MemoryFiles {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.lock().insert(path.to_string(), Arc::from(bytes));
        Ok(())
    }
    fn copy(&self, path: &str, from: &Path) -> std::io::Result<()> {
        let bytes = std::fs::read(from)?;
        self.write(path, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(files: &MemoryFiles, path: &str) -> Option<String> {
        files
            .get(path)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    #[test]
    fn layers_see_the_build_and_their_own_writes_only() {
        let build = MemoryFiles::default();
        build.write("a/index.html", b"a1").unwrap();
        build.write("b/index.html", b"b1").unwrap();
        let build = build.freeze();
        let edit = build.layer();
        edit.write("a/index.html", b"a2").unwrap();
        assert_eq!(text(&edit, "a/index.html").as_deref(), Some("a2"));
        assert_eq!(text(&edit, "b/index.html").as_deref(), Some("b1"));
        assert_eq!(text(&build, "a/index.html").as_deref(), Some("a1"));
        // A layer of a layer keeps the first edit.
        let next = edit.layer();
        next.write("b/index.html", b"b2").unwrap();
        assert_eq!(text(&next, "a/index.html").as_deref(), Some("a2"));
        assert_eq!(text(&next, "b/index.html").as_deref(), Some("b2"));
        assert_eq!(text(&edit, "b/index.html").as_deref(), Some("b1"));
        assert_eq!(text(&next, "c"), None);
        let frozen = next.freeze();
        assert_eq!(text(&frozen, "a/index.html").as_deref(), Some("a2"));
        assert_eq!(text(&frozen, "b/index.html").as_deref(), Some("b2"));
    }
}
