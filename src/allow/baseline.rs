//! The baseline: findings a team accepted, recorded by fingerprint so they
//! stop blocking while any new secret still does.
//!
//! A fingerprint is a keyed hash of the detector id and the secret value (see
//! `scan::redact::fingerprint`); the key is random per baseline, so the file
//! holds nothing that identifies the secret across repositories, and entries
//! survive moved lines, CRLF changes and reformatting. The file is sorted with
//! one entry per line so that merges rarely conflict.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

pub const FILE_NAME: &str = ".leakfence-baseline.json";
/// The fingerprint key when there is no baseline.
pub const DEFAULT_KEY: &str = "leakfence-v1";

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub path: String,
    pub detector: String,
    pub fingerprint: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    key: String,
    entries: Vec<Entry>,
}

#[derive(Debug)]
pub struct Baseline {
    pub key: String,
    pub entries: Vec<Entry>,
    fingerprints: HashSet<String>,
}

impl Default for Baseline {
    fn default() -> Self {
        Baseline::new(DEFAULT_KEY.to_string(), Vec::new())
    }
}

impl Baseline {
    pub fn new(key: String, mut entries: Vec<Entry>) -> Self {
        entries.sort();
        entries.dedup();
        let fingerprints = entries.iter().map(|e| e.fingerprint.clone()).collect();
        Baseline {
            key,
            entries,
            fingerprints,
        }
    }

    /// A fresh random key for a new baseline.
    pub fn random_key() -> String {
        let mut bytes = [0u8; 16];
        let random = std::fs::File::open("/dev/urandom")
            .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes));
        match random {
            Ok(()) => bytes.iter().map(|b| format!("{b:02x}")).collect(),
            // No /dev/urandom: the key only needs to differ between repositories.
            Err(_) => {
                let seed = format!("{:?}{}", std::time::SystemTime::now(), std::process::id());
                crate::scan::redact::fingerprint("", "key", seed.as_bytes())[..32].to_string()
            }
        }
    }

    pub fn parse(origin: &str, text: &[u8]) -> Result<Self> {
        let file: File = serde_json::from_slice(text).map_err(|err| Error::Detectors {
            origin: format!("{origin}:{}:{}", err.line(), err.column()),
            message: format!("{err}; regenerate it with `leakfence baseline create --force`"),
        })?;
        if file.version != 1 || file.key.is_empty() {
            return Err(Error::Detectors {
                origin: origin.to_string(),
                message: format!("unsupported baseline version {} or empty key", file.version),
            });
        }
        Ok(Baseline::new(file.key, file.entries))
    }

    pub fn contains(&self, fingerprint: &str) -> bool {
        self.fingerprints.contains(fingerprint)
    }

    /// The file text: sorted, one entry per line.
    pub fn render(&self) -> String {
        let mut out = format!(
            "{{\n  \"version\": 1,\n  \"key\": {:?},\n  \"entries\": [\n",
            self.key
        );
        for (i, entry) in self.entries.iter().enumerate() {
            let line = serde_json::to_string(entry).expect("entries serialize");
            let comma = if i + 1 < self.entries.len() { "," } else { "" };
            out.push_str(&format!("    {line}{comma}\n"));
        }
        out.push_str("  ]\n}\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_sorted_one_entry_per_line() {
        let e = |p: &str, f: &str| Entry {
            path: p.into(),
            detector: "d".into(),
            fingerprint: f.into(),
        };
        let b = Baseline::new("k".into(), vec![e("b", "2"), e("a", "1"), e("a", "1")]);
        let text = b.render();
        assert_eq!(text.lines().filter(|l| l.contains("fingerprint")).count(), 2);
        assert!(text.find("\"a\"").unwrap() < text.find("\"b\"").unwrap());
        let back = Baseline::parse("t", text.as_bytes()).unwrap();
        assert!(back.contains("1") && back.contains("2") && !back.contains("3"));
        assert_eq!(back.render(), text);
        let err = Baseline::parse("t.json", b"{\"version\": 1,\n \"key\": 3}")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("t.json:2:"), "{err}");
    }
}
