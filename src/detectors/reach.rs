//! How far a detector's match can extend from one of its keywords, read off
//! the pattern's syntax tree.
//!
//! `build.rs` works this out for the built-in catalog, so a hook does not
//! parse those patterns a second time; a user's pattern is worked out when
//! its file is validated, or else when the pattern is first compiled.
//!
//! Every match contains a keyword (the prefilter relies on it), so the regex
//! only needs to run on the text within this reach of each keyword hit. Token
//! patterns are short and bounded; credential-assignment patterns are not
//! (`[ \t]*`), but they cannot cross more than a line break or two. Running
//! the regex on just those lines, instead of kilobytes around every
//! `password` in a source tree, is most of a directory scan's regex time.

use regex_syntax::hir::{Class, Hir, HirKind};

/// A pattern's syntax tree, parsed with the settings the catalog compiles it
/// with: bytes, not Unicode. The error is the parser's message.
pub fn parse_pattern(pattern: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .utf8(false)
        .unicode(false)
        .build()
        .parse(pattern)
        .map_err(|err| err.to_string())
}

/// Bounds on any match of one pattern. `None` means unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reach {
    /// The longest match, in bytes.
    pub bytes: Option<usize>,
    /// The most line feeds one match can contain.
    pub newlines: Option<usize>,
}

impl Reach {
    /// No bound known: the scanner falls back to its widest windows.
    pub const UNBOUNDED: Reach = Reach {
        bytes: None,
        newlines: None,
    };

    pub fn of(hir: &Hir) -> Self {
        Reach {
            bytes: hir.properties().maximum_len(),
            newlines: max_newlines(hir),
        }
    }
}

/// The most `\n` bytes a match of `hir` can contain, if bounded.
fn max_newlines(hir: &Hir) -> Option<usize> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(0),
        HirKind::Literal(literal) => Some(literal.0.iter().filter(|&&b| b == b'\n').count()),
        HirKind::Class(class) => Some(usize::from(class_has_newline(class))),
        HirKind::Capture(capture) => max_newlines(&capture.sub),
        HirKind::Repetition(rep) => match (max_newlines(&rep.sub)?, rep.max) {
            (0, _) => Some(0),
            (n, Some(max)) => n.checked_mul(max as usize),
            (_, None) => None,
        },
        HirKind::Concat(subs) => subs
            .iter()
            .try_fold(0usize, |sum, sub| sum.checked_add(max_newlines(sub)?)),
        HirKind::Alternation(subs) => subs
            .iter()
            .try_fold(0usize, |most, sub| Some(most.max(max_newlines(sub)?))),
    }
}

fn class_has_newline(class: &Class) -> bool {
    match class {
        Class::Bytes(bytes) => bytes
            .ranges()
            .iter()
            .any(|r| (r.start()..=r.end()).contains(&b'\n')),
        Class::Unicode(chars) => chars
            .ranges()
            .iter()
            .any(|r| (r.start()..=r.end()).contains(&'\n')),
    }
}

#[cfg(test)]
mod tests {
    use super::{Reach, parse_pattern};

    fn reach(pattern: &str) -> Reach {
        Reach::of(&parse_pattern(pattern).unwrap())
    }

    #[test]
    fn bounds_bytes_and_line_feeds() {
        assert_eq!(reach(r"tok_([a-z]{4})").bytes, Some(8));
        assert_eq!(reach(r"tok_([a-z]{4})").newlines, Some(0));
        let assignment = reach(r"(?i)token[ \t]*=[ \t]*([a-z0-9]{8,})[ \t]*\r?(?:\n|$)");
        assert_eq!(
            assignment,
            Reach {
                bytes: None,
                newlines: Some(1)
            }
        );
        assert_eq!(reach(r"(?s)key(.+)").newlines, None);
        assert_eq!(
            reach(r"key([^a-z]{0,3})").newlines,
            Some(3),
            "a negated class holds \\n"
        );
        assert_eq!(reach(r"(?:a\nb|c){2}").newlines, Some(2));
    }

    #[test]
    fn the_built_in_catalog_carries_the_reach_of_each_pattern() {
        let detectors = crate::detectors::builtin_syntax();
        assert!(detectors.len() > 400);
        for d in detectors {
            assert_eq!(d.reach, Some(reach(&d.pattern)), "{}", d.id);
        }
    }
}
