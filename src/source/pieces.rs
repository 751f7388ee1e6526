//! Text too large to hold whole (a file given to `scan`, or standard input)
//! is read and scanned in pieces, so memory stays bounded whatever its size.
//!
//! Each piece is scanned with 1 MiB of the text before and after it as
//! context, and reports only the secrets that start inside it, with their
//! line and column in the whole text. A match and its keyword lie within a
//! few KB of each other for the built-in patterns, and the lines a report
//! shows are clipped to a few dozen bytes around the secret, so the findings
//! are those of a scan of the whole text. Only a pattern with an unbounded
//! gap, matching more than 1 MiB away from its keyword on one very long line,
//! could differ.

use std::io::Read;
use std::path::Path;

use super::{Outcome, SkipReason, Skipped};
use crate::scan::encoding::{decode_utf16_bom, has_utf16_bom};
use crate::scan::{Chunk, Finding, Lines, Origin, Scanner, is_binary};
use crate::{Error, Result};

/// How a text is cut: the bytes each piece reports on, and the context read
/// on either side of it.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub piece: usize,
    pub context: usize,
}

impl Sizes {
    /// Memory holds one piece and its context, about 66 MiB, at any input size.
    /// The context is far wider than any detector's reach (the widest window a
    /// regex runs in is 18 KB) and any line a report shows.
    pub const DEFAULT: Sizes = Sizes {
        piece: 64 << 20,
        context: 1 << 20,
    };
}

/// Scans the text `reader` gives, reading it into `buffer` (empty, or
/// holding its first bytes already). `name` is the path findings carry;
/// `io_path` names the input in read errors.
///
/// A text that starts with a UTF-16 byte-order mark is read whole, to be
/// decoded: such files are small config files in practice.
pub fn scan_text(
    scanner: &Scanner<'_>,
    origin: Origin,
    name: &[u8],
    io_path: &Path,
    reader: &mut dyn Read,
    buffer: &mut Vec<u8>,
    sizes: Sizes,
) -> Result<Outcome> {
    let read_error = |source| Error::Io {
        path: io_path.to_path_buf(),
        source,
    };
    let mut text = Text {
        base: 0,
        lines_before: 0,
        line_start: 0,
    };
    let mut own_start = 0;
    let mut findings = Vec::new();
    loop {
        let want = own_start - text.base + sizes.piece + sizes.context;
        let ended = fill(reader, buffer, want).map_err(read_error)?;
        if text.base == 0 {
            if has_utf16_bom(buffer) {
                reader.read_to_end(buffer).map_err(read_error)?;
                let decoded = decode_utf16_bom(std::mem::take(buffer));
                return whole(scanner, origin, name, &decoded);
            }
            if ended {
                return whole(scanner, origin, name, buffer);
            }
            if is_binary(buffer) {
                return Ok(binary(name));
            }
        }
        let own_end = if ended {
            text.base + buffer.len()
        } else {
            text.base + buffer.len() - sizes.context
        };
        let chunk = Chunk {
            origin: origin.clone(),
            path: name,
            data: buffer,
            lines: Lines::Piece(own_start - text.base..own_end - text.base),
        };
        findings.extend(scanner.scan(&chunk)?.into_iter().map(|f| text.place(f)));
        if ended {
            return Ok(Outcome {
                findings,
                skipped: Vec::new(),
            });
        }
        own_start = own_end;
        text.advance(buffer, own_start.saturating_sub(sizes.context).max(text.base));
    }
}

/// A text small enough to have been read whole: scanned as one chunk.
fn whole(scanner: &Scanner<'_>, origin: Origin, name: &[u8], data: &[u8]) -> Result<Outcome> {
    if is_binary(data) {
        return Ok(binary(name));
    }
    let findings = scanner.scan(&Chunk {
        origin,
        path: name,
        data,
        lines: Lines::All,
    })?;
    Ok(Outcome {
        findings,
        skipped: Vec::new(),
    })
}

/// A text skipped as binary.
fn binary(name: &[u8]) -> Outcome {
    Outcome {
        findings: Vec::new(),
        skipped: vec![Skipped {
            path: name.to_vec(),
            reason: SkipReason::Binary,
        }],
    }
}

/// Where the buffer sits in the whole text.
struct Text {
    /// Offset in the text of the buffer's first byte.
    base: usize,
    /// Line feeds before `base`.
    lines_before: u32,
    /// Offset in the text where the line holding `base` starts.
    line_start: usize,
}

impl Text {
    /// A finding of the buffer, with its line and column in the whole text.
    fn place(&self, mut finding: Finding) -> Finding {
        if finding.line == 1 {
            let before = u32::try_from(self.base - self.line_start).unwrap_or(u32::MAX);
            finding.column = finding.column.saturating_add(before);
        }
        finding.line = finding.line.saturating_add(self.lines_before);
        finding.end_line = finding.end_line.saturating_add(self.lines_before);
        finding
    }

    /// Drops the buffer's bytes before offset `base` of the text.
    fn advance(&mut self, buffer: &mut Vec<u8>, base: usize) {
        let dropped = &buffer[..base - self.base];
        let lines = memchr::memchr_iter(b'\n', dropped).count();
        self.lines_before = self
            .lines_before
            .saturating_add(u32::try_from(lines).unwrap_or(u32::MAX));
        if let Some(last) = memchr::memrchr(b'\n', dropped) {
            self.line_start = self.base + last + 1;
        }
        buffer.drain(..base - self.base);
        self.base = base;
    }
}

/// Reads from `reader` until `buffer` holds `want` bytes or the input ends;
/// true if it ended.
fn fill(reader: &mut dyn Read, buffer: &mut Vec<u8>, want: usize) -> std::io::Result<bool> {
    let missing = want.saturating_sub(buffer.len());
    let read = reader.take(missing as u64).read_to_end(buffer)?;
    Ok(read < missing)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::detectors::{Catalog, builtin};

    /// Example lines of a few built-in detectors: each holds one secret.
    fn secret_lines(catalog: &Catalog) -> Vec<String> {
        ["Pulumi", "Buildkite", "CircleCI", "Aiven"]
            .iter()
            .flat_map(|provider| {
                let d = catalog
                    .detectors()
                    .iter()
                    .find(|d| d.provider == *provider)
                    .unwrap();
                d.examples.iter().map(|e| e.to_string())
            })
            .collect()
    }

    /// Filler lines of varied length, secret lines every few lines, and a
    /// line longer than any context below with a secret far into it.
    fn text(secrets: &[String]) -> Vec<u8> {
        let mut out = String::new();
        for i in 0..400 {
            if i % 7 == 3 {
                out.push_str(&secrets[i % secrets.len()]);
            } else if i == 200 {
                out.push_str(&"x = 1; ".repeat(300));
                out.push_str(&secrets[0]);
            } else {
                out.push_str(&"filler ".repeat(i % 13));
            }
            out.push('\n');
        }
        out.push_str(&secrets[1]);
        out.into_bytes()
    }

    /// What a report shows of a finding.
    fn shown(f: &Finding) -> (usize, u32, u32, u32, String, String, Vec<u8>) {
        let redacted = f.secret_redacted.clone();
        (
            f.detector,
            f.line,
            f.end_line,
            f.column,
            redacted,
            f.fingerprint.clone(),
            f.context.clone(),
        )
    }

    fn findings(outcome: Outcome) -> Vec<Finding> {
        assert!(outcome.skipped.is_empty(), "not binary");
        outcome.findings
    }

    fn in_pieces(scanner: &Scanner<'_>, data: &[u8], sizes: Sizes) -> Outcome {
        let mut reader = Cursor::new(data);
        let mut buffer = Vec::new();
        scan_text(
            scanner,
            Origin::Stdin,
            b"t",
            Path::new("t"),
            &mut reader,
            &mut buffer,
            sizes,
        )
        .unwrap()
    }

    #[test]
    fn pieces_report_what_the_whole_text_does() {
        // The last sizes give context wider than a piece: the buffer then
        // keeps the start of the text.
        let catalog = builtin().unwrap();
        let scanner = Scanner::new(&catalog);
        let data = text(&secret_lines(&catalog));
        let whole = findings(whole(&scanner, Origin::Stdin, b"t", &data).unwrap());
        assert!(whole.len() > 50, "{}", whole.len());
        let expected: Vec<_> = whole.iter().map(shown).collect();
        for (piece, context) in [
            (1000, 300),
            (777, 333),
            (4096, 512),
            (data.len() - 1, 300),
            (500, 900),
        ] {
            let got = findings(in_pieces(&scanner, &data, Sizes { piece, context }));
            let got: Vec<_> = got.iter().map(shown).collect();
            assert_eq!(got, expected, "pieces of {piece} with {context} of context");
        }
    }

    #[test]
    fn a_text_that_fits_one_piece_is_scanned_whole() {
        let catalog = builtin().unwrap();
        let scanner = Scanner::new(&catalog);
        let data = text(&secret_lines(&catalog));
        let sizes = Sizes {
            piece: data.len(),
            context: 10,
        };
        let got = findings(in_pieces(&scanner, &data, sizes));
        let whole = findings(whole(&scanner, Origin::Stdin, b"t", &data).unwrap());
        assert_eq!(
            got.iter().map(shown).collect::<Vec<_>>(),
            whole.iter().map(shown).collect::<Vec<_>>()
        );
    }

    #[test]
    fn binary_and_utf16_are_decided_by_the_start_of_a_long_text() {
        let catalog = builtin().unwrap();
        let scanner = Scanner::new(&catalog);
        let sizes = Sizes {
            piece: 1000,
            context: 300,
        };
        let mut binary = b"\x00\x01".to_vec();
        binary.extend(text(&secret_lines(&catalog)));
        let skipped = in_pieces(&scanner, &binary, sizes);
        assert!(skipped.findings.is_empty());
        assert_eq!(skipped.skipped.len(), 1);
        assert_eq!(skipped.skipped[0].reason, SkipReason::Binary);

        let plain = String::from_utf8(text(&secret_lines(&catalog))).unwrap();
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(plain.encode_utf16().flat_map(u16::to_le_bytes));
        let got = findings(in_pieces(&scanner, &utf16, sizes));
        let whole = findings(whole(&scanner, Origin::Stdin, b"t", plain.as_bytes()).unwrap());
        assert_eq!(
            got.iter().map(shown).collect::<Vec<_>>(),
            whole.iter().map(shown).collect::<Vec<_>>()
        );
    }
}
