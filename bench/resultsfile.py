"""Shared by the bench scripts: each owns one marked section of RESULTS.md."""
from pathlib import Path


def write_section(path: Path, name: str, body: str) -> None:
    """Replace the text between `<!-- name:start -->` and `<!-- name:end -->` in
    `path`, or append the section if it is not there yet; the rest is kept."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    old = path.read_text() if path.exists() else "# leakfence benchmarks\n"
    block = f"{start}\n{body}\n{end}"
    i, j = old.find(start), old.find(end)
    path.write_text(old[:i] + block + old[j + len(end):] if 0 <= i < j else old.rstrip("\n") + "\n\n" + block + "\n")
