//! Inline allow markers: a comment on the finding's line (or a next-line
//! marker on the line above) that says "this is not a secret". Markers other
//! scanners use are honoured too, so teams need not annotate twice.

/// Markers that allow a finding on the same line, compared case-insensitively.
const SAME_LINE: &[&str] = &[
    "leakfence:allow",
    "gitleaks:allow",
    "betterleaks:allow",
    "pragma: allowlist secret",
    "ggignore",
    "trufflehog:ignore",
    "kingfisher:ignore",
    "secretlint-disable-line",
];

/// Markers on the line above, for formats where a trailing comment is impossible.
const NEXT_LINE: &[&str] = &[
    "leakfence:allow-next-line",
    "pragma: allowlist nextline secret",
    "secretlint-disable-next-line",
];

pub fn allows_same_line(line: &[u8]) -> bool {
    contains_any(line, SAME_LINE) && !contains_any(line, NEXT_LINE)
}

pub fn allows_next_line(previous: &[u8]) -> bool {
    contains_any(previous, NEXT_LINE)
}

fn contains_any(line: &[u8], markers: &[&str]) -> bool {
    let lower = line.to_ascii_lowercase();
    markers
        .iter()
        .any(|m| memchr::memmem::find(&lower, m.as_bytes()).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_in_comment_syntaxes() {
        for line in [
            "token = 'x' # leakfence:allow",
            "const t = 'x'; // gitleaks:allow",
            "select 'x'; -- pragma: allowlist secret",
            "<a k='x'/> <!-- LEAKFENCE:ALLOW -->",
            "int t = 1; /* trufflehog:ignore */",
        ] {
            assert!(allows_same_line(line.as_bytes()), "{line}");
        }
        assert!(!allows_same_line(b"token = 'x'"));
        assert!(!allows_same_line(b"# leakfence:allow-next-line"));
        assert!(allows_next_line(b"# leakfence:allow-next-line"));
    }
}
