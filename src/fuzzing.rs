//! Fuzz target bodies: the `fuzz/` crate's libFuzzer targets are one-line
//! calls into these, and `tests/fuzz_replay.rs` replays the committed corpora
//! through the same functions on a stable toolchain.
//!
//! Each body feeds hostile bytes through the path real input takes and panics
//! only when the product breaks a promise: a panic inside the product, or an
//! invariant of its output (positions inside the data, secrets never shown in
//! full, diff hunks that describe the new text) that does not hold.

use std::ops::Range;
use std::sync::LazyLock;

use crate::allow::Baseline;
use crate::config::{self, Loaded};
use crate::detectors::prefilter::dfa_builder;
use crate::detectors::{self, Catalog, check::self_test, lanes};
use crate::git::linediff::added_lines;
use crate::scan::{Chunk, Finding, Lines, Origin, Scanner};
use crate::source::push::parse_ref_lines;

/// Built once per process: the built-in catalog compiles regexes on first use,
/// and rebuilding it for every input would measure start-up, not scanning.
static BUILTIN: LazyLock<Catalog> =
    LazyLock::new(|| detectors::builtin().expect("the built-in catalog builds"));

/// A detector file (`leakfence detectors check FILE`, `scan --detectors FILE`),
/// then the same bytes as `.leakfence.yaml` and as the baseline file. Errors are
/// the expected outcome for most inputs; only a panic is a failure.
pub fn detectors_yaml(data: &[u8]) {
    // `detectors::load_file` reads the file as UTF-8 and stops with an I/O error otherwise.
    if let Ok(text) = std::str::from_utf8(data) {
        let built =
            detectors::parse("fuzz.yaml", text).and_then(|syntax| Catalog::build("fuzz.yaml", syntax));
        if let Ok(catalog) = built {
            let _ = self_test(&catalog);
        }
    }
    let loaded = Loaded {
        origin: config::FILE_NAME.to_string(),
        text: data.to_vec(),
    };
    if let Ok(settings) = config::settings(Some(loaded), None) {
        let scanner = Scanner::with_policy(&settings.catalog, &settings.policy);
        for path in [&b"src/main.rs"[..], b"tests/fixtures/x.json"] {
            let chunk = Chunk {
                origin: Origin::Staged,
                path,
                data,
                lines: Lines::All,
            };
            let _ = scanner.scan(&chunk);
        }
    }
    let _ = Baseline::parse(".leakfence-baseline.json", data);
}

/// The scanner with the full built-in catalog over the whole input, then over
/// the added lines the first byte selects (line `n` is added when bit `n % 8`
/// is set), checking every finding.
pub fn scan_bytes(data: &[u8]) {
    let scanner = Scanner::new(&BUILTIN);
    let all = scan(&scanner, data, Lines::All);
    for finding in &all {
        check_finding(data, finding);
    }
    let Some(&mask) = data.first() else {
        return;
    };
    let added = lines_from_mask(line_count(data), mask);
    for finding in &scan(&scanner, data, Lines::Added(&added)) {
        check_finding(data, finding);
        assert!(
            added.iter().any(|r| r.contains(&finding.line)),
            "finding on line {} outside the added lines {added:?}",
            finding.line
        );
    }
}

fn scan(scanner: &Scanner<'_>, data: &[u8], lines: Lines<'_>) -> Vec<Finding> {
    let chunk = Chunk {
        origin: Origin::Stdin,
        path: b"fuzz.txt",
        data,
        lines,
    };
    scanner
        .scan(&chunk)
        .expect("the built-in catalog scans any bytes")
}

/// Half-open 1-based ranges of the lines whose bit is set in `mask`, merged.
fn lines_from_mask(count: u32, mask: u8) -> Vec<Range<u32>> {
    let mut out: Vec<Range<u32>> = Vec::new();
    for line in (1..=count).filter(|n| mask & (1 << (n % 8)) != 0) {
        match out.last_mut() {
            Some(last) if last.end == line => last.end = line + 1,
            _ => out.push(line..line + 1),
        }
    }
    out
}

/// Lines as git counts them: a final line without a newline still counts.
fn line_count(data: &[u8]) -> u32 {
    let newlines = memchr::memchr_iter(b'\n', data).count();
    (newlines + usize::from(data.last().is_some_and(|&b| b != b'\n'))) as u32
}

/// The finding's position lies inside the data, and neither its redacted form
/// nor its context shows the secret it stands for.
fn check_finding(data: &[u8], finding: &Finding) {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', data).map(|nl| nl + 1))
        .collect();
    let line = finding.line as usize;
    assert!(
        (1..=starts.len()).contains(&line) && starts[line - 1] < data.len(),
        "line {line} is not a line of the data"
    );
    let line_end = starts.get(line).copied().unwrap_or(data.len());
    assert!(finding.column >= 1, "column 0 in {finding:?}");
    let start = starts[line - 1] + finding.column as usize - 1;
    assert!(
        start < line_end,
        "column {} is outside line {line}",
        finding.column
    );
    let length = redacted_length(&finding.secret_redacted);
    assert!(
        start + length <= data.len(),
        "secret runs past the data: {finding:?}"
    );
    let secret = &data[start..start + length];
    let end_line = starts.partition_point(|&s| s < start + length);
    assert_eq!(finding.end_line as usize, end_line, "end line of {finding:?}");
    assert!(
        !contains(finding.secret_redacted.as_bytes(), secret),
        "the redacted form shows the whole secret: {finding:?}"
    );
    assert!(
        !contains(&finding.context, secret),
        "the context shows the whole secret: {finding:?}"
    );
}

/// The secret's length in bytes, from the `… (N chars)` suffix of its redacted form.
fn redacted_length(redacted: &str) -> usize {
    let count = redacted
        .rsplit_once('(')
        .and_then(|(_, tail)| tail.strip_suffix(" chars)"))
        .and_then(|n| n.parse().ok());
    match count {
        Some(n) if n > 0 => n,
        _ => panic!("redacted form without a length: {redacted:?}"),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

/// git's pre-push stdin. Parsed updates must be the fields of a line of the input.
pub fn prepush_stdin(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_ref_lines(text) {
        Ok(updates) => {
            let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
            assert_eq!(updates.len(), lines, "one update per non-blank line");
            for update in updates {
                assert!(text.contains(&update.local_ref) && text.contains(&update.remote_ref));
            }
        }
        Err(err) => assert!(!err.to_string().is_empty()),
    }
}

/// A blob diff: the input split at its first NUL into old and new text (all
/// new when there is none). The added ranges must be sorted, disjoint, 1-based,
/// inside `new`, and the lines they leave out must occur in `old`, in order.
pub fn blob_diff(data: &[u8]) {
    let (old, new) = match memchr::memchr(0, data) {
        Some(nul) => (&data[..nul], &data[nul + 1..]),
        None => (&b""[..], data),
    };
    let added = added_lines(old, new);
    let new_lines = split_lines(new);
    let mut previous_end = 1;
    for range in &added {
        assert!(
            range.start >= previous_end && range.start < range.end,
            "ranges not sorted, disjoint and non-empty: {added:?}"
        );
        assert!(
            range.end as usize <= new_lines.len() + 1,
            "range {range:?} past the {} lines of new",
            new_lines.len()
        );
        previous_end = range.end;
    }
    // The lines left out are the ones the diff matched, so they occur in `old`
    // in the same order.
    let mut old_lines = split_lines(old).into_iter();
    for (index, line) in new_lines.iter().enumerate() {
        let number = index as u32 + 1;
        if !added.iter().any(|r| r.contains(&number)) {
            assert!(
                old_lines.any(|old_line| old_line == *line),
                "line {number} of new is neither added nor in old (in order): {added:?}"
            );
        }
    }
}

/// Lines with their terminators, as the diff compares them.
fn split_lines(text: &[u8]) -> Vec<&[u8]> {
    text.split_inclusive(|&b| b == b'\n').collect()
}

/// Keywords and a text: newline-separated keywords (1 to 8 bytes each, at most
/// 64) up to the first NUL, then the text. The keyword DFA searched in two
/// halves finds exactly what aho-corasick's own overlapping search finds.
pub fn keyword_search(data: &[u8]) {
    let Some(nul) = memchr::memchr(0, data) else {
        return;
    };
    let (head, text) = (&data[..nul], &data[nul + 1..]);
    let keywords: Vec<&[u8]> = head
        .split(|&byte| byte == b'\n')
        .filter(|keyword| (1..=8).contains(&keyword.len()))
        .take(64)
        .collect();
    if keywords.is_empty() {
        return;
    }
    let dfa = dfa_builder()
        .prefilter(false)
        .build(&keywords)
        .expect("a few short keywords build a DFA");
    let oracle = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(&keywords)
        .expect("a few short keywords build an automaton");
    let mut got = Vec::new();
    lanes::find_overlapping(&dfa, text, &mut |pattern, start| got.push((pattern, start)))
        .expect("an unanchored DFA is searched");
    got.sort_unstable();
    let mut want: Vec<_> = oracle
        .find_overlapping_iter(text)
        .map(|found| (found.pattern(), found.start()))
        .collect();
    want.sort_unstable();
    assert_eq!(got, want, "the two halves disagree with one search");
}
