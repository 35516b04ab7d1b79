#!/usr/bin/env python3
"""Benchmark loa against Hugo on generated Vietnamese news sites.

For each corpus size: generate the corpus with ../shared/bench/gen_corpus.py,
write a loa.yaml for it, lay out the equivalent Hugo site with
make_sites.py --only hugo, then build loa and Hugo alternately --runs times
each (fresh output folder every build, measured with /usr/bin/time -v).
Medians of wall time, CPU time (user + sys) and peak RSS go to RESULTS.md
and stdout, with the ratios the speed targets are written in.

Run from anywhere; paths default relative to the repository root
(the parent of this file's folder).  Python 3.11, standard library only.

    python3 bench/run.py --build                      # full run: 1k, 10k, 50k x 5
    python3 bench/run.py --sizes 1000 --runs 1 --skip-hugo
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TIME = "/usr/bin/time"
BASE_URL = "https://bench.example.vn/"
PAGINATE = 20
FEED_LIMIT = 50
# "Now" for loa (SOURCE_DATE_EPOCH): 2027-01-01T00:00:00Z.  gen_corpus.py dates
# articles up to 2026-10-31 23:59:59 +07:00, so with this fixed "now" no article
# is in the future and loa builds the same articles as Hugo (buildFuture = true).
SOURCE_DATE_EPOCH = "1798761600"
STDERR_TAIL = 40


class BuildFailed(Exception):
    pass


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,50000",
                    help="comma-separated article counts (default 1000,10000,50000)")
    ap.add_argument("--runs", type=int, default=5, help="builds per generator and size (default 5)")
    ap.add_argument("--seed", type=int, default=42, help="corpus seed (default 42)")
    ap.add_argument("--loa", default=None,
                    help="loa binary (default target/release/loa under the repo root)")
    ap.add_argument("--build", action="store_true",
                    help="run `cargo build --release` in the repo root first")
    ap.add_argument("--work", default=None,
                    help="work folder for corpora, sites and outputs; default: a new folder in "
                         "memory (/dev/shm, tmpfs) when the machine has one, else under /tmp. "
                         "Pass a folder on disk to measure the disk too (see bench/README.md) "
                         "(default: a new temp folder under /tmp, deleted at the end unless --keep)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    ap.add_argument("--shared", default=None,
                    help="the shared/ folder holding bench/gen_corpus.py and bench/make_sites.py "
                         "(default <repo>/../shared)")
    ap.add_argument("--skip-hugo", action="store_true", help="build loa only")
    ap.add_argument("--skip-loa", action="store_true", help="build Hugo only")
    ap.add_argument("--out", default=None, help="Markdown report (default bench/RESULTS.md under the repo root)")
    args = ap.parse_args(argv)
    try:
        args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        ap.error(f"--sizes: not a comma-separated list of integers: {args.sizes!r}")
    if not args.sizes or any(n <= 0 for n in args.sizes):
        ap.error("--sizes: need at least one positive size")
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    if args.skip_hugo and args.skip_loa:
        ap.error("--skip-hugo and --skip-loa together leave nothing to measure")
    args.loa = Path(args.loa).resolve() if args.loa else REPO / "target" / "release" / "loa"
    args.shared = Path(args.shared).resolve() if args.shared else (REPO.parent / "shared").resolve()
    args.out = Path(args.out).resolve() if args.out else REPO / "bench" / "RESULTS.md"
    return args


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------

def capture(cmd, cwd=None) -> str:
    """stdout of a command, stripped; '' if it fails or is missing."""
    try:
        r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return ""
    return r.stdout.strip() if r.returncode == 0 else ""


def run_checked(cmd, what: str, cwd=None, env=None) -> None:
    log(f"$ {shlex.join(str(c) for c in cmd)}")
    r = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        tail = "\n".join(r.stdout.splitlines()[-STDERR_TAIL:])
        raise BuildFailed(f"{what} failed (exit {r.returncode}):\n{tail}")


def parse_elapsed(s: str) -> float:
    """'1:02:03', '1:02.34' or '0:01.43' -> seconds."""
    secs = 0.0
    for part in s.strip().split(":"):
        secs = secs * 60 + float(part)
    return secs


def parse_time_v(path: Path) -> dict:
    out = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        key, sep, val = line.rpartition(": ")
        if not sep:
            continue
        if key.startswith("Elapsed (wall clock) time"):
            out["wall"] = parse_elapsed(val)
        elif key == "User time (seconds)":
            out["user"] = float(val)
        elif key == "System time (seconds)":
            out["sys"] = float(val)
        elif key == "Maximum resident set size (kbytes)":
            out["rss_kib"] = int(val)
    missing = {"wall", "user", "sys", "rss_kib"} - out.keys()
    if missing:
        raise BuildFailed(f"could not read {sorted(missing)} from {path}:\n{path.read_text(errors='replace')}")
    out["cpu"] = out["user"] + out["sys"]
    return out


def count_pages(out_dir: Path) -> tuple[int, int]:
    """(index.html pages, all files) in a build output."""
    pages = files = 0
    for _root, _dirs, names in os.walk(out_dir):
        files += len(names)
        pages += names.count("index.html")
    return pages, files


def tail(path: Path, n: int = STDERR_TAIL) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return "(no stderr captured)"
    return "\n".join(lines[-n:]) if lines else "(stderr is empty)"


def yq(s: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def fmt_s(x: float) -> str:
    return f"{x:.2f}"


def fmt_mib(kib: float) -> str:
    return f"{kib / 1024:.0f}"


def fmt_n(n: int) -> str:
    return f"{n:,}"


# --------------------------------------------------------------------------
# Sites
# --------------------------------------------------------------------------

def write_loa_yaml(corpus: Path) -> None:
    meta = json.loads((corpus / "corpus.json").read_text(encoding="utf-8"))
    lines = [
        f"title: {yq(meta.get('site_name', 'Tin tức'))}",
        f"base_url: {BASE_URL}",
        f"description: {yq(meta.get('site_description', meta.get('site_name', 'Tin tức')))}",
        f"paginate: {PAGINATE}",
        f"feed_limit: {FEED_LIMIT}",
        "menu:",
    ]
    # Same header menu as the Hugo site: one entry per section, by weight.
    for s in sorted(meta.get("sections", []), key=lambda s: (s.get("weight", 99), s["slug"])):
        lines.append(f"  - {{ title: {yq(s['title'])}, section: {s['slug']} }}")
    (corpus / "loa.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def prepare_size(n: int, args, work: Path) -> dict:
    d = work / f"n{n}"
    corpus, sites = d / "corpus", d / "sites"
    d.mkdir(parents=True, exist_ok=True)
    run_checked([sys.executable, args.shared / "bench" / "gen_corpus.py",
                 "--n", str(n), "--seed", str(args.seed), "--out", corpus], f"gen_corpus.py --n {n}")
    write_loa_yaml(corpus)
    hugo_site = None
    if not args.skip_hugo:
        run_checked([sys.executable, args.shared / "bench" / "make_sites.py",
                     "--corpus", corpus, "--out", sites, "--only", "hugo"], f"make_sites.py (n={n})")
        hugo_site = sites / "hugo"
    return {"dir": d, "loa_site": corpus, "hugo_site": hugo_site}


def build_commands(gen: str, site: dict, args, out_dir: Path):
    if gen == "loa":
        env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
        return [str(args.loa), "build", "--root", str(site["loa_site"]), "--output", str(out_dir)], env
    return ["hugo", "--source", str(site["hugo_site"]), "--destination", str(out_dir), "--quiet"], dict(os.environ)


def timed_build(gen: str, n: int, run: int, site: dict, args) -> dict:
    d: Path = site["dir"]
    out_dir = d / f"out-{gen}"
    if out_dir.exists():
        shutil.rmtree(out_dir)  # every build starts from nothing
    time_file = d / f"time-{gen}.txt"
    err_file = d / f"stderr-{gen}.txt"
    cmd, env = build_commands(gen, site, args, out_dir)
    os.sync()  # flush the previous build's writes so they are not billed to this one
    with open(err_file, "wb") as err:
        r = subprocess.run([TIME, "-v", "-o", str(time_file)] + cmd, env=env,
                           stdin=subprocess.DEVNULL, stdout=err, stderr=err)
    if r.returncode != 0:
        raise BuildFailed(f"{gen} build failed at {fmt_n(n)} articles, run {run + 1} "
                          f"(exit {r.returncode}):\n$ {shlex.join(cmd)}\n"
                          f"--- last {STDERR_TAIL} lines of output ({err_file}) ---\n{tail(err_file)}")
    m = parse_time_v(time_file)
    m["stderr_lines"] = len(err_file.read_bytes().splitlines())
    # A build that exits 0 but does not write the site is not a fast build.
    m["pages"], m["files"] = count_pages(out_dir) if out_dir.is_dir() else (0, 0)
    if m["pages"] < n:
        raise BuildFailed(f"{gen} exited 0 at {fmt_n(n)} articles, run {run + 1}, but {out_dir} holds "
                          f"{fmt_n(m['pages'])} index.html pages ({fmt_n(m['files'])} files) for "
                          f"{fmt_n(n)} articles: the site was not built.\n$ {shlex.join(cmd)}\n"
                          f"--- last {STDERR_TAIL} lines of output ({err_file}) ---\n{tail(err_file)}")
    log(f"  {gen:4} n={n:<6} run {run + 1}/{args.runs}: wall {m['wall']:.2f} s, "
        f"cpu {m['cpu']:.2f} s, peak RSS {m['rss_kib'] / 1024:.0f} MiB"
        + (f", {m['stderr_lines']} stderr lines" if m["stderr_lines"] else ""))
    return m


# --------------------------------------------------------------------------
# Machine description
# --------------------------------------------------------------------------

def machine_info(args) -> dict:
    cpu = ""
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in open("/proc/meminfo", encoding="utf-8"):
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    commit = capture(["git", "rev-parse", "--short=12", "HEAD"], cwd=REPO) or "no commit yet"
    # --no-optional-locks: read-only, do not refresh the index.
    if capture(["git", "--no-optional-locks", "status", "--porcelain"], cwd=REPO):
        commit += " (working tree has uncommitted changes)"
    return {
        "nproc": capture(["nproc"]) or str(os.cpu_count()),
        "cpu": cpu or platform.processor() or "unknown",
        "memory": mem or "unknown",
        "kernel": capture(["uname", "-r"]) or platform.release(),
        "os": (capture(["sh", "-c", ". /etc/os-release && echo \"$PRETTY_NAME\""]) or platform.platform()),
        "hugo": "not measured" if args.skip_hugo else (capture(["hugo", "version"]) or "unknown"),
        "loa": "not measured" if args.skip_loa else (capture([str(args.loa), "--version"]) or str(args.loa)),
        "commit": commit,
        "filesystem": "",
        "load_start": " ".join(open("/proc/loadavg").read().split()[:3]) if os.path.exists("/proc/loadavg") else "",
    }


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------

def summarise(runs: list[dict]) -> dict:
    return {
        "wall": statistics.median(r["wall"] for r in runs),
        "cpu": statistics.median(r["cpu"] for r in runs),
        "rss_kib": statistics.median(r["rss_kib"] for r in runs),
        "wall_min": min(r["wall"] for r in runs),
        "wall_max": max(r["wall"] for r in runs),
    }


def md_table(header: list[str], rows: list[list[str]], align: str) -> str:
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join(":---" if a == "l" else "---:" for a in align) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def report(args, machine: dict, results: dict, pages: dict, command: str, date: str) -> tuple[str, str]:
    """(full Markdown report, the part printed to stdout)."""
    gens = [g for g in ("loa", "hugo") if not getattr(args, f"skip_{g}")]
    med = {(g, n): summarise(results[(g, n)]) for (g, n) in results}

    rows = []
    for n in args.sizes:
        for g in gens:
            s = med[(g, n)]
            p, f = pages.get((g, n), (0, 0))
            rows.append([fmt_n(n), g, fmt_s(s["wall"]), f"{fmt_s(s['wall_min'])}–{fmt_s(s['wall_max'])}",
                         fmt_s(s["cpu"]), fmt_mib(s["rss_kib"]), fmt_n(p), fmt_n(f)])
    main_table = md_table(["articles", "generator", "wall (s)", "wall range (s)", "CPU user+sys (s)",
                           "peak RSS (MiB)", "pages", "files"], rows, "rlrrrrrr")

    parts = [main_table]
    ratio_table = ""
    if len(gens) == 2:
        rrows = []
        for n in args.sizes:
            lo, hu = med[("loa", n)], med[("hugo", n)]
            rrows.append([fmt_n(n),
                          f"{hu['wall'] / lo['wall']:.1f} ×" if lo["wall"] > 0 else "∞",
                          f"{hu['cpu'] / lo['cpu']:.1f} ×" if lo["cpu"] > 0 else "∞",
                          f"{lo['rss_kib'] / hu['rss_kib']:.3f}"])
        ratio_table = md_table(["articles", "Hugo / loa wall", "Hugo / loa CPU", "loa / Hugo peak RSS"],
                               rrows, "rrrr")
        parts.append(ratio_table)

    scaling = []
    for g in gens:
        if (g, 10000) in med and (g, 50000) in med:
            scaling.append(f"{g} 50k / 10k wall: {med[(g, 50000)]['wall'] / med[(g, 10000)]['wall']:.2f} ×")
    if scaling:
        parts.append("\n".join(f"- {s}" for s in scaling))

    # Targets from the issue "Speed: ten times faster than Hugo on a news site".
    trows = []
    if len(gens) == 2 and 10000 in args.sizes:
        lo, hu = med[("loa", 10000)], med[("hugo", 10000)]
        sp = hu["wall"] / lo["wall"] if lo["wall"] > 0 else float("inf")
        mr = lo["rss_kib"] / hu["rss_kib"]
        trows.append(["10,000 articles: loa wall ≤ 1/10 of Hugo's", f"Hugo / loa = {sp:.1f} ×",
                      "met" if sp >= 10 else "NOT met"])
        trows.append(["10,000 articles: loa peak RSS ≤ 1/4 of Hugo's", f"loa / Hugo = {mr:.3f}",
                      "met" if mr <= 0.25 else "NOT met"])
    if ("loa", 10000) in med and ("loa", 50000) in med:
        sc = med[("loa", 50000)]["wall"] / med[("loa", 10000)]["wall"]
        trows.append(["loa wall at 50,000 ≤ 5.5 × loa wall at 10,000", f"{sc:.2f} ×",
                      "met" if sc <= 5.5 else "NOT met"])
    target_table = md_table(["target", "measured", "status"], trows, "lll") if trows else ""
    if target_table:
        parts.append(target_table)

    stdout_text = "\n\n".join(parts)

    mrows = [["date (UTC)", date], ["CPUs (nproc)", machine["nproc"]], ["CPU model", machine["cpu"]],
             ["memory", machine["memory"]], ["kernel", machine["kernel"]], ["OS", machine["os"]],
             ["hugo", machine["hugo"]], ["loa", machine["loa"]], ["loa commit", machine["commit"]],
             ["work folder (corpus and outputs)", machine.get("filesystem", "")],
             ["load average at start / end", f"{machine['load_start']} / {machine.get('load_end', '')}"],
             ["corpus", f"gen_corpus.py --seed {args.seed}, sizes {', '.join(fmt_n(n) for n in args.sizes)}"],
             ["runs", f"{args.runs} per generator and size, alternating, medians reported"]]
    machine_table = md_table(["", ""], mrows, "ll")

    raw = []
    for n in args.sizes:
        for g in gens:
            for i, r in enumerate(results[(g, n)], 1):
                raw.append([fmt_n(n), g, str(i), fmt_s(r["wall"]), fmt_s(r["user"]), fmt_s(r["sys"]),
                            fmt_mib(r["rss_kib"]), fmt_n(r["stderr_lines"])])
    raw_table = md_table(["articles", "generator", "run", "wall (s)", "user (s)", "sys (s)",
                          "peak RSS (MiB)", "stderr lines"], raw, "rlrrrrrr")

    md = [
        "# loa vs Hugo: build benchmark",
        "",
        f"Generated by `bench/run.py` on {date}. Command: `{command}`.",
        "",
        "Each size is a corpus from `shared/bench/gen_corpus.py` (Vietnamese provincial news, 8 sections, "
        "tags, summaries). loa builds it with a `loa.yaml` (paginate 20, feed_limit 50, one menu entry per "
        f"section, `SOURCE_DATE_EPOCH={SOURCE_DATE_EPOCH}`); Hugo builds the same corpus laid out by "
        "`shared/bench/make_sites.py --only hugo` (article pages with a 10-item \"Tin cùng chuyên mục\" box, "
        "section lists of 20, tags, home, RSS, sitemap). The two builds alternate, each into an empty output "
        "folder, timed by `/usr/bin/time -v`. CPU is user + system time; peak RSS is the maximum resident set "
        "size. \"pages\" counts `index.html` files in the output of the last build (a build with fewer "
        "pages than articles is treated as a failure).",
        "",
        "## Machine",
        "",
        machine_table,
        "",
        f"## Results (medians of {args.runs})",
        "",
        main_table,
        "",
    ]
    if ratio_table:
        md += ["## Ratios", "", ratio_table, ""]
    if scaling:
        md += ["## Scaling", "", "\n".join(f"- {s}" for s in scaling), ""]
    if target_table:
        md += ["## Targets", "", target_table, ""]
    md += [
        "## All runs", "", raw_table, "",
        "## Reproduce", "",
        "On a Debian machine, from the repository root: `sh bench/install.sh`, then "
        f"`{command}`. Absolute times move by about 30 % with machine load; compare the generators "
        "within one run, as ratios.",
        "",
    ]
    return "\n".join(md), stdout_text


# --------------------------------------------------------------------------

def main(argv=None) -> int:
    args = parse_args(argv)
    for tool in ("gen_corpus.py", "make_sites.py"):
        if not (args.shared / "bench" / tool).is_file():
            log(f"error: {args.shared / 'bench' / tool} not found (use --shared DIR)")
            return 2
    if not os.access(TIME, os.X_OK):
        log(f"error: {TIME} not found: apt-get install -y time (or sh bench/install.sh)")
        return 2
    if not args.skip_hugo and not shutil.which("hugo"):
        log("error: hugo not found: apt-get install -y hugo (or sh bench/install.sh), or use --skip-hugo")
        return 2
    if not args.skip_loa:
        if args.build:
            try:
                run_checked(["cargo", "build", "--release"], "cargo build --release", cwd=REPO)
            except BuildFailed as e:
                log(f"error: {e}")
                return 1
        if not os.access(args.loa, os.X_OK):
            log(f"error: loa binary {args.loa} not found: build it (cargo build --release), "
                "pass --build, or point --loa at it")
            return 2

    shown = ["python3", "bench/run.py"]
    if argv is None:
        argv = sys.argv[1:]
    shown += argv
    command = shlex.join(shown)
    date = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    machine = machine_info(args)

    own_work = args.work is None
    # In memory by default: on this kind of VM (ext4 without a journal) the
    # kernel's inode allocator skips inodes deleted in the last 12 hours, one
    # buffer-cache lookup each, so creating a file costs more the more files
    # the machine deleted recently (earlier benchmark runs): disk noise that
    # swamps both generators. bench/README.md has the measurements.
    tmp_root = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else "/tmp"
    work = Path(tempfile.mkdtemp(prefix="loa-bench-", dir=tmp_root)) if own_work else Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    log(f"work folder: {work}")
    fs = capture(["df", "--output=fstype", str(work)])
    machine["filesystem"] = f"{work} ({fs.splitlines()[-1].strip() if fs else 'unknown filesystem'})"

    gens = [g for g in ("loa", "hugo") if not getattr(args, f"skip_{g}")]
    results: dict = {}
    pages: dict = {}
    try:
        for n in args.sizes:
            log(f"== {fmt_n(n)} articles")
            site = prepare_size(n, args, work)
            for g in gens:
                results[(g, n)] = []
            for run in range(args.runs):
                # Alternate, and swap which generator goes first on every run,
                # so neither always gets the colder (or warmer) machine.
                order = gens if run % 2 == 0 else gens[::-1]
                for g in order:
                    results[(g, n)].append(timed_build(g, n, run, site, args))
            for g in gens:
                last = results[(g, n)][-1]
                pages[(g, n)] = (last["pages"], last["files"])
            if own_work and not args.keep:
                shutil.rmtree(site["dir"], ignore_errors=True)  # free disk before the next size
    except BuildFailed as e:
        log(f"error: {e}")
        log(f"(work folder kept for inspection: {work})")
        return 1
    except KeyboardInterrupt:
        log(f"interrupted (work folder: {work})")
        return 130

    machine["load_end"] = " ".join(open("/proc/loadavg").read().split()[:3]) if os.path.exists("/proc/loadavg") else ""
    md, text = report(args, machine, results, pages, command, date)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(md, encoding="utf-8")
    print(text)
    print(f"\nwrote {args.out}")
    if own_work and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        log(f"work folder kept: {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
