//! Blob line diffs: which lines of the new text are not in the old one.

use std::ops::Range;

use gix_imara_diff::{Algorithm, Diff, InternedInput, sources::byte_lines};

/// 1-based, half-open ranges of `new`'s lines that are absent from `old`,
/// as contiguous hunks (so multi-line secrets stay whole). Lines keep their
/// terminators, so a CRLF/LF change counts as a change, as in `git diff`.
pub fn added_lines(old: &[u8], new: &[u8]) -> Vec<Range<u32>> {
    if new.is_empty() {
        return Vec::new();
    }
    if old.is_empty() {
        let count = byte_lines(new).count() as u32;
        return vec![1..count + 1];
    }
    let input = InternedInput::new(old, new);
    let mut diff = Diff::compute(Algorithm::Myers, &input);
    // git's slider heuristic, so hunks line up with what `git diff` shows.
    diff.postprocess_lines(&input);
    diff.hunks()
        .filter(|h| !h.after.is_empty())
        .map(|h| h.after.start + 1..h.after.end + 1)
        .collect()
}

/// Lines present in both range sets. A merge adds a line only if it is new
/// relative to every parent.
pub fn intersect(a: &[Range<u32>], b: &[Range<u32>]) -> Vec<Range<u32>> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        let start = a[i].start.max(b[j].start);
        let end = a[i].end.min(b[j].end);
        if start < end {
            out.push(start..end);
        }
        if a[i].end < b[j].end {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Total number of lines in a set of ranges.
pub fn count(ranges: &[Range<u32>]) -> u32 {
    ranges.iter().map(|r| r.end - r.start).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_hunks_use_new_line_numbers() {
        assert_eq!(added_lines(b"a\nb\nc\n", b"a\nX\nb\nc\nY\n"), vec![2..3, 5..6]);
        assert_eq!(added_lines(b"", b"a\nb"), vec![1..3]);
        assert!(added_lines(b"a\nb\n", b"a\n").is_empty());
        assert_eq!(added_lines(b"a\n", b"a\r\n"), vec![1..2]);
    }

    #[test]
    fn intersection() {
        assert_eq!(intersect(&[1..5, 8..10], &[3..9]), vec![3..5, 8..9]);
        assert!(intersect(&[1..3], &[3..4]).is_empty());
    }
}
