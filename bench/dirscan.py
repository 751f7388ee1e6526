#!/usr/bin/env python3
"""Benchmark `leakfence scan DIR` on ~100 MB of third-party source against reading every file.

The directory is one released source tree: the sdist of homeassistant 2024.3.3 from PyPI (fetched
with pip into history.py's cache, bench/work/history/sdists/), unpacked under bench/work/dirscan/.
A plain directory, no git.
Floor: `find . -type f -print0 | xargs -0 cat >/dev/null` (every file read once). Then leakfence, leakfence
with a one-detector catalog (its own cost of listing and reading), and the peers' directory modes in
alternating rounds, after one untimed round; median wall time, MB/s, peak RSS, findings. The results replace
the dirscan section of bench/RESULTS.md. See bench/README.md.
"""
import argparse, datetime, json, os, shlex, shutil, statistics, sys, tempfile
from pathlib import Path

import history
from common import add_options, binary, check_rounds, clean_env, find_peers, provenance
from resultsfile import write_section

PACKAGE, VERSION = "homeassistant", "2024.3.3"
FLOOR = "find . -type f -print0 | xargs -0 cat"


def unpack(top, sdist):
    """Unpack the sdist (or reuse it, if its marker matches) into top/<name>; return (dir, files, bytes)."""
    tree, marker = top / f"{PACKAGE}-{VERSION}", top / f"{PACKAGE}-{VERSION}.ready"
    if not (marker.exists() and marker.read_text().startswith(f"{sdist.name} {sdist.stat().st_size}\n")):
        marker.unlink(missing_ok=True)
        shutil.rmtree(tree, ignore_errors=True)
        files = size = 0
        for name, mode, data in history.tar_files(sdist):
            path = tree / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if mode == b"120000":
                path.symlink_to(data.decode())
                continue
            path.write_bytes(data)
            path.chmod(0o755 if mode == b"100755" else 0o644)
            files, size = files + 1, size + len(data)
        marker.write_text(f"{sdist.name} {sdist.stat().st_size}\n{files} {size}\n")
    files, size = map(int, marker.read_text().splitlines()[1].split())
    return tree, files, size


# One detector whose keyword occurs nowhere: leakfence's own cost of listing and reading the tree, with next to
# no scanning, so the rest of a full run is what the catalog costs.
ONE_DETECTOR = """\
- id: reading-floor
  name: A keyword no file holds
  provider: Benchmark
  keywords: [zqxjk]
  pattern: '\\b(zqxjk[a-z0-9]{20})\\b'
  env_var: READING_FLOOR
  examples: ['k = "zqxjk7m2pq9vw4rt8kx3nb6cd"']
  runbook:
    url: https://example.com
    risk: None; it exists to time reading.
    check: [Nothing to check.]
    create: [Nothing to create.]
    revoke: [Nothing to revoke.]
    breaks: [Nothing.]
"""


def commands(tree, tool, peers, reports):
    """(label, argv, stdout file, accepted exit codes, findings counter): floor, leakfence, its reading floor, peers.

    Exit 1 (kingfisher: 200/205) means findings: released code has real-looking test fixtures."""
    out = reports / "leakfence-dir.json"
    one = reports / "reading-floor.yaml"
    one.write_text(ONE_DETECTOR)
    cmds = [(FLOOR, ["/bin/sh", "-c", FLOOR], os.devnull, {0}, None),
            ("leakfence scan DIR --format json", [tool, "scan", str(tree), "--format", "json"], out, {0, 1},
             lambda: len(json.loads(out.read_text())["findings"])),
            ("leakfence scan DIR --detectors <one unused keyword>",
             [tool, "scan", str(tree), "--detectors", str(one)], os.devnull, {0}, None)]
    for name, path in peers:
        rep = reports / f"{name}-dir.json"
        args, codes, count = {
            "gitleaks": (["dir", str(tree), "--no-banner", "--report-format", "json", "--report-path", str(rep)],
                         {0, 1}, lambda rep=rep: len(json.loads(rep.read_text()))),
            "betterleaks": (["filesystem", str(tree), "--no-banner", "--output", str(rep)], {0, 1},
                            lambda rep=rep: history.betterleaks_count(json.loads(rep.read_text()))),
            "kingfisher": (["scan", str(tree), "--no-validate", "--no-update-check", "--format", "json",
                            "--output", str(rep)], {0, 200, 205},
                           lambda rep=rep: history.kingfisher_count(json.loads(rep.read_text()))),
        }[name]
        shown = ["DIR" if a == str(tree) else f"<tmp>/{rep.name}" if a == str(rep) else a for a in args]
        cmds.append((" ".join([name, *shown]), [path, *args], os.devnull, codes, count))
    return cmds


def table(res, cmds, size):
    """Markdown table: median/min/max seconds, ratio to the floor, MB/s, peak RSS, exit codes, findings."""
    floor = statistics.median(res[FLOOR]["s"]) if res[FLOOR]["s"] else None
    rows = ["| command | median s | min | max | × floor | MB/s | peak RSS MiB | exit | findings |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for label, _, _, _, count in cmds:
        r, shown = res[label], label.replace("|", "\\|")  # a pipe inside a table cell ends it, even in code
        if r["fail"]:
            rows.append(f"| `{shown}` | **FAILED** ({r['fail']}) | | | | | | | |")
            continue
        med = statistics.median(r["s"])
        ratio = f"{med / floor:.2f}×" if floor else "n/a"
        rows.append(f"| `{shown}` | {med:.2f} | {min(r['s']):.2f} | {max(r['s']):.2f} | {ratio} | "
                    f"{size / 1e6 / med:,.0f} | {r['rss'] / 1024:.0f} | {'/'.join(map(str, sorted(r['codes'])))} | "
                    f"{history.findings(count)} |")
    return "\n".join(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_options(ap, 5, 0)
    ap.add_argument("--peers", type=Path, help="peer install dir, laid out as /work/shared/bench/README.md says")
    ap.add_argument("--timeout", type=int, default=600, help="seconds before one run is killed (default 600)")
    args = ap.parse_args()
    check_rounds(ap, args)
    tool, work = binary(args.bin), args.work.resolve()
    sdist = history.download(work / "history" / "sdists", PACKAGE, [VERSION], 1)[0]
    top = work / "dirscan"
    reports = top / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    tree, files, size = unpack(top, sdist)
    peers = find_peers(args.peers)
    with tempfile.TemporaryDirectory(prefix="leakfence-bench-home-") as home:
        env = clean_env(home)
        cmds = commands(tree, tool, peers, reports)
        print(f"== {tree}: {files:,} files, {size / 1e6:.0f} MB; 1 untimed + {args.runs} rounds", file=sys.stderr)
        history.measure(cmds, tree, env, 1, args.timeout)  # page cache, kingfisher's rule database under $HOME
        res = history.measure(cmds, tree, env, args.runs, args.timeout)
        body = table(res, cmds, size)
        git_version, rev, shown = provenance(env, tool, args.bin_rev)
        versions = ", ".join(f"{name} {history.version_of(path, env)}" for name, path in peers)
    cmd = shlex.join(["python3", "bench/dirscan.py", *sys.argv[1:]])
    section = (f"## directory scan (bench/dirscan.py)\n\n{datetime.date.today()} · {git_version} · leakfence {rev} · binary `{shown}`"
               + (f" · peers: {versions}" if versions else "") + f" · 1 untimed + {args.runs} alternating rounds,"
               f" median; wall seconds; MB/s = {size / 1e6:.0f} MB ÷ median; peak RSS: GNU time, max over the"
               f" rounds{'. ' + args.note if args.note else ''}\n\nReproduce (from the project root): `{cmd}`\n\nDIR: `{sdist.name}` from PyPI unpacked,"
               f" a plain directory: {files:,} files, {size / 1e6:.0f} MB (Python and JSON translations). Floor:"
               f" `{FLOOR} >/dev/null` run in DIR. `--detectors <one unused keyword>` replaces the catalog with one"
               " detector whose keyword no file holds: leakfence listing and reading the tree, with next to no"
               f" scanning.\n\n{body}\n\nExit 1 (kingfisher: 200) means findings: released"
               " code has real-looking test fixtures; they are counted for context, not judged.\n")
    print(section)
    if not args.no_write:
        write_section(args.results.resolve(), "dirscan", section)
        print(f"updated {args.results}", file=sys.stderr)
    return 1 if any(r["fail"] for r in res.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
