#!/usr/bin/env python3
"""Benchmark `leakfence pre-commit` on a ~100 MB staged change against `git diff --cached -U0`.

Three deterministic scenarios under bench/work/bigstage-*/, each a 10,000-file repository built by
precommit.py's generator, then generated source text staged with `git add`:
- mix: ~100 MB: ~1,000 existing files grow by 2-18 KB each and ~9,000 new 2-18 KB files appear;
- one: a single new ~100 MB file;
- grown: a ~100 MB file is committed, then grows by ~1 MB (the blob is too long to diff whole).
Every command runs in alternating rounds with the floor (precommit.py's method: clean environment,
peak RSS from the warm-ups under GNU time); the results replace the bigstage section of
bench/RESULTS.md. See bench/README.md.
"""
import argparse, datetime, random, shlex, subprocess, sys, tempfile, time
from pathlib import Path

import precommit
from common import add_options, binary, check_rounds, clean_env, find_peers, provenance, write_text
from resultsfile import write_section

GENERATOR = 1  # bump when the generated change differs: existing scenarios are rebuilt
SEED = 20261204
BASE_FILES = 10_000


def grow(rng, path, size):
    """Append functions in the file's language to `path` until about `size` bytes were added."""
    body, added = precommit.LANGS[path.suffix[1:]][1], 0
    with open(path, "ab") as f:
        while added < size:
            chunk = precommit.fill(rng, body).encode()
            f.write(chunk)
            added += len(chunk)
    return added


def build(work, env, kind, size_mb, rebuild):
    """Build (or reuse, if its marker matches) scenario `kind` ("mix", "one" or "grown"); return the repo."""
    top, marker = work / f"bigstage-{kind}", work / f"bigstage-{kind}.ready"
    stamp = f"generator {GENERATOR}, seed {SEED}, {BASE_FILES} base files, {kind}, {size_mb} MB staged\n"
    repo = top / f"{BASE_FILES // 1000}k"
    if not rebuild and marker.exists() and marker.read_text() == stamp and precommit.staged(repo, env):
        return repo
    marker.unlink(missing_ok=True)
    t0 = time.perf_counter()
    top.mkdir(parents=True, exist_ok=True)
    repo = precommit.build(top, env, BASE_FILES, 0, False, True)  # the committed base, checked out
    rng, target, total = random.Random(f"{SEED}-{kind}-{size_mb}"), size_mb * 1_000_000, 0
    if kind in ("one", "grown"):
        (repo / "src/generated").mkdir(parents=True, exist_ok=True)
        total = write_text(rng, repo / "src/generated/tables.rs", "rs", target)
        if kind == "grown":
            precommit.git(repo, env, "add", "-A")
            precommit.git(repo, env, "commit", "-q", "-m", "generated tables")
            total = grow(rng, repo / "src/generated/tables.rs", 1_000_000)
    else:
        paths = [p for p in precommit.git(repo, env, "ls-files").split() if not p.endswith(".md")]
        for p in rng.sample(paths, BASE_FILES // 10):  # a tenth of the files grow
            total += grow(rng, repo / p, rng.randint(2_000, 18_000))
        while total < target:  # new files next to existing ones, in their directory's language
            near = rng.choice(paths)
            new = repo / f"{near.rsplit('/', 1)[0]}/gen_{rng.choice(precommit.WORDS)}_{total}.{near.rsplit('.', 1)[1]}"
            total += write_text(rng, new, new.suffix[1:], rng.randint(2_000, 18_000))
    precommit.git(repo, env, "add", "-A")
    marker.write_text(stamp)
    print(f"built {repo}: {total / 1e6:.0f} MB staged in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return repo


def staged_size(repo, env):
    """(files staged, bytes they add): from `git diff --cached --numstat` and the staged blobs' sizes."""
    files = precommit.staged(repo, env)
    out = subprocess.run(["git", "diff", "--cached", "-U0"], cwd=repo, env=env, stdout=subprocess.PIPE, check=True)
    added = sum(len(line) - 1 for line in out.stdout.split(b"\n") if line.startswith(b"+") and not line.startswith(b"+++"))
    return len(files), added, len(out.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_options(ap, 5, 1)
    ap.add_argument("--peers", type=Path, help="peer install dir, laid out as /work/shared/bench/README.md says")
    ap.add_argument("--only", choices=["mix", "one", "grown"], help="run one scenario")
    ap.add_argument("--size-mb", type=int, default=100,
                    help="MB of new text staged, or of the file that grows (default 100)")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the scenario repos")
    args = ap.parse_args()
    check_rounds(ap, args)
    tool, work = binary(args.bin), args.work.resolve()
    # the peers' staged modes read the index; the two that take file names are left to precommit.py
    modes = {name: (name, path, a, files) for name, path, a, files in precommit.PEERS}
    peers = [(name, path, modes[name][2], 0) for name, path in find_peers(args.peers)]
    sections, failed = [], False
    with tempfile.TemporaryDirectory(prefix="leakfence-bench-home-") as home:
        run_env = clean_env(home)
        env = {**run_env, "GIT_CEILING_DIRECTORIES": str(work)}  # building: never fall back to the project repo
        size = args.size_mb
        titles = {"mix": f"{size} MB staged: a tenth of the files grown, the rest in new files",
                  "one": f"{size} MB staged: one new file",
                  "grown": f"a committed {size} MB file grown by 1 MB"}
        for kind in [k for k in titles if args.only in (None, k)]:
            repo = build(work, env, kind, size, args.rebuild)
            n, added, diff = staged_size(repo, env)
            title = titles[kind]
            desc = (f"{precommit.describe(repo, env)}; staged paths: {n:,}, {added / 1e6:.1f} MB of added lines, "
                    f"`git diff --cached -U0` prints {diff / 1e6:.1f} MB")
            print(f"== {title} ({desc}): {args.warmup} warm-up + {args.runs} rounds", file=sys.stderr)
            res = precommit.measure(precommit.commands(repo, env, tool, peers, False), repo, run_env, args.runs,
                                    args.warmup)
            failed |= any(r["fail"] for r in res.values())
            sections.append(f"### {title}\n\n{desc}\n\n{precommit.table(res)}\n")
            print(sections[-1])
        git_version, rev, shown = provenance(env, tool, args.bin_rev)
    cmd = shlex.join(["python3", "bench/bigstage.py", *sys.argv[1:]])
    header = (f"## big staged change (bench/bigstage.py)\n\n{datetime.date.today()} · {git_version} · leakfence "
              f"{rev} · binary `{shown}` · {args.warmup} warm-up + {args.runs} alternating rounds; times in ms; "
              f"peak RSS: GNU time, max over the warm-ups{'. ' + args.note if args.note else ''}\n\nReproduce (from the project root): `{cmd}`\n")
    if not args.no_write:
        write_section(args.results.resolve(), "bigstage", "\n".join([header, *sections]))
        print(f"updated {args.results}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
