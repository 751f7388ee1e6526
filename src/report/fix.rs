//! The report's "Fix it" section: what to change in each file (see
//! `filefix`), then how to get the secret out of what git is about to
//! record: the staged changes, the message, or commits not yet pushed.

use std::collections::BTreeSet;
use std::io::Write;

use colored::Colorize;

use super::Situation;
use super::escape::{escape, shell_word};
use super::filefix::{FileFix, file_fix};
use super::snippet::env_snippet;
use super::text::short;
use crate::detectors::Catalog;
use crate::scan::Finding;

pub fn write(
    out: &mut dyn Write,
    situation: &Situation,
    catalog: &Catalog,
    findings: &[Finding],
) -> std::io::Result<()> {
    writeln!(out, "  {}", "Fix it:".bold())?;
    fix_files(out, catalog, findings)?;
    match situation {
        Situation::PreCommit => fix_commit(out, findings),
        Situation::CommitMsg { file } => fix_message(out, file),
        Situation::PrePush { head, .. } => fix_history(out, head.as_deref(), findings),
        Situation::Scan => writeln!(
            out,
            "    - Treat every value found here as exposed and rotate it:"
        ),
    }
}

/// One fix per file: a lookup per credential type for source and config,
/// one line for a template, and for a file that is itself a secret store the
/// commands that take it out of git.
fn fix_files(out: &mut dyn Write, catalog: &Catalog, findings: &[Finding]) -> std::io::Result<()> {
    let mut done = BTreeSet::new();
    let mut lookups = false;
    for f in findings.iter().filter(|f| !f.origin.is_message()) {
        let fix = file_fix(&f.path);
        let key = match fix {
            FileFix::Lookup => Some(f.detector),
            _ => None,
        };
        if !done.insert((&f.path, key)) {
            continue;
        }
        let path = escape(&f.path);
        match fix {
            FileFix::Lookup => {
                lookups = true;
                let detector = &catalog.detectors()[f.detector];
                let (language, snippet) = env_snippet(&f.path, &detector.env_var);
                writeln!(
                    out,
                    "    - In {path}, replace the value with a lookup of ${} ({language}):",
                    detector.env_var
                )?;
                writeln!(out, "        {}", snippet.green())?;
            }
            FileFix::Placeholder => writeln!(
                out,
                "    - {path} is a template others copy: leave the value empty or write a placeholder such as `changeme`."
            )?,
            FileFix::EnvFile => {
                let instead = format!(
                    "Keep it on each machine, and commit a {}.example that lists the variables with empty values.",
                    escape(file_name(&f.path))
                );
                untrack(out, &f.path, "an env file", &instead)?;
            }
            FileFix::Untrack { what, instead } => untrack(out, &f.path, what, instead)?,
        }
    }
    if lookups {
        writeln!(
            out,
            "    - Keep the real value in a secrets manager (Vault, AWS Secrets Manager, 1Password, Doppler) or your CI's secret store, and inject it as that variable."
        )?;
    }
    Ok(())
}

/// The fix for a file that is itself a secret store (`what`): the command
/// that stops tracking it and ignores it by name, wherever it is, and where
/// it belongs `instead`.
fn untrack(out: &mut dyn Write, path: &[u8], what: &str, instead: &str) -> std::io::Result<()> {
    writeln!(
        out,
        "    - {} is {what}: take it out of git, keeping your copy:",
        escape(path)
    )?;
    let command = format!(
        "git rm --cached {} && echo {} >> .gitignore",
        shell_word(&escape(path)),
        shell_word(&escape(file_name(path)))
    );
    writeln!(out, "        {}", command.green())?;
    writeln!(out, "      {instead}")
}

fn file_name(path: &[u8]) -> &[u8] {
    path.rsplit(|b| *b == b'/').next().unwrap_or(path)
}

fn fix_commit(out: &mut dyn Write, findings: &[Finding]) -> std::io::Result<()> {
    let mut edited = BTreeSet::new();
    let mut untracked = false;
    for f in findings {
        match file_fix(&f.path) {
            FileFix::EnvFile | FileFix::Untrack { .. } => untracked = true,
            _ => {
                edited.insert(escape(&f.path));
            }
        }
    }
    let mut add: Vec<String> = edited.iter().map(|path| shell_word(path)).collect();
    let what = if untracked {
        add.push(".gitignore".to_string());
        "Stage the changes"
    } else {
        "Stage the edited file(s)"
    };
    writeln!(
        out,
        "    - {what} and commit again: git add {} && git commit",
        add.join(" ")
    )?;
    not_committed_yet(out)
}

/// git keeps a stopped commit's message in `file`, so it can be edited
/// rather than typed again.
fn fix_message(out: &mut dyn Write, file: &str) -> std::io::Result<()> {
    let command = format!(
        "git commit --edit --file={}",
        shell_word(&escape(file.as_bytes()))
    );
    writeln!(
        out,
        "    - Take the secret out of the message. git kept what you wrote; edit it and commit again with: {}",
        command.green()
    )?;
    not_committed_yet(out)
}

fn not_committed_yet(out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "    - The secret is not in any commit yet. If it was ever pushed, shared or logged elsewhere, rotate it:"
    )
}

fn fix_history(out: &mut dyn Write, head: Option<&str>, findings: &[Finding]) -> std::io::Result<()> {
    writeln!(
        out,
        "    - Nothing has left this machine: the push was stopped. Take the secret out of these commits:"
    )?;
    let commits: BTreeSet<&str> = findings.iter().filter_map(|f| f.origin.commit()).collect();
    for id in commits {
        let in_this = |message: bool| {
            findings
                .iter()
                .any(|f| f.origin.commit() == Some(id) && f.origin.is_message() == message)
        };
        let (files, message) = (in_this(false), in_this(true));
        let short = short(id);
        let amend = "git commit --amend".green();
        let rebase = format!("git rebase -i {short}^").green();
        let line = match (Some(id) == head, files, message) {
            (true, true, false) => {
                format!("it is your last commit; fix it as above and stage the fix, then: {amend}")
            }
            (true, false, _) => {
                format!("it is your last commit; run {amend} and take the secret out of its message")
            }
            (true, true, true) => format!(
                "it is your last commit; fix it as above and stage the fix, then run {amend} and take the secret out of its message too"
            ),
            (false, true, false) => format!(
                "run {rebase}, mark {short} as `edit`, fix it as above and stage the fix, `git commit --amend`, `git rebase --continue`"
            ),
            (false, false, _) => {
                format!("run {rebase}, mark {short} as `reword`, and take the secret out of its message")
            }
            (false, true, true) => format!(
                "run {rebase}, mark {short} as `edit`, fix it as above and stage the fix, run `git commit --amend` and take the secret out of its message, then `git rebase --continue`"
            ),
        };
        writeln!(out, "        {short}: {line}")?;
    }
    writeln!(
        out,
        "    - Then push again. Copies of the value may exist elsewhere already (other clones, CI logs), so rotate it:"
    )
}
