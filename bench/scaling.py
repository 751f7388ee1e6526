#!/usr/bin/env python3
"""Scaling curves: leakfence's time and peak RSS against git's floor as the work grows.

- staged: one new file of generated source text staged in a small repository, 1 KB to 1 GB
  (x10 a step); `leakfence pre-commit` against `git diff --cached -U0` (precommit.py's method).
- push: a new branch of 1 to 10,000 commits (x10 a step) pushed, from one repository built by
  prepush.py's generator; `leakfence pre-push` against `git log -p` of the range (prepush.py's method).
The raw numbers replace the scaling section of bench/RESULTS.md; the plots are written to
bench/scaling-staged.png and bench/scaling-push.png by plot_scaling.py, run with matplotlib from a
venv under bench/work/ (created on first use). See bench/README.md.
"""
import argparse, datetime, json, random, shlex, statistics, subprocess, sys, tempfile, time
from pathlib import Path

import precommit, prepush
from common import add_options, binary, check_rounds, clean_env, provenance, write_text
from resultsfile import write_section

BENCH = Path(__file__).resolve().parent
GENERATOR = 1  # bump when the generated content changes: existing repos are rebuilt
SEED = 20261205
SIZES = [10**k for k in range(3, 10)]  # 1 KB ... 1 GB (decimal)
PUSHES = [1, 10, 100, 1_000, 10_000]
PUSH_FILES, PUSH_HISTORY = 2_000, 100  # the push repo: files, commits on the pushed main
BIG_FILE = 512 * 2**20  # git's default core.bigFileThreshold: `git diff` calls a larger file binary


def human(n):
    """1000 -> '1 KB', 10**9 -> '1 GB' (decimal units)."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if n >= scale:
            return f"{n / scale:g} {unit}"
    return f"{n} B"


def staged_repo(work, env, size, rebuild):
    """A 3-file committed repository plus one new staged file of exactly `size` bytes (reused if its marker matches)."""
    top = work / f"staged-{human(size).replace(' ', '')}"
    marker, stamp = top / "scaling.ready", f"generator {GENERATOR}, seed {SEED}, {size} bytes staged\n"
    repo = top / "tiny"
    if not rebuild and marker.exists() and marker.read_text() == stamp and precommit.staged(repo, env):
        return repo
    marker.unlink(missing_ok=True)
    t0 = time.perf_counter()
    top.mkdir(parents=True, exist_ok=True)
    repo = precommit.build(top, env, 3, 0, False, True)
    (repo / "src/generated").mkdir(parents=True, exist_ok=True)
    write_text(random.Random(f"{SEED}-{size}"), repo / "src/generated/tables.rs", "rs", size)
    precommit.git(repo, env, "add", "-A")
    marker.write_text(stamp)
    print(f"built {repo}: {human(size)} staged in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return repo


def point(res, floor, tool_label):
    """Median/p10/p90 ms and peak RSS MiB of the floor and leakfence from one measurement."""
    out = {}
    for key, label in (("floor", floor), ("leakfence", tool_label)):
        r = res[label]
        if r["fail"]:
            out[key] = {"fail": r["fail"]}
            continue
        q = statistics.quantiles(r["ms"], n=10, method="inclusive")
        out[key] = {"ms": statistics.median(r["ms"]), "p10": q[0], "p90": q[-1], "rss_mib": r["rss"] / 1024}
    return out


def staged_curve(work, env, run_env, tool, sizes, runs, warmup, rebuild):
    """[(size, point)] for each staged size."""
    curve = []
    for size in sizes:
        repo = staged_repo(work, env, size, rebuild)
        print(f"== staged {human(size)}: {warmup} warm-up + {runs} rounds", file=sys.stderr)
        cmds = precommit.commands(repo, env, tool, [], False)
        res = precommit.measure(cmds, repo, run_env, runs, warmup)
        curve.append((size, point(res, precommit.FLOOR, cmds[1][0])))
        print(f"   {curve[-1][1]}", file=sys.stderr)
    return curve


def push_curve(work, env, run_env, tool, pushes, runs, warmup, rebuild):
    """[(commits, point, description)] for each push size: a new branch of that many commits."""
    top, repo = prepush.build(work, env, PUSH_FILES, PUSH_HISTORY, max(pushes), rebuild)
    curve = []
    for n in pushes:  # the range ends at an oid: git would walk K parents to resolve `feature~K`
        tip = precommit.git(repo, env, "rev-parse", f"feature~{max(pushes) - n}").strip()
        floor, cmds, _ = prepush.scenario_commands(repo, env, tool, [], str(top / "remote.git"), "refs/heads/feature",
                                                    "origin/main", tip, prepush.ZERO, top)
        desc = prepush.describe(repo, env, "origin/main", tip)
        print(f"== push {n:,} commits ({desc}): {warmup} warm-up + {runs} rounds", file=sys.stderr)
        res = prepush.measure(cmds, repo, run_env, runs, warmup)
        curve.append((n, point(res, floor, cmds[1][0]), desc))
        print(f"   {curve[-1][1]}", file=sys.stderr)
    return curve


def cell(p):
    """'median (p10-p90)' ms, or FAILED."""
    return f"**FAILED** ({p['fail']})" if "fail" in p else f"{p['ms']:,.1f} ({p['p10']:,.1f}–{p['p90']:,.1f})"


def row(name, p, size=None):
    """One markdown table row: floor, leakfence, ratio, both peak RSS (and leakfence's RSS ÷ `size` bytes)."""
    f, t = p["floor"], p["leakfence"]
    ratio = f"{t['ms'] / f['ms']:.2f}×" if "ms" in f and "ms" in t else "n/a"
    ratio = "n/a (git: binary)" if size and size > BIG_FILE else ratio
    rss = lambda x: f"{x['rss_mib']:,.1f}" if "rss_mib" in x else ""
    per_byte = f" {t['rss_mib'] * 2**20 / size:.2f}× |" if size and size >= 10**7 and "rss_mib" in t else ""
    per_byte = per_byte or " |" * (size is not None)  # below 10 MB the process's own footprint dominates
    return f"| {name} | {cell(f)} | {cell(t)} | {ratio} | {rss(f)} | {rss(t)} |{per_byte}"


def plot(data, venv):
    """Draw the PNGs with plot_scaling.py under the venv's Python, installing matplotlib there if missing."""
    python = venv / "bin" / "python"
    if subprocess.run([python, "-c", "import matplotlib"], capture_output=True).returncode if python.exists() else 1:
        print(f"installing matplotlib into {venv}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "matplotlib"], check=True)
    subprocess.run([python, str(BENCH / "plot_scaling.py"), str(data), str(BENCH)], check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_options(ap, 5, 1)
    ap.add_argument("--only", choices=["staged", "push"], help="run one curve")
    ap.add_argument("--max-size", type=int, default=SIZES[-1], help="largest staged size in bytes (default 1e9)")
    ap.add_argument("--max-commits", type=int, default=PUSHES[-1], help="largest push in commits (default 10000)")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the scenario repos")
    ap.add_argument("--no-plot", action="store_true", help="skip the PNGs (--no-write skips them too)")
    args = ap.parse_args()
    check_rounds(ap, args)
    tool, work = binary(args.bin), args.work.resolve() / "scaling"
    work.mkdir(parents=True, exist_ok=True)
    staged = push = []
    with tempfile.TemporaryDirectory(prefix="leakfence-bench-home-") as home:
        run_env = clean_env(home)
        env = {**run_env, "GIT_CEILING_DIRECTORIES": str(work)}  # building: never fall back to the project repo
        if args.only in (None, "staged"):
            staged = staged_curve(work, env, run_env, tool, [s for s in SIZES if s <= args.max_size], args.runs,
                                  args.warmup, args.rebuild)
        if args.only in (None, "push"):
            push = push_curve(work, env, run_env, tool, [n for n in PUSHES if n <= args.max_commits], args.runs,
                              args.warmup, args.rebuild)
        git_version, rev, shown = provenance(env, tool, args.bin_rev)
    head = "| {} | git floor ms, median (p10–p90) | leakfence ms | × floor | floor peak RSS MiB | leakfence peak RSS MiB |"
    parts = []
    if staged:
        parts += ["### staged size: one new file staged", "",
                  "A 3-file repository with one new file of generated Rust-like source staged (exactly that many"
                  " bytes). Floor `git diff --cached -U0`; leakfence `pre-commit`.", "",
                  head.format("staged") + " leakfence RSS ÷ file |", "|---|--:|--:|--:|--:|--:|--:|",
                  *[row(human(s), p, s) for s, p in staged], "",
                  "git's `core.bigFileThreshold` (512 MiB by default) makes `git diff` treat a larger file as binary"
                  " (it prints `Binary files … differ` without reading the text), so at 1 GB the floor is not a diff"
                  " of the text; leakfence scans the file.", ""]
    if push:
        parts += ["### push size: a new branch of N commits", "",
                  f"prepush.py's generator: {PUSH_FILES:,} files, {PUSH_HISTORY} commits on the pushed main, a branch"
                  f" `feature` of {max(n for n, _, _ in push):,} commits off it; the push of `feature~K` as a new"
                  " branch (remote oid all zeros) scans its N commits. Floor `git log -p --no-ext-diff"
                  " origin/main..<oid of feature~K>`; leakfence `pre-push origin <url>` with git's ref line on stdin.", "",
                  head.format("commits"), "|---|--:|--:|--:|--:|--:|", *[row(f"{n:,}", p) for n, p, _ in push], "",
                  *[f"- {n:,}: {d}" for n, _, d in push], ""]
    cmd = shlex.join(["python3", "bench/scaling.py", *sys.argv[1:]])
    section = "\n".join(["## scaling (bench/scaling.py)", "",
                         f"{datetime.date.today()} · {git_version} · leakfence {rev} · binary `{shown}` · per point"
                         f" {args.warmup} warm-up + {args.runs} alternating rounds; peak RSS: GNU time, max over the"
                         " warm-ups. Plots: `bench/scaling-staged.png`, `bench/scaling-push.png`."
                         + (f" {args.note}" if args.note else ""), "",
                         f"Reproduce (from the project root): `{cmd}`", "", *parts])
    print(section)
    if not args.no_write:
        data = work / "scaling.json"
        data.write_text(json.dumps({"staged": [[s, p] for s, p in staged], "push": [[n, p] for n, p, _ in push],
                                    "rev": rev}, indent=1))
        write_section(args.results.resolve(), "scaling", section)
        print(f"updated {args.results}", file=sys.stderr)
        if not args.no_plot:
            plot(data, args.work.resolve() / "plotenv")
    failed = any("fail" in x for _, p, *_ in [*staged, *push] for x in p.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
