//! lefthook (from PyPI) running leakfence as its pre-commit, commit-msg and
//! pre-push commands, configured as the README shows.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{Repo, text};

const LEFTHOOK_YML: &str = "\
pre-commit:
  commands:
    leakfence:
      run: leakfence pre-commit
commit-msg:
  commands:
    leakfence:
      run: leakfence commit-msg {1}
pre-push:
  commands:
    leakfence:
      run: leakfence pre-push {1} {2}
      use_stdin: true
";

fn with_tools(repo: &Repo, venv: &Path, program: &str) -> Command {
    let path = common::path_with(&[venv, &common::bin_dir(repo)]);
    let mut cmd = repo.command(program);
    cmd.env("PATH", path).env_remove("LEAKFENCE_BIN");
    cmd
}

fn run(mut cmd: Command, args: &[&str]) -> Output {
    cmd.args(args).output().unwrap()
}

#[test]
fn lefthook_runs_leakfence_on_commit_and_push() {
    let venv = common::python_venv("py-lefthook", &["lefthook==2.2.2"]);
    let repo = Repo::new();
    repo.add_bare_remote();
    repo.write("lefthook.yml", LEFTHOOK_YML);
    let out = run(with_tools(&repo, &venv, "lefthook"), &["install"]);
    assert!(out.status.success(), "{}", text(&out));
    repo.git(&["add", "lefthook.yml"]);
    let out = run(with_tools(&repo, &venv, "git"), &["commit", "-q", "-m", "config"]);
    assert!(out.status.success(), "{}", text(&out));

    let catalog = leakfence::detectors::builtin().unwrap();
    let pulumi = catalog
        .detectors()
        .iter()
        .find(|d| d.provider == "Pulumi")
        .unwrap();
    repo.write("s.env", format!("{}\n", pulumi.examples[0]));
    repo.git(&["add", "s.env"]);
    let out = run(with_tools(&repo, &venv, "git"), &["commit", "-q", "-m", "secret"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("leakfence blocked this commit"),
        "{}",
        text(&out)
    );

    repo.git(&["reset", "-q", "s.env"]);
    let message = format!("deploy with {}", pulumi.examples[0]);
    let out = run(
        with_tools(&repo, &venv, "git"),
        &["commit", "-q", "--allow-empty", "-m", &message],
    );
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("in the commit message"), "{}", text(&out));

    repo.git(&["add", "s.env"]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "secret"]);
    let out = run(with_tools(&repo, &venv, "git"), &["push", "origin", "main"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("leakfence blocked this push"),
        "{}",
        text(&out)
    );
    repo.git(&["reset", "-q", "--hard", "HEAD~1"]);
    let out = run(with_tools(&repo, &venv, "git"), &["push", "origin", "main"]);
    assert!(out.status.success(), "{}", text(&out));
}
