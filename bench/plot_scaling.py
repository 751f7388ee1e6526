"""Draw bench/scaling-staged.png and bench/scaling-push.png from scaling.py's JSON.

Run by scaling.py with the Python of a venv that has matplotlib (bench/work/plotenv):
`plot_scaling.py DATA.json OUT_DIR`. Log-log axes: wall time (median, p10-p90 bars) and peak RSS of
git's floor and of leakfence against the size of the work."""
import json, sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)


BIG_FILE = 512 * 2**20  # git's default core.bigFileThreshold: `git diff` calls a larger file binary


def draw(points, xlabel, floor_label, title, out, rev, sizes=False):
    """Two panels, time and peak RSS, for the floor and leakfence; failed points are left out.

    With sizes (x is bytes): the floor is not drawn past git's big-file threshold (it diffs nothing
    there), and the RSS panel gets a line at 1x the file's size."""
    fig, (t_ax, m_ax) = plt.subplots(1, 2, figsize=(11, 4.2))
    for key, label, style in (("floor", floor_label, "o--"), ("leakfence", "leakfence", "s-")):
        ok = [(x, p[key]) for x, p in points if "ms" in p[key] and not (sizes and key == "floor" and x > BIG_FILE)]
        xs = [x for x, _ in ok]
        med = [q["ms"] for _, q in ok]
        err = [[m - q["p10"] for m, (_, q) in zip(med, ok)], [q["p90"] - m for m, (_, q) in zip(med, ok)]]
        t_ax.errorbar(xs, med, yerr=err, fmt=style, capsize=3, label=label)
        m_ax.plot(xs, [q["rss_mib"] for _, q in ok], style, label=label)
    if sizes:
        xs = [x for x, _ in points]
        m_ax.plot(xs, [x / 2**20 for x in xs], ":", color="gray", label="1× the file")
    for ax, ylabel in ((t_ax, "wall time, ms (median, p10–p90)"), (m_ax, "peak RSS, MiB")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.suptitle(f"{title} (leakfence {rev})")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    print(f"wrote {out}", file=sys.stderr)


def main():
    data, out = json.loads(Path(sys.argv[1]).read_text()), Path(sys.argv[2])
    if data["staged"]:
        draw(data["staged"], "bytes staged (one new file)", "git diff --cached -U0 (text up to 512 MiB)",
             "pre-commit: time and memory vs staged size", out / "scaling-staged.png", data["rev"], sizes=True)
    if data["push"]:
        draw(data["push"], "commits pushed (new branch)", "git log -p <range>",
             "pre-push: time and memory vs commits pushed", out / "scaling-push.png", data["rev"])


if __name__ == "__main__":
    main()
