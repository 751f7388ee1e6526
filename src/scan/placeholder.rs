//! Rejects values that have a token's shape but are obviously not a real one:
//! documentation placeholders, template references, and bodies no random
//! generator produces (one repeated character, a sequential run, a short
//! repeating unit).

/// Substrings that mark a value as a placeholder or a reference, compared
/// case-insensitively.
const MARKERS: &[&str] = &[
    "xxxx",
    "example",
    "placeholder",
    "your_",
    "your-",
    "yourtoken",
    "changeme",
    "dummy",
    "redacted",
    "replace",
    "insert",
    "fake",
    "sample",
    "<",
    ">",
    "${",
    "{{",
    "$(",
    "%(",
    "*****",
    "....",
];

/// Whether `secret` (the matched credential) is a placeholder. `prefix_len`
/// bytes at the start are the token's fixed prefix (e.g. `bkua_`) and are not
/// part of the random body.
pub fn is_placeholder(secret: &[u8], prefix_len: usize) -> bool {
    let lower = secret.to_ascii_lowercase();
    if MARKERS
        .iter()
        .any(|m| memchr::memmem::find(&lower, m.as_bytes()).is_some())
    {
        return true;
    }
    let body: Vec<u8> = lower[prefix_len.min(lower.len())..]
        .iter()
        .copied()
        .filter(u8::is_ascii_alphanumeric)
        .collect();
    body.len() >= 8 && (is_sequential(&body) || has_short_period(&body) || distinct(&body) <= 3)
}

/// Runs like `0123456789abcdef` or `fedcba98`: most neighbours differ by ±1.
fn is_sequential(body: &[u8]) -> bool {
    let steps = body.windows(2);
    let total = body.len() - 1;
    let up = steps
        .clone()
        .filter(|w| w[1] == w[0].wrapping_add(1) || (w[0] == b'9' && w[1] == b'a'))
        .count();
    let down = steps
        .filter(|w| w[0] == w[1].wrapping_add(1) || (w[1] == b'9' && w[0] == b'a'))
        .count();
    up * 4 >= total * 3 || down * 4 >= total * 3
}

/// Bodies made of one short unit repeated, such as `abcabcabc` or `deadbeefdeadbeef`.
fn has_short_period(body: &[u8]) -> bool {
    (1..=8)
        .filter(|&period| body.len() >= period * 3)
        .any(|period| (period..body.len()).all(|i| body[i] == body[i - period]))
}

fn distinct(body: &[u8]) -> usize {
    let mut seen = [false; 256];
    body.iter().for_each(|&b| seen[b as usize] = true);
    seen.iter().filter(|&&s| s).count()
}

#[cfg(test)]
mod tests {
    use super::is_placeholder;

    #[test]
    fn placeholders_are_rejected() {
        for value in [
            "bkua_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "<your-token>",
            "${BUILDKITE_TOKEN}",
            "pul-0000000000000000000000000000000000000000",
            "pul-0123456789abcdef0123456789abcdef01234567",
            "pul-abcabcabcabcabcabcabcabcabcabcabcabcabca",
            "pul-fedcba9876543210fedcba9876543210fedcba98",
        ] {
            assert!(is_placeholder(value.as_bytes(), 4), "{value}");
        }
    }

    #[test]
    fn random_tokens_pass() {
        for value in [
            "pul-7f3a9c1e5b2d8f4a6c0e9b1d3f5a7c2e4b6d8f0a",
            "bkua_4e9b2c7a1f8d3e6b0c5a9f2e7d1b4c8a3f6e0d9b",
        ] {
            assert!(!is_placeholder(value.as_bytes(), 4), "{value}");
        }
    }
}
