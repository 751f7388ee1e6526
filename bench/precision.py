#!/usr/bin/env python3
"""Precision on third-party code: scan source trees nobody here wrote and count
findings per 100 MB, per detector, so false positives show up as numbers.

Default corpus: the local cargo registry sources (filled by any `cargo build`)
and the running Python's standard library and site-packages. Every finding in
this corpus is either a test fixture in someone else's code or a false
positive; triage is recorded by hand in bench/RESULTS.md.

    python3 bench/precision.py [--bin target/release/leakfence] [DIR...]
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def default_corpus():
    """The cargo registry sources and Python's own library directories."""
    cargo_home = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo"))
    dirs = [cargo_home / "registry" / "src"]
    paths = sysconfig.get_paths()
    dirs += [Path(paths["stdlib"]), Path(paths["purelib"])]
    dirs = [d.resolve() for d in dirs if d.is_dir()]
    # site-packages lives inside the stdlib directory: scan it once.
    return [d for d in dict.fromkeys(dirs) if not any(o != d and o in d.parents for o in dirs)]


def corpus_bytes(dirs):
    """Bytes and files under the directories (regular files, no symlinks, no .git)."""
    total = files = 0
    for d in dirs:
        for root, subdirs, names in os.walk(d):
            subdirs[:] = [s for s in subdirs if s != ".git"]
            for name in names:
                p = os.path.join(root, name)
                if os.path.isfile(p) and not os.path.islink(p):
                    total += os.path.getsize(p)
                    files += 1
    return total, files


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(ROOT / "target/release/leakfence"))
    ap.add_argument("--top", type=int, default=15, help="detectors to list")
    ap.add_argument("dirs", nargs="*", type=Path)
    args = ap.parse_args()
    dirs = args.dirs or default_corpus()
    size, files = corpus_bytes(dirs)
    start = time.perf_counter()
    proc = subprocess.run([args.bin, "scan", "--format", "json", *map(str, dirs)], capture_output=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"leakfence failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")
    doc = json.loads(proc.stdout)
    findings = doc["findings"]
    per_detector = collections.Counter(f["detector"] for f in findings)
    mb = size / 1e6
    print(f"corpus: {', '.join(map(str, dirs))}")
    print(f"{files} files, {mb:.1f} MB, {len(doc['skipped'])} skipped as binary, scanned in {elapsed:.2f} s ({mb / elapsed:.0f} MB/s)")
    print(f"findings: {len(findings)} = {len(findings) / mb * 100:.2f} per 100 MB")
    for detector, count in per_detector.most_common(args.top):
        print(f"  {count:5d}  {detector}")
    for f in findings:
        print(f"    {f['detector']}: {f['path']}:{f['line']}", file=sys.stderr)


if __name__ == "__main__":
    main()
