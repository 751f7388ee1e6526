//! Redaction and fingerprints: the only code that turns a secret into
//! something printable.

/// Shows the fixed prefix (if the secret starts with one of the detector's
/// keywords) and at most four more characters, then the total length.
pub fn redact(secret: &[u8], prefix_len: usize) -> String {
    let prefix_len = prefix_len.min(secret.len());
    let body_len = secret.len() - prefix_len;
    let visible = prefix_len + (body_len / 8).min(4);
    let shown: String = secret[..visible]
        .iter()
        .map(|&b| if b.is_ascii_graphic() { b as char } else { '?' })
        .collect();
    format!("{shown}… ({} chars)", secret.len())
}

/// A hex SHA-1 of a key, the detector id and the secret. It identifies the
/// secret for baselines and de-duplication without revealing it; the key (a
/// baseline's random key) keeps it from matching across repositories.
pub fn fingerprint(key: &str, detector_id: &str, secret: &[u8]) -> String {
    let mut hasher = gix::hash::hasher(gix::hash::Kind::Sha1);
    hasher.update(key.as_bytes());
    hasher.update(b"\0");
    hasher.update(detector_id.as_bytes());
    hasher.update(b"\0");
    hasher.update(secret);
    match hasher.try_finalize() {
        Ok(id) => id.to_hex().to_string(),
        // SHA-1 collision detection only fires on crafted collision inputs; a
        // constant fingerprint keeps the finding reported rather than lost.
        Err(_) => "0".repeat(40),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_prefix_and_length_only() {
        let secret = b"bkua_4e9b2c7a1f8d3e6b0c5a9f2e7d1b4c8a3f6e0d9b";
        assert_eq!(redact(secret, 5), "bkua_4e9b… (45 chars)");
        assert_eq!(redact(b"abcdefgh", 0), "a… (8 chars)");
        assert_eq!(redact(b"short", 0), "… (5 chars)");
    }

    #[test]
    fn fingerprint_depends_on_detector_and_value() {
        let a = fingerprint("k", "x", b"secret-one");
        assert_eq!(a, fingerprint("k", "x", b"secret-one"));
        assert_ne!(a, fingerprint("k", "y", b"secret-one"));
        assert_ne!(a, fingerprint("k", "x", b"secret-two"));
        assert_ne!(a, fingerprint("other", "x", b"secret-one"));
        assert_eq!(a.len(), 40);
    }
}
