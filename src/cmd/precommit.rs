//! `leakfence pre-commit`: scan the index against HEAD.

use std::io::Write;
use std::path::Path;

use crate::config::{self, source::Source};
use crate::git::staged::read_index;
use crate::report::{self, Format, Situation};
use crate::scan::Scanner;
use crate::source::staged::scan_staged;
use crate::{ExitCode, Result, git};

pub fn run(out: &mut dyn Write, format: Format, config_file: Option<&Path>) -> Result<ExitCode> {
    let repo = git::open()?;
    let index = read_index(&repo)?;
    let settings = config::load(&Source::Index(&repo, &index), config_file)?;
    let scanner = Scanner::with_policy(&settings.catalog, &settings.policy);
    let outcome = scan_staged(&repo, &index, &scanner)?;
    report::finish(out, format, &Situation::PreCommit, &settings.catalog, &outcome)
}
