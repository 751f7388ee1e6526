#!/usr/bin/env python3
"""Benchmark `leakfence scan` of one large file, by path and on stdin, against reading it (`cat`).

The file is generated source text (common.write_text, fixed seed) of 100 MB and 1 GB, written once
under bench/work/bigfile/. Commands run in alternating rounds after one untimed round; median wall
time and peak RSS. `scan` reads a text longer than 64 MiB in pieces, so its peak RSS should stay flat
as the file grows. The results replace the scanfile section of bench/RESULTS.md. See bench/README.md.
"""
import argparse, datetime, os, random, shlex, statistics, sys, tempfile
from pathlib import Path

import history
from common import add_options, binary, check_rounds, clean_env, provenance, write_text
from resultsfile import write_section

SEED = 20261204
SIZES = [10**8, 10**9]


def text_file(top, size):
    """The generated file of `size` bytes (reused if complete)."""
    path = top / f"text-{size // 10**6}MB.rs"
    if not (path.exists() and path.stat().st_size == size):
        print(f"writing {path}", file=sys.stderr)
        write_text(random.Random(f"{SEED}-{size}"), path, "rs", size)
    return path


def commands(path, tool):
    """(label, argv, stdout file, accepted exit codes, findings counter) for one file."""
    quoted = shlex.quote(str(path))
    return [("cat FILE", ["/bin/sh", "-c", f"cat {quoted}"], os.devnull, {0}, None),
            ("leakfence scan FILE", [tool, "scan", str(path)], os.devnull, {0, 1}, None),
            ("leakfence scan - < FILE", ["/bin/sh", "-c", f"exec {shlex.quote(tool)} scan - < {quoted}"],
             os.devnull, {0, 1}, None)]


def table(res, cmds, size):
    """Markdown table: median/min/max seconds, MB/s, peak RSS and RSS over the file's size."""
    rows = ["| command | median s | min | max | MB/s | peak RSS MiB | RSS ÷ file |", "|---|--:|--:|--:|--:|--:|--:|"]
    for label, *_ in cmds:
        r = res[label]
        if r["fail"]:
            rows.append(f"| `{label}` | **FAILED** ({r['fail']}) | | | | | |")
            continue
        med = statistics.median(r["s"])
        rows.append(f"| `{label}` | {med:.2f} | {min(r['s']):.2f} | {max(r['s']):.2f} |"
                    f" {size / 1e6 / med:,.0f} | {r['rss'] / 1024:.0f} | {r['rss'] * 1024 / size:.2f}× |")
    return "\n".join(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_options(ap, 3, 0)
    ap.add_argument("--max-size", type=int, default=SIZES[-1], help="largest file in bytes (default 1e9)")
    args = ap.parse_args()
    check_rounds(ap, args)
    tool, top = binary(args.bin), args.work.resolve() / "bigfile"
    top.mkdir(parents=True, exist_ok=True)
    parts, failed = [], False
    with tempfile.TemporaryDirectory(prefix="leakfence-bench-home-") as home:
        env = clean_env(home)
        for size in [s for s in SIZES if s <= args.max_size]:
            path = text_file(top, size)
            cmds = commands(path, tool)
            print(f"== {path.name}: 1 untimed + {args.runs} rounds", file=sys.stderr)
            history.measure(cmds, top, env, 1, 600)
            res = history.measure(cmds, top, env, args.runs, 600)
            parts += [f"### {size // 10**6:,} MB", "", table(res, cmds, size), ""]
            failed |= any(r["fail"] for r in res.values())
        git_version, rev, shown = provenance(env, tool, args.bin_rev)
    cmd = shlex.join(["python3", "bench/bigfile.py", *sys.argv[1:]])
    section = "\n".join([
        "## one large file (bench/bigfile.py)", "",
        f"{datetime.date.today()} · {git_version} · leakfence {rev} · binary `{shown}` · 1 untimed +"
        f" {args.runs} alternating rounds, median; wall seconds; peak RSS: GNU time, max over the rounds"
        + (f". {args.note}" if args.note else ""), "",
        f"Reproduce (from the project root): `{cmd}`", "",
        "FILE: generated Rust-like source (fixed seed), no credentials. `scan` reads a file or stdin longer than"
        " 64 MiB in 64 MiB pieces with 1 MiB of context on either side, so its memory does not grow with the file.",
        "", *parts])
    print(section)
    if not args.no_write:
        write_section(args.results.resolve(), "scanfile", section)
        print(f"updated {args.results}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
