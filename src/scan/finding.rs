//! What the scanner produces. A finding never holds the secret itself, only a
//! redacted form and a fingerprint, so no later stage can print it by mistake.

/// Where a chunk of text came from, so the report can say "staged" or "in commit 1a2b3c4".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The index: what `git commit` is about to record.
    Staged,
    /// A commit being pushed or in history.
    Commit { id: String, subject: String },
    /// The message of a commit being pushed or in history.
    Message { id: String, subject: String },
    /// The message `git commit` is about to record (the commit-msg hook).
    NewMessage,
    /// A file on disk given to `leakfence scan`.
    File,
    /// Standard input.
    Stdin,
}

/// How a commit message is named where a finding's path would be.
pub const MESSAGE_PATH: &[u8] = b"(commit message)";

impl Origin {
    /// Whether the finding is in a commit message rather than a file.
    pub fn is_message(&self) -> bool {
        matches!(self, Origin::Message { .. } | Origin::NewMessage)
    }

    /// The commit a finding is in, or in the message of.
    pub fn commit(&self) -> Option<&str> {
        match self {
            Origin::Commit { id, .. } | Origin::Message { id, .. } => Some(id),
            Origin::Staged | Origin::NewMessage | Origin::File | Origin::Stdin => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Finding {
    /// Index of the detector in the catalog that was scanned with.
    pub detector: usize,
    pub origin: Origin,
    /// Raw path bytes: git paths need not be UTF-8.
    pub path: Vec<u8>,
    /// 1-based line of the secret's first byte in the new file.
    pub line: u32,
    /// 1-based line of the secret's last byte (differs for multi-line keys).
    pub end_line: u32,
    /// 1-based byte column of the secret on `line`.
    pub column: u32,
    /// Short visible prefix plus length, e.g. `bkua_4e9b… (45 chars)`.
    pub secret_redacted: String,
    /// Keyed hash of the detector id and the secret; stable across moves and edits.
    pub fingerprint: String,
    /// The secret's line, with every secret on it redacted, clipped around the secret.
    pub context: Vec<u8>,
}
