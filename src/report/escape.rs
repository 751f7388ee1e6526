//! Makes scanned bytes safe to print: a staged file can hold terminal escape
//! sequences, and paths and content need not be UTF-8.

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

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_control_and_invalid_bytes() {
        assert_eq!(escape(b"a\x1b[31mb"), "a\\x1b[31mb");
        assert_eq!(escape(b"caf\xc3\xa9"), "café");
        assert_eq!(escape(b"\xff\tx\r"), "\\xff\\tx\\x0d");
        assert_eq!(escape("\u{9b}".as_bytes()), "\\xc2\\x9b");
    }
}
