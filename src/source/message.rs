//! The message `git commit` is about to record, as the commit-msg hook sees
//! it. git runs the hook before it cleans the message up, so the file still
//! holds its comment lines (the template, `git commit -v`'s diff below the
//! scissors line). Those are dropped here as git will drop them: the diff
//! shows deleted lines, and a secret being removed must not block.

use gix::bstr::ByteSlice;

/// The characters git may choose when `core.commentChar` is `auto`.
const AUTO_CANDIDATES: &[u8] = b"#;@!$%^&|:";

/// The lines git keeps of `raw`, a message file, when `comment` starts its
/// comment lines; the others become empty, so line numbers stay those of the
/// file. With no known comment character (`auto`), every line is kept up to
/// the scissors line: a line git keeps is never dropped.
pub fn recorded(raw: &[u8], comment: Option<u8>) -> Vec<u8> {
    let mut kept = Vec::with_capacity(raw.len());
    for line in raw.lines_with_terminator() {
        let first = line.first().copied();
        let commented = match comment {
            Some(c) => first == Some(c),
            None => first.is_some_and(|b| AUTO_CANDIDATES.contains(&b)),
        };
        if commented && is_scissors(&line[1..]) {
            break;
        }
        if commented && comment.is_some() {
            kept.extend(line.iter().filter(|b| **b == b'\n'));
        } else {
            kept.extend_from_slice(line);
        }
    }
    kept
}

/// git's scissors line, after its comment character: everything below it is
/// dropped, whatever it holds.
fn is_scissors(rest: &[u8]) -> bool {
    rest.trim_end() == b" ------------------------ >8 ------------------------"
}

/// The comment character `core.commentString` or `core.commentChar` sets
/// (`#` by default), or `None` where it is not one byte: `auto`, where git
/// picks one per message, or a longer string. Then no line is dropped but
/// what lies below the scissors line.
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
    fn comments_and_everything_below_the_scissors_are_blanked() {
        let raw = b"subject\n\nbody\n# Please enter the message\n\
            # ------------------------ >8 ------------------------\n\
            diff --git a/x b/x\n-token = secret\n";
        assert_eq!(recorded(raw, Some(b'#')), b"subject\n\nbody\n\n");
        assert_eq!(
            recorded(raw, None),
            b"subject\n\nbody\n# Please enter the message\n"
        );
    }

    #[test]
    fn the_comment_character_is_configurable() {
        assert_eq!(recorded(b"; note\n# kept\n", Some(b';')), b"\n# kept\n");
    }
}
