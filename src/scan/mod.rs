//! The scanner: keyword prefilter → regex confirm → placeholder, entropy and
//! inline-allow rejection → findings with line and column. It works on bytes
//! and knows nothing of git: sources hand it a [`Chunk`].

pub mod checksum;
pub mod encoding;
pub mod entropy;
pub mod finding;
pub mod lines;
pub mod placeholder;
pub mod redact;
mod window;

use std::ops::Range;

pub use finding::{Finding, MESSAGE_PATH, Origin};

use std::sync::LazyLock;

use crate::Result;
use crate::allow::{Policy, inline};
use crate::detectors::{Catalog, Detector};
use lines::LineMap;
use window::windows;

/// git's own rule (xdiff): a NUL byte in the first 8000 bytes means binary.
const BINARY_PROBE: usize = 8000;
/// How much of the line around a secret the report shows.
const CONTEXT_BYTES: usize = 60;

pub fn is_binary(data: &[u8]) -> bool {
    memchr::memchr(0, &data[..data.len().min(BINARY_PROBE)]).is_some()
}

/// Which lines of a text are new and must be scanned.
#[derive(Debug, Clone)]
pub enum Lines<'a> {
    All,
    /// 1-based, half-open, sorted, non-overlapping ranges (added hunks).
    Added(&'a [Range<u32>]),
    /// One piece of a longer text: all of the data is scanned, as context,
    /// but only secrets starting in these bytes are reported.
    Piece(Range<usize>),
}

/// One text to scan: a file, a staged blob, or a blob from a commit.
pub struct Chunk<'a> {
    pub origin: Origin,
    pub path: &'a [u8],
    /// The whole new text; only `lines` of it are scanned, but line numbers
    /// and allow markers on neighbouring lines need all of it.
    pub data: &'a [u8],
    pub lines: Lines<'a>,
}

/// A confirmed candidate before it becomes a [`Finding`].
struct Candidate {
    detector: usize,
    secret: Range<usize>,
}

pub struct Scanner<'c> {
    catalog: &'c Catalog,
    policy: &'c Policy,
}

/// No path rules, no allowed values, no baseline.
static NO_POLICY: LazyLock<Policy> = LazyLock::new(Policy::default);

impl<'c> Scanner<'c> {
    pub fn new(catalog: &'c Catalog) -> Self {
        Scanner::with_policy(catalog, &NO_POLICY)
    }

    /// A scanner that applies a repository's path rules, allowed values and baseline.
    pub fn with_policy(catalog: &'c Catalog, policy: &'c Policy) -> Self {
        Scanner { catalog, policy }
    }

    pub fn catalog(&self) -> &'c Catalog {
        self.catalog
    }

    /// Every finding in the chunk's new lines. Binary chunks are the caller's
    /// to skip (see [`is_binary`]); this scans whatever it is given.
    pub fn scan(&self, chunk: &Chunk<'_>) -> Result<Vec<Finding>> {
        if self.policy.paths.excludes(chunk.path) {
            return Ok(Vec::new());
        }
        let mut candidates = Vec::new();
        let mut hits = Vec::new();
        // Line numbers are only needed to find added hunks and to place findings:
        // a whole file without a keyword hit is never indexed line by line.
        let mut map = None;
        match chunk.lines {
            Lines::All | Lines::Piece(_) => {
                self.confirm(chunk.data, 0..chunk.data.len(), &mut hits, &mut candidates)?
            }
            Lines::Added(ranges) => {
                let map = map.insert(LineMap::new(chunk.data));
                for range in ranges {
                    self.confirm(chunk.data, map.byte_range(range), &mut hits, &mut candidates)?;
                }
            }
        }
        if candidates.is_empty() {
            return Ok(Vec::new());
        }
        let map = map.unwrap_or_else(|| LineMap::new(chunk.data));
        let kept = resolve_overlaps(candidates);
        // A piece reports only its own secrets, but the context of one still
        // hides every other secret around it.
        let reported = |c: &&Candidate| match &chunk.lines {
            Lines::Piece(bytes) => bytes.contains(&c.secret.start),
            Lines::All | Lines::Added(_) => true,
        };
        Ok(kept
            .iter()
            .filter(reported)
            .filter(|c| !is_allowed(chunk.data, &map, &c.secret))
            .map(|c| self.finding(chunk, &map, c, &kept))
            .filter(|f| !self.policy.baseline.contains(&f.fingerprint))
            .collect())
    }

    /// Runs the prefilter on `data[bytes]`, then the regex of every detector
    /// whose keyword occurs there, on the lines around each occurrence only:
    /// a keyword is part of every match, so text far from all of a detector's
    /// keywords cannot hold its match, and large files are not run through
    /// every regex end to end.
    fn confirm(
        &self,
        data: &[u8],
        bytes: Range<usize>,
        hits: &mut Vec<(usize, usize)>,
        out: &mut Vec<Candidate>,
    ) -> Result<()> {
        let text = &data[bytes.clone()];
        self.catalog.prefilter(text, hits);
        let mut at = 0;
        while at < hits.len() {
            let index = hits[at].0;
            let same = hits[at..].iter().take_while(|(d, _)| *d == index).count();
            let detector = &self.catalog.detectors()[index];
            let compiled = detector.compiled()?;
            for window in windows(
                text,
                hits[at..at + same].iter().map(|&(_, pos)| pos),
                compiled.reach,
            ) {
                for caps in compiled.regex.captures_iter(&text[window.clone()]) {
                    let Some(group) = caps.name("secret").or_else(|| caps.get(1)) else {
                        continue;
                    };
                    let secret = group.as_bytes();
                    if is_real_looking(detector, secret) && !self.policy.values.allows(secret) {
                        let start = bytes.start + window.start + group.start();
                        out.push(Candidate {
                            detector: index,
                            secret: start..start + secret.len(),
                        });
                    }
                }
            }
            at += same;
        }
        Ok(())
    }

    fn finding(&self, chunk: &Chunk<'_>, map: &LineMap<'_>, c: &Candidate, all: &[Candidate]) -> Finding {
        let detector = &self.catalog.detectors()[c.detector];
        let secret = &chunk.data[c.secret.clone()];
        let line = map.line_of(c.secret.start);
        let line_start = map.line_start(line);
        Finding {
            detector: c.detector,
            origin: chunk.origin.clone(),
            path: chunk.path.to_vec(),
            line,
            end_line: map.line_of(c.secret.end.saturating_sub(1).max(c.secret.start)),
            column: (c.secret.start - line_start + 1) as u32,
            secret_redacted: redact::redact(secret, prefix_len(detector, secret)),
            fingerprint: redact::fingerprint(&self.policy.baseline.key, &detector.id, secret),
            context: self.context(chunk.data, map, c, all),
        }
    }

    /// The secret's line clipped around it, with every secret on the line
    /// redacted, and so every other occurrence of those secrets' bytes: a value
    /// repeated where no detector matched it (`x=VALUE --password=VALUE`)
    /// would otherwise be shown in full next to its redaction.
    fn context(&self, data: &[u8], map: &LineMap<'_>, c: &Candidate, all: &[Candidate]) -> Vec<u8> {
        let line = map.line_around(c.secret.start);
        let from = line.start.max(c.secret.start.saturating_sub(CONTEXT_BYTES));
        let to = line
            .end
            .min(c.secret.end.max(c.secret.start) + CONTEXT_BYTES)
            .max(from);
        let mut hidden: Vec<(Range<usize>, &Candidate)> = Vec::new();
        for other in all.iter().filter(|o| o.secret.start < to && o.secret.end > from) {
            hidden.push((other.secret.clone(), other));
            let secret = &data[other.secret.clone()];
            if !secret.is_empty() {
                hidden.extend(
                    memchr::memmem::find_iter(&data[from..to], secret)
                        .map(|at| (from + at..from + at + secret.len(), other)),
                );
            }
        }
        hidden.sort_by_key(|(span, _)| (span.start, std::cmp::Reverse(span.end)));
        let mut out = Vec::new();
        let mut at = from;
        for (span, other) in hidden {
            // `at` moves past `from` only by a redaction: a span overlapping
            // one already written is hidden by it, tail included.
            if span.start < at && at > from {
                at = at.max(span.end.min(to));
                continue;
            }
            let start = span.start.max(at);
            out.extend_from_slice(&data[at..start]);
            let detector = &self.catalog.detectors()[other.detector];
            let secret = &data[other.secret.clone()];
            out.extend_from_slice(redact::redact(secret, prefix_len(detector, secret)).as_bytes());
            at = span.end.min(to).max(start);
        }
        if at < to {
            out.extend_from_slice(&data[at..to]);
        }
        out
    }
}

/// Placeholder, checksum and entropy rejection for one regex match.
fn is_real_looking(detector: &Detector, secret: &[u8]) -> bool {
    let prefix = prefix_len(detector, secret);
    if placeholder::is_placeholder(secret, prefix) {
        return false;
    }
    if let Some(checksum) = detector.checksum
        && !checksum.verifies(secret, prefix)
    {
        return false;
    }
    detector
        .min_entropy
        .is_none_or(|floor| entropy::shannon(secret) >= floor)
}

/// Length of the detector keyword the secret starts with (its fixed prefix), or 0.
fn prefix_len(detector: &Detector, secret: &[u8]) -> usize {
    detector
        .keywords
        .iter()
        .filter(|k| secret.len() >= k.len() && secret[..k.len()].eq_ignore_ascii_case(k.as_bytes()))
        .map(|k| k.len())
        .max()
        .unwrap_or(0)
}

/// Where two detectors match overlapping bytes, the one listed first in the
/// catalog wins: specific detectors come before generic ones.
fn resolve_overlaps(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.sort_by_key(|c| (c.detector, c.secret.start));
    let mut kept: Vec<Candidate> = Vec::new();
    for c in candidates {
        let overlaps = kept
            .iter()
            .any(|k| c.secret.start < k.secret.end && k.secret.start < c.secret.end);
        if !overlaps {
            kept.push(c);
        }
    }
    kept.sort_by_key(|c| c.secret.start);
    kept
}

fn is_allowed(data: &[u8], map: &LineMap<'_>, secret: &Range<usize>) -> bool {
    let line = map.line_around(secret.start);
    inline::allows_same_line(&data[line])
        || map
            .previous_line(secret.start)
            .is_some_and(|prev| inline::allows_next_line(&data[prev]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the `scan_bytes` fuzzer: the value also appears earlier on the
    /// line where no detector matches it, and the context showed it there.
    #[test]
    fn context_hides_every_copy_of_the_secret() {
        let catalog = crate::detectors::builtin().unwrap();
        let secret = "4PiKwXLwHTXP2C9zQ";
        let data = format!("exportssword={secret} --host drate --db-password={secret} --host db\n");
        let chunk = Chunk {
            origin: Origin::Stdin,
            path: b"run.sh",
            data: data.as_bytes(),
            lines: Lines::All,
        };
        let findings = Scanner::new(&catalog).scan(&chunk).unwrap();
        assert_eq!(findings.len(), 1, "{findings:?}");
        let context = String::from_utf8(findings[0].context.clone()).unwrap();
        assert!(!context.contains(secret), "{context}");
        assert_eq!(
            context.matches(&findings[0].secret_redacted).count(),
            2,
            "{context}"
        );
    }
}
