//! Allowed values: exact strings, regexes and stopwords that mark a matched
//! secret as a known non-secret (a documented sample, a test constant).

use std::collections::HashSet;

use regex::bytes::{RegexSet, RegexSetBuilder};

use crate::detectors::catalog::one_line;

#[derive(Debug, Default)]
pub struct AllowedValues {
    exact: HashSet<Vec<u8>>,
    patterns: Option<RegexSet>,
    /// Lower-cased; a secret containing one is allowed.
    stopwords: Vec<Vec<u8>>,
}

impl AllowedValues {
    /// Fails with the first entry that is wrong, and why. An entry that would
    /// allow every value (an empty stopword, a pattern that matches the empty
    /// string) is refused: it would silently turn the scanner off.
    pub fn new(
        exact: &[String],
        patterns: &[String],
        stopwords: &[String],
    ) -> Result<Self, (String, String)> {
        let allows_all = "would allow every value: give it at least one character to match";
        if let Some(empty) = exact.iter().chain(stopwords).find(|v| v.is_empty()) {
            return Err((empty.clone(), format!("is empty, and {allows_all}")));
        }
        for pattern in patterns {
            let regex = regex::bytes::RegexBuilder::new(pattern)
                .size_limit(1 << 20)
                .build()
                .map_err(|err| {
                    (
                        pattern.clone(),
                        format!("is not a valid regex: {}", one_line(&err.to_string())),
                    )
                })?;
            if regex.is_match(b"") {
                return Err((
                    pattern.clone(),
                    format!("matches the empty string, so it {allows_all}"),
                ));
            }
        }
        let patterns = if patterns.is_empty() {
            None
        } else {
            let set = RegexSetBuilder::new(patterns)
                .size_limit(4 << 20)
                .build()
                .map_err(|err| (patterns.join(" | "), one_line(&err.to_string())))?;
            Some(set)
        };
        Ok(AllowedValues {
            exact: exact.iter().map(|v| v.as_bytes().to_vec()).collect(),
            patterns,
            stopwords: stopwords
                .iter()
                .map(|w| w.to_ascii_lowercase().into_bytes())
                .collect(),
        })
    }

    pub fn allows(&self, secret: &[u8]) -> bool {
        if self.exact.contains(secret) || self.patterns.as_ref().is_some_and(|set| set.is_match(secret)) {
            return true;
        }
        if self.stopwords.is_empty() {
            return false;
        }
        let lower = secret.to_ascii_lowercase();
        self.stopwords
            .iter()
            .any(|w| memchr::memmem::find(&lower, w).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::AllowedValues;

    #[test]
    fn exact_pattern_and_stopword() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let allowed = AllowedValues::new(&s(&["abc123"]), &s(&["^pul-0{8}"]), &s(&["Fixture"])).unwrap();
        assert!(allowed.allows(b"abc123"));
        assert!(!allowed.allows(b"abc1234"));
        assert!(allowed.allows(b"pul-00000000ffff"));
        assert!(allowed.allows(b"token_FIXTURE_9"));
        assert!(!allowed.allows(b"token_real_9"));
        assert!(AllowedValues::new(&[], &s(&["("]), &[]).is_err());
        for (values, patterns, stopwords) in [
            (s(&[""]), vec![], vec![]),
            (vec![], s(&["x*"]), vec![]),
            (vec![], vec![], s(&[""])),
        ] {
            let err = AllowedValues::new(&values, &patterns, &stopwords).unwrap_err();
            assert!(err.1.contains("would allow every value"), "{err:?}");
        }
    }
}
