//! `leakfence commit-msg FILE`: scan the message `git commit` is about to
//! record, as git's commit-msg hook runs it, with the policy of the index's
//! `.leakfence.yaml` (what this commit will hold).

use std::io::Write;
use std::path::Path;

use crate::config::{self, source::Source};
use crate::git::staged::read_index;
use crate::report::{self, Format, Situation};
use crate::scan::{Chunk, Lines, MESSAGE_PATH, Origin, Scanner};
use crate::source::{Outcome, message};
use crate::{Error, ExitCode, Result, git};

pub fn run(out: &mut dyn Write, file: &Path, format: Format, config_file: Option<&Path>) -> Result<ExitCode> {
    let repo = git::open()?;
    let raw = std::fs::read(file).map_err(|source| Error::Io {
        path: file.to_path_buf(),
        source,
    })?;
    let text = message::recorded(&raw, message::comment_char(&repo));
    let index = read_index(&repo)?;
    let settings = config::load(&Source::Index(&repo, &index), config_file)?;
    let scanner = Scanner::with_policy(&settings.catalog, &settings.policy);
    let findings = scanner.scan(&Chunk {
        origin: Origin::NewMessage,
        path: MESSAGE_PATH,
        data: &text,
        lines: Lines::All,
    })?;
    let outcome = Outcome {
        findings,
        skipped: Vec::new(),
    };
    let situation = Situation::CommitMsg {
        file: file.to_string_lossy().into_owned(),
    };
    report::finish(out, format, &situation, &settings.catalog, &outcome)
}
