//! The human report: where each secret is (redacted), what it is, how to fix
//! the commit, how to rotate the credential, and what to do about a false
//! positive.

use std::collections::BTreeSet;
use std::io::Write;

use colored::Colorize;

use super::escape::escape;
use super::snippet::env_snippet;
use super::{Situation, runbook};
use crate::detectors::Catalog;
use crate::scan::{Finding, Origin};
use crate::source::Outcome;

pub fn write(
    out: &mut dyn Write,
    situation: Situation,
    catalog: &Catalog,
    outcome: &Outcome,
) -> std::io::Result<()> {
    if outcome.findings.is_empty() {
        // Quiet when clean: a hook that talks on every commit gets ignored.
        return if situation == Situation::Scan {
            writeln!(out, "leakfence: no credentials found")
        } else {
            Ok(())
        };
    }
    headline(out, situation, outcome.findings.len())?;
    for finding in &outcome.findings {
        location(out, catalog, finding)?;
    }
    writeln!(out)?;
    fix(out, situation, catalog, &outcome.findings)?;
    writeln!(out)?;
    let mut seen = BTreeSet::new();
    for finding in &outcome.findings {
        if seen.insert(finding.detector) {
            runbook::write(out, &catalog.detectors()[finding.detector])?;
            writeln!(out)?;
        }
    }
    false_positive(out, situation)
}

fn headline(out: &mut dyn Write, situation: Situation, count: usize) -> std::io::Result<()> {
    let what = if count == 1 { "credential" } else { "credentials" };
    let text = match situation {
        Situation::PreCommit => {
            format!("leakfence blocked this commit: {count} {what} in the staged changes")
        }
        Situation::Scan => format!("leakfence found {count} {what}"),
    };
    writeln!(out, "{}\n", text.red().bold())
}

fn location(out: &mut dyn Write, catalog: &Catalog, f: &Finding) -> std::io::Result<()> {
    let detector = &catalog.detectors()[f.detector];
    let place = format!("{}:{}:{}", escape(&f.path), f.line, f.column);
    let commit = match &f.origin {
        Origin::Commit { id, subject } => format!(" in commit {id} ({})", escape(subject.as_bytes())),
        _ => String::new(),
    };
    writeln!(
        out,
        "  {}{commit}  {} [{}]",
        place.bold(),
        detector.name.yellow(),
        detector.id
    )?;
    writeln!(out, "      secret: {}", f.secret_redacted)?;
    writeln!(out, "      line:   {}", escape(&f.context).dimmed())
}

fn fix(
    out: &mut dyn Write,
    situation: Situation,
    catalog: &Catalog,
    findings: &[Finding],
) -> std::io::Result<()> {
    writeln!(out, "  {}", "Fix it:".bold())?;
    let mut files = BTreeSet::new();
    for f in findings {
        if !files.insert((&f.path, f.detector)) {
            continue;
        }
        let detector = &catalog.detectors()[f.detector];
        let (language, snippet) = env_snippet(&f.path, &detector.env_var);
        writeln!(
            out,
            "    - In {}, replace the value with a lookup of ${} ({language}):",
            escape(&f.path),
            detector.env_var
        )?;
        writeln!(out, "        {}", snippet.green())?;
    }
    writeln!(
        out,
        "    - Keep the real value in a secrets manager (Vault, AWS Secrets Manager, 1Password, Doppler) or your CI's secret store, and inject it as that variable."
    )?;
    if situation == Situation::PreCommit {
        let paths: Vec<String> = files
            .iter()
            .map(|(p, _)| escape(p))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        writeln!(
            out,
            "    - Stage the edited file(s) and commit again: git add {} && git commit",
            paths.join(" ")
        )?;
        writeln!(
            out,
            "    - The secret is not in any commit yet. If it was ever pushed, shared or logged elsewhere, rotate it:"
        )?;
    } else {
        writeln!(
            out,
            "    - Treat every value found here as exposed and rotate it:"
        )?;
    }
    Ok(())
}

fn false_positive(out: &mut dyn Write, situation: Situation) -> std::io::Result<()> {
    writeln!(out, "  {}", "Not a real secret?".bold())?;
    writeln!(
        out,
        "    - Add a comment with leakfence:allow on that line (e.g. `# leakfence:allow`), or leakfence:allow-next-line on the line above."
    )?;
    if situation == Situation::PreCommit {
        writeln!(
            out,
            "    - To commit anyway, deliberately, once: git commit --no-verify"
        )?;
    }
    Ok(())
}
