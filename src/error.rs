//! The library's error type and the process exit codes derived from it.
//!
//! Every failure is either the user's to fix (usage or configuration: exit 2) or
//! ours/git's (exit 3). Both block a commit or push: a hook that cannot finish its
//! scan must fail closed.

use std::path::PathBuf;

/// Exit codes, fixed once here; `main` is the only place that exits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    Clean = 0,
    Findings = 1,
    Usage = 2,
    Internal = 3,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A detector file that does not parse or does not validate. The message
    /// already lists every problem, one per line.
    #[error("{origin}: {message}")]
    Detectors { origin: String, message: String },

    #[error("{0}")]
    Usage(String),

    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// Anything gix reports: opening the repository, reading the index or objects.
    #[error("git: {context}: {message}")]
    Git { context: String, message: String },

    #[error("cannot write output: {0}")]
    Output(#[source] std::io::Error),
}

impl Error {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Detectors { .. } | Error::Usage(_) => ExitCode::Usage,
            Error::Io { .. } | Error::Git { .. } | Error::Output(_) => ExitCode::Internal,
        }
    }

    /// Wraps a gix error with what we were doing, keeping its whole source chain
    /// on one line so the hook's message stays a single line.
    pub fn git(context: impl Into<String>, err: impl std::error::Error) -> Self {
        let mut message = err.to_string();
        let mut source = err.source();
        while let Some(inner) = source {
            let text = inner.to_string();
            if !message.contains(&text) {
                message.push_str(": ");
                message.push_str(&text);
            }
            source = inner.source();
        }
        Error::Git {
            context: context.into(),
            message,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
