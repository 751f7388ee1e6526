//! The message `git commit` is about to record, as the commit-msg hook sees
//! it. git runs the hook before it cleans the message up, so the file may
//! still hold `git commit -v`'s diff below the scissors line. That diff shows
//! deleted lines, and a secret being removed must not block, so everything
//! from the scissors line on is left out, as git leaves it out.
//!
//! Comment lines are scanned. Whether git drops them depends on the cleanup
//! mode, which the hook cannot see: `git commit -m "#123: fix"` keeps a line
//! that starts with `#`, an edited message drops it. Scanning them can only
//! block a secret git was about to drop, never miss one it keeps.

use gix::bstr::ByteSlice;

use crate::Result;
use crate::scan::{Chunk, Finding, Lines, MESSAGE_PATH, Origin, Scanner};

/// The characters git may choose when `core.commentChar` is `auto`.
const AUTO_CANDIDATES: &[u8] = b"#;@!$%^&|:";

/// What may be recorded of `raw`, a message file: the lines above git's
/// scissors line, which starts with `comment` (any character git may choose
/// when that is `None`).
pub fn recorded(raw: &[u8], comment: Option<u8>) -> &[u8] {
    let mut end = 0;
    for line in raw.lines_with_terminator() {
        let starts_comment = match (line.first(), comment) {
            (Some(first), Some(c)) => *first == c,
            (Some(first), None) => AUTO_CANDIDATES.contains(first),
            (None, _) => false,
        };
        if starts_comment && is_scissors(&line[1..]) {
            break;
        }
        end += line.len();
    }
    &raw[..end]
}

/// The findings in message `text`, a whole message, named by `MESSAGE_PATH`.
pub fn scan(scanner: &Scanner<'_>, origin: Origin, text: &[u8]) -> Result<Vec<Finding>> {
    scanner.scan(&Chunk {
        origin,
        path: MESSAGE_PATH,
        data: text,
        lines: Lines::All,
    })
}

/// git's scissors line, after its comment character.
fn is_scissors(rest: &[u8]) -> bool {
    rest.trim_end() == b" ------------------------ >8 ------------------------"
}

/// The comment character `core.commentString` or `core.commentChar` sets
/// (`#` by default), or `None` where it is not one byte: `auto`, where git
/// picks one per message, or a longer string.
pub fn comment_char(repo: &gix::Repository) -> Option<u8> {
    let config = repo.config_snapshot();
    let value = config
        .string("core.commentString")
        .or_else(|| config.string("core.commentChar"));
    match value {
        None => Some(b'#'),
        Some(value) if value.len() == 1 => Some(value[0]),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::recorded;

    #[test]
    fn everything_from_the_scissors_line_on_is_left_out() {
        let raw = b"subject\n\nbody\n# Please enter the message\n\
            # ------------------------ >8 ------------------------\n\
            diff --git a/x b/x\n-token = secret\n";
        let above = b"subject\n\nbody\n# Please enter the message\n";
        assert_eq!(recorded(raw, Some(b'#')), above);
        assert_eq!(recorded(raw, None), above);
        assert_eq!(recorded(raw, Some(b';')), raw, "not this message's scissors");
    }
}
