//! `leakfence baseline create|update|check`: accept the findings a repository
//! already has, by fingerprint, so that only new secrets block.

use std::io::Write;
use std::path::{Path, PathBuf};

use gix::index::entry::{Flags, Mode, Stage};

use crate::allow::Baseline;
use crate::allow::baseline::{Entry, FILE_NAME};
use crate::config::{self, source::Source};
use crate::git::content::read_blob;
use crate::git::staged::read_index;
use crate::scan::{Chunk, Finding, Lines, Origin, Scanner, is_binary};
use crate::{Error, ExitCode, Result, git};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::Subcommand)]
pub enum Action {
    /// Record every current finding in .leakfence-baseline.json (a new file).
    Create {
        /// Replace an existing baseline (and its key).
        #[arg(long)]
        force: bool,
    },
    /// Re-record the current findings, keeping the baseline's key.
    Update,
    /// List baseline entries that no longer match anything (exit 1 if any).
    Check,
}

pub fn run(out: &mut dyn Write, action: Action, config_file: Option<&Path>) -> Result<ExitCode> {
    let repo = git::open()?;
    let root = repo
        .workdir()
        .ok_or_else(|| Error::Usage("a baseline needs a repository with a work tree".into()))?
        .to_path_buf();
    let path = root.join(FILE_NAME);
    let existing = match config::source::read_file(&path)? {
        Some(file) => Some(Baseline::parse(&file.origin, &file.text)?),
        None => None,
    };
    let key = match (action, &existing) {
        (Action::Create { force: false }, Some(_)) => {
            return Err(Error::Usage(format!(
                "{} exists; use `leakfence baseline update`, or `create --force` to start over",
                path.display()
            )));
        }
        (Action::Create { .. }, _) => Baseline::random_key(),
        (_, Some(baseline)) => baseline.key.clone(),
        (_, None) => {
            return Err(Error::Usage(format!(
                "no {FILE_NAME}: run `leakfence baseline create`"
            )));
        }
    };
    let findings = tracked_findings(&repo, config_file, &key)?;
    let w = |out: &mut dyn Write, text: String| writeln!(out, "{text}").map_err(Error::Output);
    if action == Action::Check {
        let baseline = existing.expect("checked above");
        let unused: Vec<&Entry> = baseline
            .entries
            .iter()
            .filter(|e| !findings.iter().any(|(f, _)| f.fingerprint == e.fingerprint))
            .collect();
        for entry in &unused {
            w(
                out,
                format!("unused: {} {} {}", entry.path, entry.detector, entry.fingerprint),
            )?;
        }
        w(
            out,
            format!(
                "{} of {} baseline entries still match",
                baseline.entries.len() - unused.len(),
                baseline.entries.len()
            ),
        )?;
        return Ok(if unused.is_empty() {
            ExitCode::Clean
        } else {
            ExitCode::Findings
        });
    }
    let entries = findings
        .into_iter()
        .map(|(f, detector)| Entry {
            path: String::from_utf8_lossy(&f.path).into_owned(),
            detector,
            fingerprint: f.fingerprint,
        })
        .collect();
    let baseline = Baseline::new(key, entries);
    write_file(&path, &baseline.render())?;
    w(
        out,
        format!(
            "{}: {} entries; commit it to accept these findings",
            path.display(),
            baseline.entries.len()
        ),
    )?;
    Ok(ExitCode::Clean)
}

/// Every finding in the full content of every tracked file, fingerprinted with
/// `key`, with its detector id.
fn tracked_findings(
    repo: &gix::Repository,
    config_file: Option<&Path>,
    key: &str,
) -> Result<Vec<(Finding, String)>> {
    let index = read_index(repo)?;
    let mut settings = config::load(&Source::Index(repo, &index), config_file)?;
    settings.policy.baseline = Baseline::new(key.to_string(), Vec::new());
    let scanner = Scanner::with_policy(&settings.catalog, &settings.policy);
    let mut out = Vec::new();
    for entry in index.entries() {
        let is_file = entry.mode == Mode::FILE || entry.mode == Mode::FILE_EXECUTABLE;
        if !is_file || entry.stage() != Stage::Unconflicted || entry.flags.contains(Flags::INTENT_TO_ADD) {
            continue;
        }
        let data = read_blob(repo, entry.id)?;
        if is_binary(&data) {
            continue;
        }
        let chunk = Chunk {
            origin: Origin::Staged,
            path: entry.path(&index),
            data: &data,
            lines: Lines::All,
        };
        for finding in scanner.scan(&chunk)? {
            let id = settings.catalog.detectors()[finding.detector].id.clone();
            out.push((finding, id.into_owned()));
        }
    }
    Ok(out)
}

fn write_file(path: &PathBuf, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })
}
