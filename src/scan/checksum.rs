//! Public token checksums: a value whose checksum does not verify is not that
//! credential, whatever its shape.

pub use crate::detectors::schema::Checksum;

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const CRC_CHARS: usize = 6;

impl Checksum {
    /// Whether `secret`, whose first `prefix_len` bytes are the fixed prefix, verifies.
    pub fn verifies(self, secret: &[u8], prefix_len: usize) -> bool {
        match self {
            Checksum::Crc32Base62 => {
                let Some(body_end) = secret.len().checked_sub(CRC_CHARS) else {
                    return false;
                };
                body_end > prefix_len && secret[body_end..] == base62(crc32(&secret[prefix_len..body_end]))
            }
        }
    }
}

/// CRC-32 (IEEE 802.3, reflected, as zlib computes it).
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

fn base62(mut n: u32) -> [u8; CRC_CHARS] {
    let mut out = [b'0'; CRC_CHARS];
    for slot in out.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn verifies_a_self_made_token_and_rejects_a_changed_one() {
        let body = b"Zq3nR8sLw0XyT5vB2mK9pD4hF7jC1a";
        let mut token = b"ghp_".to_vec();
        token.extend_from_slice(body);
        token.extend_from_slice(&base62(crc32(body)));
        assert!(Checksum::Crc32Base62.verifies(&token, 4));
        token[10] = if token[10] == b'a' { b'b' } else { b'a' };
        assert!(!Checksum::Crc32Base62.verifies(&token, 4));
        assert!(!Checksum::Crc32Base62.verifies(b"ghp_abc", 4));
    }
}
