//! `leakfence scan`: files, directories and stdin; or a commit range or the
//! whole history of the repository.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::report::{self, Format, Situation};
use crate::scan::Scanner;
use crate::source::commits::scan_commits;
use crate::source::paths::scan_paths;
use crate::{Error, ExitCode, Result, detectors, git};

/// What to scan.
pub enum Target<'a> {
    Paths(&'a [PathBuf]),
    /// `A..B`: commits reachable from B and not from A.
    Range(&'a str),
    /// Every commit reachable from any ref.
    History,
}

/// Where progress goes, if anywhere (a terminal, for long scans).
pub type ProgressSink<'a> = Option<&'a mut dyn Write>;

pub fn run(
    out: &mut dyn Write,
    stdin: &mut dyn Read,
    target: Target<'_>,
    detectors_file: Option<&Path>,
    format: Format,
    progress: ProgressSink<'_>,
) -> Result<ExitCode> {
    let catalog = match detectors_file {
        Some(path) => detectors::load_file(path)?,
        None => detectors::builtin()?,
    };
    let scanner = Scanner::new(&catalog);
    let outcome = match target {
        Target::Paths(paths) => {
            let default = [PathBuf::from(".")];
            let paths = if paths.is_empty() { &default[..] } else { paths };
            scan_paths(paths, &scanner, stdin)?
        }
        Target::Range(range) => {
            let repo = git::open()?;
            let commits = range_commits(&repo, range)?;
            scan_commits(&repo, &scanner, &commits, &mut progress_bar(progress))?
        }
        Target::History => {
            let repo = git::open()?;
            let tips = git::commits::ref_tips(&repo, None)?;
            let commits = git::commits::walk(&repo, &tips, &[])?;
            scan_commits(&repo, &scanner, &commits, &mut progress_bar(progress))?
        }
    };
    report::write(out, format, &Situation::Scan, &catalog, &outcome).map_err(Error::Output)?;
    Ok(if outcome.findings.is_empty() {
        ExitCode::Clean
    } else {
        ExitCode::Findings
    })
}

/// `A..B` or just `B` (everything reachable from B).
fn range_commits(repo: &gix::Repository, range: &str) -> Result<Vec<gix::ObjectId>> {
    let resolve = |spec: &str| -> Result<gix::ObjectId> {
        let id = repo
            .rev_parse_single(spec)
            .map_err(|err| Error::Usage(format!("--range: cannot resolve {spec:?}: {err}")))?;
        git::commits::peel_to_commit(repo, id.detach())?
            .ok_or_else(|| Error::Usage(format!("--range: {spec:?} is not a commit")))
    };
    let (from, to) = match range.split_once("..") {
        Some((from, to)) => (Some(from), to),
        None => (None, range),
    };
    let to = resolve(if to.is_empty() { "HEAD" } else { to })?;
    let hidden = match from {
        Some(from) if !from.is_empty() => vec![resolve(from)?],
        _ => Vec::new(),
    };
    git::commits::walk(repo, &[to], &hidden)
}

/// Redraws one status line, at most every 1% of the work, when there is a sink
/// and the work is long enough to be worth watching.
fn progress_bar(sink: ProgressSink<'_>) -> impl FnMut(usize, usize) + '_ {
    const WORTH_SHOWING: usize = 200;
    let mut sink = sink;
    move |done, total| {
        let Some(sink) = sink.as_deref_mut() else { return };
        if total < WORTH_SHOWING || (done % (total / 100).max(1) != 0 && done != total) {
            return;
        }
        let _ = write!(sink, "\rleakfence: scanned {done}/{total} commits");
        if done == total {
            let _ = writeln!(sink);
        }
    }
}
