//! Text encodings other than UTF-8/ASCII: UTF-16 files (common on Windows for
//! .reg, .ps1 and some config files) are all NUL bytes to the binary check, so
//! they are decoded to UTF-8 first instead of being skipped.

/// `data` as UTF-8 if it starts with a UTF-16 byte-order mark; unchanged
/// otherwise. Unpaired surrogates become U+FFFD.
pub fn decode_utf16_bom(data: Vec<u8>) -> Vec<u8> {
    utf16_bom_text(&data).unwrap_or(data)
}

/// Whether `data` starts with a UTF-16 byte-order mark, either byte order.
pub fn has_utf16_bom(data: &[u8]) -> bool {
    matches!(data.get(..2), Some([0xFF, 0xFE] | [0xFE, 0xFF]))
}

/// `data` decoded to UTF-8 if it starts with a UTF-16 byte-order mark, for
/// callers that read into a buffer they keep.
pub fn utf16_bom_text(data: &[u8]) -> Option<Vec<u8>> {
    if !has_utf16_bom(data) {
        return None;
    }
    let little = data[0] == 0xFF;
    let units = data[2..].chunks_exact(2).map(|pair| {
        if little {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    let text = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect::<String>();
    Some(text.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::decode_utf16_bom;

    #[test]
    fn decodes_both_byte_orders_and_leaves_other_text_alone() {
        let text = "key = pul-1\r\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode_utf16_bom(le), text.as_bytes());
        assert_eq!(decode_utf16_bom(be), text.as_bytes());
        assert_eq!(decode_utf16_bom(b"plain".to_vec()), b"plain");
    }
}
