//! A disk that fills up while writing.

use super::*;

/// Mount a small tmpfs (root only); `None` when this machine cannot.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .ok()?
            .success();
        ok.then(|| Tmpfs(dir.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// The disk fills up while writing: the build fails with a diagnostic and
/// the previous output stays as it was. With root, the output folder lives
/// on a 1 MB tmpfs; without, `ulimit -f` caps the size of any file loa
/// writes (the kernel then stops it with SIGXFSZ, a harsher failure: the
/// previous output must survive that too).
#[test]
fn full_disk_keeps_the_previous_output() {
    let h = Hostile::new();
    let disk = h.tmp.path().join("disk");
    // LOA_HOSTILE_NO_MOUNT=1 exercises the fallback on a machine that can mount.
    let tmpfs = if std::env::var_os("LOA_HOSTILE_NO_MOUNT").is_some() {
        None
    } else {
        Tmpfs::mount(&disk, "1m")
    };
    let out = disk.join("public");
    let out_s = out.to_str().unwrap().to_string();
    let build = |env_limit: bool| -> Run {
        let mut cmd = if env_limit {
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg("ulimit -f 512; exec \"$0\" \"$@\"")
                .arg(env!("CARGO_BIN_EXE_loa"));
            c
        } else {
            Command::new(env!("CARGO_BIN_EXE_loa"))
        };
        cmd.args(["build", "--root", h.root_str(), "--output", &out_s])
            .env("SOURCE_DATE_EPOCH", NOW)
            .env("LOA_LANG", "en")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        run_cmd(cmd)
    };
    let limited = tmpfs.is_none();
    if limited {
        std::fs::create_dir_all(&disk).unwrap();
        eprintln!("full_disk: no tmpfs (not root?): simulating with ulimit -f");
    }
    build(limited).ok("first build");
    let before = common::snapshot(&out);
    assert!(!before.is_empty());
    // Now a static file larger than the disk (or the file size limit).
    let big: Vec<u8> = (0..3 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    h.write("static/lon.bin", &big);
    let run = build(limited);
    if limited {
        // Killed by SIGXFSZ (no exit code) or a clean error.
        assert!(
            run.code != Some(0),
            "build succeeded past the file size limit"
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.tail());
    } else {
        run.error("disk full").says("", "No space left on device");
    }
    assert_eq!(
        common::snapshot(&out),
        before,
        "the previous output changed after a failed build"
    );
    if !limited {
        // Nothing left behind on the full disk.
        let left: Vec<_> = std::fs::read_dir(&disk)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != "public")
            .collect();
        assert!(left.is_empty(), "left behind: {left:?}");
        // And once there is room again, the build works.
        std::fs::remove_file(h.path("static/lon.bin")).unwrap();
        build(false).ok("build after freeing space");
    }
}
