//! Makes scanned bytes safe to print: a staged file can hold terminal escape
//! sequences, and paths and content need not be UTF-8. Paths in printed
//! commands are also quoted for the shell.

/// Valid UTF-8 text is kept except control characters, which are written as
/// `\xNN` (`\t` stays readable); invalid bytes become `\xNN` too.
pub fn escape(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\t' => out.push_str("\\t"),
                c if c.is_control() => {
                    let mut buf = [0; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        out.push_str(&format!("\\x{b:02x}"));
                    }
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// `text` as one shell word, quoted only when it has to be, so a command the
/// report prints can be pasted as it is (a path may hold spaces or quotes).
pub fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./@%+=:,".contains(&b));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::{escape, shell_word};

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("deploy/prod.env"), "deploy/prod.env");
        assert_eq!(shell_word("my dir/.env"), "'my dir/.env'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word("$HOME"), "'$HOME'");
    }

    #[test]
    fn escapes_control_and_invalid_bytes() {
        assert_eq!(escape(b"a\x1b[31mb"), "a\\x1b[31mb");
        assert_eq!(escape(b"caf\xc3\xa9"), "café");
        assert_eq!(escape(b"\xff\tx\r"), "\\xff\\tx\\x0d");
        assert_eq!(escape("\u{9b}".as_bytes()), "\\xc2\\x9b");
    }
}
