//! `leakfence commit-msg FILE`: scan the message `git commit` is about to
//! record, as git's commit-msg hook runs it.
//!
//! The policy is HEAD's `.leakfence.yaml`, not the index's as for the staged
//! changes: reading a 50,000-entry index took 4.5 of this hook's 8.6 ms, on
//! every commit, to find a file that rarely changes. A commit that changes
//! the file has its message judged again by pre-push, with the pushed
//! commit's. Before the first commit the index is all there is.

use std::io::Write;
use std::path::Path;

use crate::config::{self, source::Source};
use crate::git::staged::read_index;
use crate::report::{self, Format, Situation};
use crate::scan::{Origin, Scanner};
use crate::source::{Outcome, message};
use crate::{Error, ExitCode, Result, git};

pub fn run(out: &mut dyn Write, file: &Path, format: Format, config_file: Option<&Path>) -> Result<ExitCode> {
    let repo = git::open()?;
    let raw = std::fs::read(file).map_err(|source| Error::Io {
        path: file.to_path_buf(),
        source,
    })?;
    let text = message::recorded(&raw, message::comment_char(&repo));
    let index;
    let source = match repo.head_id() {
        Ok(head) => Source::Commit(&repo, head.detach()),
        Err(_) => {
            index = read_index(&repo)?;
            Source::Index(&repo, &index)
        }
    };
    let settings = config::load(&source, config_file)?;
    let scanner = Scanner::with_policy(&settings.catalog, &settings.policy);
    let outcome = Outcome {
        findings: message::scan(&scanner, Origin::NewMessage, text)?,
        skipped: Vec::new(),
    };
    let situation = Situation::CommitMsg {
        file: file.to_string_lossy().into_owned(),
    };
    report::finish(out, format, &situation, &settings.catalog, &outcome)
}
