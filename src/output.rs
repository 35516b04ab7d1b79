//! Stage 4: write. Everything goes into a fresh temporary folder beside the
//! output folder, which is swapped in only when the whole build succeeded:
//! after a failed build the previous output is untouched.

use std::collections::BTreeSet;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::diag::{Diagnostic, Location};
use crate::render::Sink;

/// Check that `output` is a folder loa may replace, given the site `root`.
pub fn check_output(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let out = absolute(output);
    let refuse = |vi: String, en: String| Err(Diagnostic::error(Location::file(output), vi, en));
    if out == root || root.starts_with(&out) {
        return refuse(
            "thư mục đầu ra không được là thư mục trang hoặc thư mục cha của nó".into(),
            "the output folder must not be the site folder or one of its parents".into(),
        );
    }
    for protected in ["content", "data", "static", "templates", "themes"] {
        if out.starts_with(root.join(protected)) {
            return refuse(
                format!("thư mục đầu ra không được nằm trong {protected}/"),
                format!("the output folder must not be inside {protected}/"),
            );
        }
    }
    if out.join("loa.yaml").exists() {
        return refuse(
            "thư mục đầu ra chứa loa.yaml: đó là một thư mục trang, loa sẽ không ghi đè".into(),
            "the output folder holds loa.yaml: it is a site folder, loa will not replace it".into(),
        );
    }
    if out.exists() && !out.is_dir() {
        return refuse(
            "đường dẫn đầu ra là một tệp, không phải thư mục".into(),
            "the output path is a file, not a folder".into(),
        );
    }
    Ok(())
}

/// Make a path absolute and lexically normal (no `.`/`..`), without touching the disk.
pub fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// A sink writing below a folder, refusing any path that would leave it.
pub struct DirSink {
    dir: PathBuf,
    /// The folder, opened once: files and folders are made relative to it
    /// (`openat`, `mkdirat`), so the system resolves two or three path
    /// components per file instead of the whole absolute path.
    #[cfg(unix)]
    fd: std::os::fd::OwnedFd,
    written: Mutex<BTreeSet<String>>,
}

impl DirSink {
    fn new(dir: PathBuf) -> io::Result<DirSink> {
        #[cfg(unix)]
        let fd = {
            use rustix::fs::{Mode, OFlags};
            rustix::fs::open(
                &dir,
                OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
                Mode::empty(),
            )?
        };
        Ok(DirSink {
            dir,
            #[cfg(unix)]
            fd,
            written: Mutex::new(BTreeSet::new()),
        })
    }

    /// Checks `rel` and records it; its folder exists on success.
    fn prepare(&self, rel: &str) -> io::Result<()> {
        // Relative, `/`-separated, no `.` or `..` segment: never outside
        // the folder (checked on the bytes: a build writes ten thousand).
        let forbidden = |b: u8| b == 0 || b == b'\\' || (cfg!(windows) && b == b':');
        let unsafe_path = rel.is_empty()
            || rel.starts_with('/')
            || rel.bytes().any(forbidden)
            || rel.split('/').any(|s| s == "." || s == "..");
        if unsafe_path {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("unsafe output path `{rel}`"),
            ));
        }
        // The lock only for the insertion: the folder is made after, with
        // the other threads free to write theirs.
        let first =
            (self.written.lock().unwrap_or_else(|e| e.into_inner())).insert(rel.to_string());
        if !first {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("`{rel}` is written twice (two pages share a URL)"),
            ));
        }
        match rel.rsplit_once('/') {
            Some((parent, _)) => self.make_dir(parent),
            None => Ok(()),
        }
    }

    /// Makes the folder `rel` (checked by [`DirSink::prepare`]) and its
    /// parents as needed. Mostly one new folder in one that exists (`slug/`
    /// in its section): tried first.
    #[cfg(unix)]
    fn make_dir(&self, rel: &str) -> io::Result<()> {
        use rustix::io::Errno;
        let mkdir = || rustix::fs::mkdirat(&self.fd, rel, rustix::fs::Mode::from_raw_mode(0o777));
        let made = match mkdir() {
            Err(Errno::NOENT) => {
                if let Some((parent, _)) = rel.rsplit_once('/') {
                    self.make_dir(parent)?;
                }
                mkdir()
            }
            done => done,
        };
        match made {
            // A file of that name fails the write after, with its own error.
            Ok(()) | Err(Errno::EXIST) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    #[cfg(not(unix))]
    fn make_dir(&self, rel: &str) -> io::Result<()> {
        let dir = self.dir.join(rel);
        match std::fs::create_dir(&dir) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
            Err(_) => std::fs::create_dir_all(&dir),
        }
    }

    /// Every path written so far.
    pub fn written(&self) -> BTreeSet<String> {
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl Sink for DirSink {
    #[cfg(unix)]
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        use rustix::fs::{Mode, OFlags};
        use std::io::Write as _;
        self.prepare(rel)?;
        let fd = rustix::fs::openat(
            &self.fd,
            rel,
            OFlags::WRONLY | OFlags::CREATE | OFlags::TRUNC | OFlags::CLOEXEC,
            Mode::from_raw_mode(0o666),
        )?;
        std::fs::File::from(fd).write_all(bytes)
    }
    #[cfg(not(unix))]
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.prepare(rel)?;
        std::fs::write(self.dir.join(rel), bytes)
    }
    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        self.prepare(rel)?;
        std::fs::copy(from, self.dir.join(rel)).map(|_| ())
    }
}

/// A build in progress into a temporary folder beside `output`.
pub struct Staging {
    output: PathBuf,
    pub sink: DirSink,
}

impl Staging {
    pub fn new(output: &Path) -> io::Result<Staging> {
        let output = absolute(output);
        let tmp = sibling(&output, "tmp");
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)?;
        }
        std::fs::create_dir_all(&tmp)?;
        Ok(Staging {
            output,
            sink: DirSink::new(tmp)?,
        })
    }

    /// Swap the finished build in place of the output folder.
    pub fn commit(self) -> io::Result<()> {
        let old = sibling(&self.output, "old");
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        let had_output = self.output.exists();
        if had_output {
            std::fs::rename(&self.output, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.sink.dir, &self.output) {
            if had_output {
                let _ = std::fs::rename(&old, &self.output);
            }
            let _ = std::fs::remove_dir_all(&self.sink.dir);
            return Err(e);
        }
        if had_output {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }

    /// Throw the unfinished build away; the output folder stays as it was.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.sink.dir);
    }
}

fn sibling(output: &Path, what: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.loa-{what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("loa.yaml"), "title: x").unwrap();
        assert!(check_output(root, root).is_err());
        assert!(check_output(root, &root.join("content")).is_err());
        assert!(check_output(root, &root.join("content/x")).is_err());
        assert!(check_output(root, root.parent().unwrap()).is_err());
        assert!(check_output(root, &root.join("public")).is_ok());
    }

    #[test]
    fn sink_refuses_escaping_paths() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(&dir.path().join("public")).unwrap();
        assert!(staging.sink.write("../x", b"a").is_err());
        assert!(staging.sink.write("/etc/x", b"a").is_err());
        assert!(staging.sink.write("a/../../x", b"a").is_err());
        assert!(staging.sink.write("a/..", b"a").is_err());
        assert!(staging.sink.write("./x", b"a").is_err());
        assert!(staging.sink.write("a\\..\\..\\x", b"a").is_err());
        assert!(staging.sink.write("a\0b", b"a").is_err());
        assert!(staging.sink.write("", b"a").is_err());
        assert!(staging.sink.write("a/", b"a").is_err(), "a folder name");
        assert!(
            staging.sink.write("d/e/f/g.html", b"a").is_ok(),
            "new parents"
        );
        assert!(staging.sink.write("a/b.html", b"a").is_ok());
        assert!(
            staging.sink.write("a/b.html", b"a").is_err(),
            "second write of one path"
        );
        staging.commit().unwrap();
        assert!(dir.path().join("public/a/b.html").exists());
        assert_eq!(
            std::fs::read(dir.path().join("public/d/e/f/g.html")).unwrap(),
            b"a"
        );
    }
}

/// A sink that keeps only the list of paths (for `loa check`, which writes nothing).
#[derive(Default)]
pub struct PathSink {
    written: Mutex<BTreeSet<String>>,
}

impl PathSink {
    pub fn written(&self) -> BTreeSet<String> {
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl Sink for PathSink {
    fn write(&self, rel: &str, _: &[u8]) -> io::Result<()> {
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string());
        Ok(())
    }
    fn copy(&self, rel: &str, _: &Path) -> io::Result<()> {
        self.write(rel, &[])
    }
}
