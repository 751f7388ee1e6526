//! Where a detector's regex runs: the lines around each of its keyword hits
//! that a match can reach, merged, so large texts are not run through every
//! regex end to end.

use std::ops::Range;

use crate::detectors::reach::Reach;

/// How far around a keyword a match of an unbounded pattern may reach:
/// generous, so multi-line keys (a PEM body runs to a few KB after its BEGIN
/// line) are covered. A bounded pattern reaches only its longest match.
/// Windows then widen to whole lines.
const WINDOW_BEFORE: usize = 2 * 1024;
const WINDOW_AFTER: usize = 16 * 1024;
/// Past this many line feeds in a match, counting lines costs more than the
/// byte bound saves.
const MAX_LINES_AROUND: usize = 16;

/// Merged, line-aligned windows of `text` around sorted keyword offsets,
/// each covering every match that can hold the keyword.
pub(super) fn windows(text: &[u8], offsets: impl Iterator<Item = usize>, reach: Reach) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for pos in offsets {
        let lines = LineBounds {
            text,
            covered: out.last().map_or(0, |last| last.end),
        };
        let window = around(&lines, pos, reach);
        match out.last_mut() {
            Some(last) if window.start <= last.end => last.end = last.end.max(window.end),
            _ => out.push(window),
        }
    }
    out
}

/// The whole lines within `reach` of the line holding a keyword at `pos`:
/// as many bytes as the longest match, and no more lines than a match can
/// cross. A match need not hold the keyword itself, only touch its line
/// (`ASANA_PAT="2/..."` matches just the token); the self-test checks that.
fn around(lines: &LineBounds<'_>, pos: usize, reach: Reach) -> Range<usize> {
    let (before, after) = reach.bytes.map_or((WINDOW_BEFORE, WINDOW_AFTER), |b| (b, b));
    let line = lines.start(pos)..lines.end(pos);
    let mut from = lines.start(line.start.saturating_sub(before));
    // The last byte a match can end with, and the rest of its line.
    let mut to = match after {
        0 => line.end,
        _ => lines.end((line.end + after - 1).min(lines.text.len())),
    };
    if let Some(count) = reach.newlines.filter(|&n| n <= MAX_LINES_AROUND) {
        let mut start = line.start;
        let mut end = line.end;
        for _ in 0..count {
            start = lines.start(start.saturating_sub(1));
            end = lines.end(end);
        }
        from = from.max(start);
        to = to.min(end);
    }
    from..to
}

/// Line bounds in a text, searched only beyond `covered`, the end of the
/// previous window (a line end): whatever lies before it is in a window
/// already, so a bound inside it is answered with `covered` and the windows
/// merge. Without this, every keyword hit on one long line (minified code)
/// searched the whole line again: quadratic.
struct LineBounds<'a> {
    text: &'a [u8],
    covered: usize,
}

impl LineBounds<'_> {
    /// Where the line holding `at` starts.
    fn start(&self, at: usize) -> usize {
        if at <= self.covered {
            return self.covered;
        }
        memchr::memrchr(b'\n', &self.text[self.covered..at]).map_or(self.covered, |nl| self.covered + nl + 1)
    }

    /// Just past the line feed ending the line holding `at` (or the text's end).
    fn end(&self, at: usize) -> usize {
        if at < self.covered {
            return self.covered;
        }
        memchr::memchr(b'\n', &self.text[at..]).map_or(self.text.len(), |nl| at + nl + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::{Reach, WINDOW_AFTER, WINDOW_BEFORE, windows};

    #[test]
    fn windows_are_line_aligned_and_merged() {
        let text = b"aaaa\nbbbb\ncccc\n";
        let bytes = |n| Reach {
            bytes: Some(n),
            newlines: None,
        };
        assert_eq!(windows(text, [6, 11].into_iter(), bytes(1)), vec![0..15]);
        assert_eq!(
            windows(text, [6].into_iter(), bytes(0)),
            vec![5..10],
            "the keyword's own line"
        );
        let long = [b"x\n".repeat(20_000), b"key\n".to_vec(), b"y\n".repeat(20_000)].concat();
        let w = windows(&long, [40_000].into_iter(), Reach::UNBOUNDED);
        assert_eq!(w.len(), 1);
        assert!((WINDOW_BEFORE + WINDOW_AFTER..WINDOW_BEFORE + WINDOW_AFTER + 8).contains(&w[0].len()));
        assert_eq!(long[w[0].start - 1], b'\n');
        assert_eq!(long[w[0].end - 1], b'\n');
    }

    #[test]
    fn a_match_that_cannot_cross_lines_gets_the_keyword_lines_only() {
        let text = b"one\ntwo key\nthree\nfour";
        let lines = |n| Reach {
            bytes: None,
            newlines: Some(n),
        };
        assert_eq!(windows(text, [8].into_iter(), lines(0)), vec![4..12]);
        assert_eq!(windows(text, [8].into_iter(), lines(1)), vec![0..18]);
        assert_eq!(windows(text, [8].into_iter(), lines(5)), vec![0..text.len()]);
    }

    #[test]
    fn many_hits_on_one_long_line_make_one_window() {
        let line = b"key=1;".repeat(100_000);
        let hits = (0..line.len()).step_by(6);
        let bounded = Reach {
            bytes: Some(40),
            newlines: Some(0),
        };
        assert_eq!(windows(&line, hits, bounded), vec![0..line.len()]);
    }
}
