//! The pre-commit framework path, end to end with the real `pre-commit`
//! package from PyPI: a throw-away repository whose .pre-commit-config.yaml
//! points at this repository (committed HEAD), hooks installed by
//! `pre-commit install`, the framework building leakfence with cargo.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{Repo, text};

/// The framework's store for revision `rev`, kept between runs of the test
/// at that revision. Each store holds a release build of leakfence (about
/// 350 MB), so the stores of other revisions are removed: one per commit
/// tested would fill a developer's disk.
fn framework_home(rev: &str) -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let name = format!("pre-commit-home-{rev}");
    for entry in std::fs::read_dir(tmp).unwrap() {
        let entry = entry.unwrap();
        let other = entry.file_name();
        if other.to_string_lossy().starts_with("pre-commit-home") && other != name.as_str() {
            std::fs::remove_dir_all(entry.path()).unwrap();
        }
    }
    tmp.join(name)
}

/// A command in `repo` with pre-commit and cargo reachable despite the
/// isolated HOME, and the framework's store at `home`.
fn framework_command(repo: &Repo, venv_bin: &Path, home: &Path, program: &str) -> Command {
    let real_home = PathBuf::from(std::env::var_os("HOME").unwrap_or_default());
    let cargo_home = std::env::var_os("CARGO_HOME").map_or(real_home.join(".cargo"), PathBuf::from);
    let rustup_home = std::env::var_os("RUSTUP_HOME").map_or(real_home.join(".rustup"), PathBuf::from);
    let path = format!(
        "{}:{}:{}",
        venv_bin.display(),
        cargo_home.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = repo.command(program);
    cmd.env("PATH", path)
        .env("CARGO_HOME", cargo_home)
        .env("RUSTUP_HOME", rustup_home)
        .env("PRE_COMMIT_HOME", home)
        .env_remove("LEAKFENCE_BIN");
    cmd
}

fn run(mut cmd: Command, args: &[&str]) -> Output {
    cmd.args(args).output().unwrap()
}

#[test]
fn the_pre_commit_framework_blocks_commits_and_pushes() {
    let venv = common::python_venv("py-pre-commit", &["pre-commit==4.3.0"]);
    let source = env!("CARGO_MANIFEST_DIR");
    let head = Command::new("git")
        .args(["-C", source, "rev-parse", "HEAD"])
        .output()
        .unwrap();
    let rev = String::from_utf8(head.stdout).unwrap().trim().to_string();
    let home = framework_home(&rev);

    let repo = Repo::new();
    repo.add_bare_remote();
    repo.write(
        ".pre-commit-config.yaml",
        format!(
            "repos:\n  - repo: {source}\n    rev: {rev}\n    hooks:\n      - id: leakfence\n      - id: leakfence-msg\n      - id: leakfence-push\n"
        ),
    );
    let out = run(
        framework_command(&repo, &venv, &home, "pre-commit"),
        &[
            "install",
            "--hook-type",
            "pre-commit",
            "--hook-type",
            "commit-msg",
            "--hook-type",
            "pre-push",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    repo.git(&["add", ".pre-commit-config.yaml"]);
    let out = run(
        framework_command(&repo, &venv, &home, "git"),
        &["commit", "-q", "-m", "config"],
    );
    assert!(
        out.status.success(),
        "a clean commit passes (and builds the hook): {}",
        text(&out)
    );

    let catalog = leakfence::detectors::builtin().unwrap();
    let pulumi = catalog
        .detectors()
        .iter()
        .find(|d| d.provider == "Pulumi")
        .unwrap();
    let line = format!("{}\n", pulumi.examples[0]);
    repo.write("deploy.env", &line);
    repo.git(&["add", "deploy.env"]);
    let out = run(
        framework_command(&repo, &venv, &home, "git"),
        &["commit", "-q", "-m", "secret"],
    );
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("leakfence blocked this commit"),
        "{}",
        text(&out)
    );
    common::assert_redacted(&out, &common::secret_in(&pulumi.id, &pulumi.examples[0]));

    let message = format!("deploy with {}", pulumi.examples[0]);
    repo.write("deploy.env", "clean\n");
    repo.git(&["add", "deploy.env"]);
    let out = run(
        framework_command(&repo, &venv, &home, "git"),
        &["commit", "-q", "-m", &message],
    );
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("in the commit message"), "{}", text(&out));
    common::assert_redacted(&out, &common::secret_in(&pulumi.id, &pulumi.examples[0]));
    repo.write("deploy.env", &line);
    repo.git(&["add", "deploy.env"]);

    let mut skip = framework_command(&repo, &venv, &home, "git");
    skip.env("SKIP", "leakfence");
    let out = run(skip, &["commit", "-q", "-m", "secret, skipped on purpose"]);
    assert!(
        out.status.success(),
        "SKIP=leakfence is respected: {}",
        text(&out)
    );

    let out = run(
        framework_command(&repo, &venv, &home, "git"),
        &["push", "origin", "main"],
    );
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("leakfence blocked this push"),
        "{}",
        text(&out)
    );

    repo.git(&["reset", "-q", "--hard", "HEAD~1"]);
    let out = run(
        framework_command(&repo, &venv, &home, "git"),
        &["push", "origin", "main"],
    );
    assert!(out.status.success(), "a clean push passes: {}", text(&out));
}
