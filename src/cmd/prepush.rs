//! `leakfence pre-push [REMOTE] [URL]`: scan the commits a push would send.

use std::io::{Read, Write};
use std::path::Path;

use crate::config::{self, source::Source};
use crate::report::{self, Format, Situation};
use crate::scan::Scanner;
use crate::source::commits::scan_commits;
use crate::source::push::{RefUpdate, commits_to_push, parse_ref_lines};
use crate::{Error, ExitCode, Result, git};

/// The variables the pre-commit framework sets instead of passing git's stdin.
pub struct FrameworkEnv {
    pub from_ref: Option<String>,
    pub to_ref: Option<String>,
    pub remote_name: Option<String>,
    pub local_branch: Option<String>,
}

impl FrameworkEnv {
    pub fn from_process() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        FrameworkEnv {
            from_ref: var("PRE_COMMIT_FROM_REF"),
            to_ref: var("PRE_COMMIT_TO_REF"),
            remote_name: var("PRE_COMMIT_REMOTE_NAME"),
            local_branch: var("PRE_COMMIT_LOCAL_BRANCH"),
        }
    }
}

pub fn run(
    out: &mut dyn Write,
    stdin: &mut dyn Read,
    remote: Option<&str>,
    framework: &FrameworkEnv,
    format: Format,
    config_file: Option<&Path>,
) -> Result<ExitCode> {
    let repo = git::open()?;
    let (remote, updates) = match (&framework.to_ref, &framework.remote_name) {
        (Some(to_ref), _) => (
            framework.remote_name.as_deref().or(remote).unwrap_or_default(),
            vec![framework_update(&repo, framework.from_ref.as_deref(), to_ref)?],
        ),
        // The framework leaves the range out when the push includes a root
        // commit ("all files"); git's ref lines are not passed on either. Scan
        // the pushed branch as a new ref rather than nothing.
        (None, Some(name)) => {
            let local = framework.local_branch.as_deref().unwrap_or("HEAD");
            (name.as_str(), vec![framework_update(&repo, None, local)?])
        }
        (None, None) => {
            let mut text = String::new();
            stdin.read_to_string(&mut text).map_err(|source| Error::Io {
                path: "<stdin>".into(),
                source,
            })?;
            (remote.unwrap_or_default(), parse_ref_lines(&text)?)
        }
    };
    let commits = commits_to_push(&repo, remote, &updates)?;
    // The policy comes from the newest pushed commit, not the working tree.
    let settings = match commits.first() {
        Some(&tip) => config::load(&Source::Commit(&repo, tip), config_file)?,
        None => config::defaults()?,
    };
    let catalog = &settings.catalog;
    let scanner = Scanner::with_policy(catalog, &settings.policy);
    let outcome = scan_commits(&repo, &scanner, &commits, &mut |_, _| {})?;
    let head = repo.head_id().ok().map(|id| id.detach().to_string());
    let situation = Situation::PrePush {
        remote: remote.to_string(),
        head,
    };
    report::finish(out, format, &situation, catalog, &outcome)
}

/// The pre-commit framework names the pushed range by revisions, not lines.
fn framework_update(repo: &gix::Repository, from: Option<&str>, to: &str) -> Result<RefUpdate> {
    let resolve = |spec: &str| {
        repo.rev_parse_single(spec)
            .map(|id| id.detach())
            .map_err(|err| Error::git(format!("cannot resolve {spec}"), err))
    };
    let null = gix::ObjectId::null(repo.object_hash());
    Ok(RefUpdate {
        local_ref: to.to_string(),
        local: resolve(to)?,
        remote_ref: String::new(),
        remote: match from {
            Some(from) if !from.bytes().all(|b| b == b'0') => resolve(from)?,
            _ => null,
        },
    })
}
