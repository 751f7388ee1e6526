//! `leakfence scan`: files, directories and stdin; or a commit range or the
//! whole history of the repository.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::config::{self, source::Source};
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
    config_file: Option<&Path>,
    format: Format,
    progress: ProgressSink<'_>,
) -> Result<ExitCode> {
    let (settings, outcome) = match target {
        Target::Paths(paths) => {
            let settings = with_detectors(
                config::load(&Source::Dir(".".into()), config_file)?,
                detectors_file,
            )?;
            let default = [PathBuf::from(".")];
            let paths = if paths.is_empty() { &default[..] } else { paths };
            let outcome = scan_paths(
                paths,
                &Scanner::with_policy(&settings.catalog, &settings.policy),
                stdin,
            )?;
            (settings, outcome)
        }
        Target::Range(_) | Target::History => {
            let repo = git::open()?;
            let commits = match target {
                Target::Range(range) => range_commits(&repo, range)?,
                _ => git::commits::walk(&repo, &git::commits::ref_tips(&repo, None)?, &[])?,
            };
            let settings = match commits.first() {
                Some(&tip) => config::load(&Source::Commit(&repo, tip), config_file)?,
                None => config::defaults()?,
            };
            let settings = with_detectors(settings, detectors_file)?;
            let scanner = Scanner::with_policy(&settings.catalog, &settings.policy);
            let outcome = scan_commits(&repo, &scanner, &commits, &mut progress_bar(progress))?;
            (settings, outcome)
        }
    };
    report::finish(out, format, &Situation::Scan, &settings.catalog, &outcome)
}

/// `--detectors FILE` replaces the catalog (to try out detectors on their own).
fn with_detectors(mut settings: config::Settings, file: Option<&Path>) -> Result<config::Settings> {
    if let Some(file) = file {
        settings.catalog = detectors::load_file(file)?;
    }
    Ok(settings)
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
