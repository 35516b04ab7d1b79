#!/usr/bin/env python3
"""Time from saving one article to `loa serve` serving the rebuilt page.

Usage: python3 bench/serve_latency.py --site DIR [--loa target/release/loa] [--edits 20]
The site must be a loa site (e.g. a corpus made by bench/run.py --keep, or
../shared/bench/gen_corpus.py plus a loa.yaml). Prints every latency and the
median, and the time the full rebuild behind it took (from loa's log).
"""
import argparse, os, re, socket, statistics, subprocess, sys, time, glob

def get(port, path):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(f"GET {path} HTTP/1.0\r\nHost: x\r\n\r\n".encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
        return data
    except OSError:
        return b""

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", required=True)
    ap.add_argument("--loa", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "loa"))
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--port", type=int, default=18777)
    ap.add_argument("--gap", type=float, default=8.0, help="seconds between saves")
    a = ap.parse_args()
    env = dict(os.environ, SOURCE_DATE_EPOCH="1798761600")
    log = open("/tmp/loa-serve-latency.log", "w")
    proc = subprocess.Popen([a.loa, "serve", "--root", a.site, "--port", str(a.port)], stderr=log, stdout=log, env=env)
    try:
        t0 = time.time()
        while b"200 OK" not in get(a.port, "/")[:40]:
            if time.time() - t0 > 300:
                sys.exit("server did not start")
            time.sleep(0.1)
        print(f"first full build served after {time.time() - t0:.1f} s")
        articles = sorted(p for p in glob.glob(os.path.join(a.site, "content", "*", "*.md")) if not p.endswith("_index.md"))
        path = articles[len(articles) // 2]
        section = os.path.basename(os.path.dirname(path))
        slug = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", os.path.basename(path)[:-3])
        url = f"/{section}/{slug}/"
        original = open(path, encoding="utf-8").read()
        assert b"200 OK" in get(a.port, url)[:40], url
        times = []
        for i in range(a.edits):
            marker = f"Dấu sửa lần {i} {time.time_ns()}"
            text = original.replace("\n---\n", f"\n---\n\n{marker}\n", 1)
            start = time.perf_counter()
            with open(path + ".tmp", "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(path + ".tmp", path)  # editors save by rename-over
            while marker.encode() not in get(a.port, url):
                time.sleep(0.002)
            times.append((time.perf_counter() - start) * 1000)
            time.sleep(a.gap)  # let the full rebuild behind it finish
        open(path, "w", encoding="utf-8").write(original)
        print("edit → served (ms):", " ".join(f"{t:.0f}" for t in times))
        print(f"median {statistics.median(times):.0f} ms over {len(times)} edits of {url}")
    finally:
        proc.terminate()
        proc.wait()
        log.close()
    full = re.findall(r"(?:Đã dựng trong|Built in) (\d+) ms", open("/tmp/loa-serve-latency.log").read())
    if full:
        print("full rebuilds behind them (ms): median", statistics.median(int(x) for x in full[1:] or full))

if __name__ == "__main__":
    main()
