//! The human report: where each secret is (redacted), what it is, how to fix
//! the commit (see `fix`), how to rotate the credential, and what to do about
//! a false positive.

use std::collections::BTreeSet;
use std::io::Write;

use colored::Colorize;

use super::escape::escape;
use super::snippet::allow_comment;
use super::{Situation, fix, runbook};
use crate::detectors::Catalog;
use crate::scan::{Finding, Origin};
use crate::source::Outcome;

/// How many hex digits name a commit in the report.
const SHORT_ID: usize = 10;

pub fn write(
    out: &mut dyn Write,
    situation: &Situation,
    catalog: &Catalog,
    outcome: &Outcome,
) -> std::io::Result<()> {
    if outcome.findings.is_empty() {
        // Quiet when clean: a hook that talks on every commit gets ignored.
        return if *situation == Situation::Scan {
            writeln!(out, "leakfence: no credentials found")?;
            skipped(out, outcome)
        } else {
            Ok(())
        };
    }
    headline(out, situation, outcome.findings.len())?;
    for finding in &outcome.findings {
        location(out, catalog, finding)?;
    }
    writeln!(out)?;
    fix::write(out, situation, catalog, &outcome.findings)?;
    writeln!(out)?;
    let mut seen = BTreeSet::new();
    for finding in &outcome.findings {
        if seen.insert(finding.detector) {
            let detector = &catalog.detectors()[finding.detector];
            runbook::write(out, detector)?;
            writeln!(
                out,
                "    More, with snippets for other languages: leakfence explain {}",
                detector.id
            )?;
            writeln!(out)?;
        }
    }
    false_positive(out, situation, &outcome.findings)?;
    skipped(out, outcome)
}

/// Says what was not scanned, so silence is never mistaken for coverage.
fn skipped(out: &mut dyn Write, outcome: &Outcome) -> std::io::Result<()> {
    let Some(first) = outcome.skipped.first() else {
        return Ok(());
    };
    let more = match outcome.skipped.len() {
        1 => String::new(),
        n => format!(" and {} more", n - 1),
    };
    writeln!(
        out,
        "leakfence: not scanned: {}{more}: {} (`--format json` lists them all)",
        escape(&first.path),
        first.reason.describe()
    )
}

fn headline(out: &mut dyn Write, situation: &Situation, count: usize) -> std::io::Result<()> {
    let what = if count == 1 { "credential" } else { "credentials" };
    let text = match situation {
        Situation::PreCommit => {
            format!("leakfence blocked this commit: {count} {what} in the staged changes")
        }
        Situation::PrePush { remote, .. } => {
            let remote = if remote.is_empty() { "the remote" } else { remote };
            format!(
                "leakfence blocked this push to {}: {count} {what} in commits not yet on it",
                escape(remote.as_bytes())
            )
        }
        Situation::CommitMsg { .. } => {
            format!("leakfence blocked this commit: {count} {what} in the commit message")
        }
        Situation::Scan => format!("leakfence found {count} {what}"),
    };
    writeln!(out, "{}\n", text.red().bold())
}

pub(super) fn short(id: &str) -> &str {
    &id[..id.len().min(SHORT_ID)]
}

fn location(out: &mut dyn Write, catalog: &Catalog, f: &Finding) -> std::io::Result<()> {
    let detector = &catalog.detectors()[f.detector];
    if let Origin::Commit { id, subject } | Origin::Message { id, subject } = &f.origin {
        writeln!(
            out,
            "  commit {} {}",
            short(id).yellow(),
            escape(subject.as_bytes())
        )?;
    }
    let place = format!("{}:{}:{}", escape(&f.path), f.line, f.column);
    writeln!(
        out,
        "  {}  {} [{}]",
        place.bold(),
        detector.name.yellow(),
        detector.id
    )?;
    writeln!(out, "      secret: {}", f.secret_redacted)?;
    writeln!(out, "      line:   {}", escape(&f.context).dimmed())
}

fn false_positive(out: &mut dyn Write, situation: &Situation, findings: &[Finding]) -> std::io::Result<()> {
    writeln!(out, "  {}", "Not a real secret?".bold())?;
    if let Some(first) = findings.iter().find(|f| !f.origin.is_message()) {
        let path = escape(&first.path);
        match allow_comment(&first.path) {
            Some(comment) => writeln!(
                out,
                "    - One value: end line {} of {path} with the comment `{}` (or put leakfence:allow-next-line on the line above).",
                first.line,
                comment.green()
            )?,
            None => writeln!(
                out,
                "    - {path} cannot hold a comment: use a path rule or the baseline below."
            )?,
        }
        writeln!(
            out,
            "    - A whole fixture file: add it to .leakfence.yaml at the repository root:"
        )?;
        writeln!(out, "        {}", format!("paths: [\"{path}\"]").green())?;
        writeln!(
            out,
            "    - Everything found now (e.g. when adopting leakfence): run {} and commit .leakfence-baseline.json.",
            "leakfence baseline create".green()
        )?;
    }
    if findings.iter().any(|f| f.origin.is_message()) {
        // A baseline records tracked files, and a message has no line to mark.
        writeln!(
            out,
            "    - A value in a commit message: list it in .leakfence.yaml at the repository root, under allow: values."
        )?;
    }
    match situation {
        Situation::PreCommit | Situation::CommitMsg { .. } => writeln!(
            out,
            "    - To commit anyway, deliberately, once: git commit --no-verify"
        ),
        Situation::PrePush { .. } => writeln!(
            out,
            "    - To push anyway, deliberately, once: git push --no-verify"
        ),
        Situation::Scan => Ok(()),
    }
}
