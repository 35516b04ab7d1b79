//! Parallel rendering never changes the result: the benchmark corpus built
//! with one thread and with the default pool gives byte-identical folders.
//! 10,000 articles in release builds (`.ci/run` runs
//! `cargo test --release --test parallel`); 2,000 in debug builds.

mod common;

use std::path::Path;
use std::process::Command;

use common::snapshot;

fn shared_bench() -> Option<std::path::PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_corpus.py");
    p.exists().then_some(p)
}

#[test]
fn one_thread_and_many_give_the_same_site() {
    let Some(gen) = shared_bench() else {
        eprintln!("skipped: ../shared/bench/gen_corpus.py is not beside the repository");
        return;
    };
    let n = if cfg!(debug_assertions) {
        2_000
    } else {
        10_000
    };
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let status = Command::new("python3")
        .arg(&gen)
        .args(["--n", &n.to_string(), "--seed", "42", "--out"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    std::fs::write(
        site.join("loa.yaml"),
        "title: Báo Bench\nbase_url: https://bench.example.vn/\npaginate: 20\n",
    )
    .unwrap();
    let build = |threads: &str, out: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_loa"))
            .args(["build", "--root"])
            .arg(&site)
            .arg("--output")
            .arg(dir.path().join(out))
            .env("SOURCE_DATE_EPOCH", "1798761600")
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    build("1", "one");
    build("4", "many");
    let one = snapshot(&dir.path().join("one"));
    let many = snapshot(&dir.path().join("many"));
    assert!(one.len() > n, "{} files", one.len());
    assert_eq!(one.len(), many.len());
    for ((pa, a), (pb, b)) in one.iter().zip(&many) {
        assert_eq!(pa, pb);
        assert!(a == b, "{pa} differs between 1 and 4 threads");
    }
}
