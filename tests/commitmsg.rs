//! The commit-msg hook end to end: real repositories, the hook shim, the real
//! binary, driven through `git commit`. git runs the hook before it strips
//! comment lines, so the hook must judge the message git will record.

mod common;

use common::{Repo, assert_redacted, pulumi_line, text};

fn repo_with_hooks() -> Repo {
    let repo = Repo::new();
    repo.install_hook();
    repo.write("a.txt", "clean\n");
    repo.git(&["add", "a.txt"]);
    repo
}

/// `git commit -e -F FILE` with an editor that leaves the file as it is, so
/// the message file holds git's template comments (and, with `-v`, the diff).
fn commit_with_file(repo: &Repo, message: &str, extra: &[&str]) -> std::process::Output {
    repo.write("message.txt", message);
    let mut cmd = repo.command("git");
    cmd.env("GIT_EDITOR", "true")
        .args(["commit", "-q", "-e", "-F", "message.txt"])
        .args(extra);
    cmd.output().unwrap()
}

#[test]
fn a_secret_in_the_message_blocks_the_commit_and_the_printed_command_fixes_it() {
    let repo = repo_with_hooks();
    let (line, secret) = pulumi_line();
    let message = format!("deploy\n\nwith {}", line.trim_end());
    let out = repo.git_output(&["commit", "-q", "-m", &message]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let report = text(&out);
    assert!(
        report.contains("leakfence blocked this commit: 1 credential in the commit message"),
        "{report}"
    );
    assert!(report.contains("(commit message):3:"), "{report}");
    assert!(
        report.contains("git commit --edit --file=.git/COMMIT_EDITMSG"),
        "{report}"
    );
    assert!(report.contains("git commit --no-verify"), "{report}");
    assert_redacted(&out, &secret);
    let head = repo.git_output(&["rev-parse", "--verify", "-q", "HEAD"]);
    assert!(!head.status.success(), "no commit was made");
    let kept = std::fs::read_to_string(repo.path().join(".git/COMMIT_EDITMSG")).unwrap();
    assert!(kept.contains("deploy"), "{kept}");

    // The printed command, with an editor that deletes the token's line.
    let command = report
        .lines()
        .find_map(|l| l.split_once("commit again with: ").map(|(_, c)| c.trim()))
        .unwrap();
    let out = repo
        .command("sh")
        .env("GIT_EDITOR", "sed -i '/with /d'")
        .args(["-c", command])
        .output()
        .unwrap();
    assert!(out.status.success(), "{command}: {}", text(&out));
    assert_eq!(repo.git(&["log", "-1", "--format=%B"]).trim(), "deploy");
}

/// Removing a secret with `git commit -v`: the diff below the scissors line
/// (which starts with the configured comment character) shows the deleted
/// line, and git drops it.
#[test]
fn the_verbose_diff_below_the_scissors_is_not_the_message() {
    let repo = repo_with_hooks();
    let (line, secret) = pulumi_line();
    for comment in ["#", ";"] {
        repo.git(&["config", "core.commentChar", comment]);
        repo.write("deploy.env", &line);
        repo.git(&["add", "deploy.env"]);
        repo.git(&["commit", "-q", "--no-verify", "-m", "add the token"]);
        repo.write("deploy.env", "PULUMI_ACCESS_TOKEN=\n");
        repo.git(&["add", "deploy.env"]);
        let out = commit_with_file(&repo, "remove the token", &["-v"]);
        assert!(out.status.success(), "{comment}: {}", text(&out));
    }
    assert!(!repo.git(&["log", "--format=%B"]).contains(&secret));
}

/// `git commit -m` keeps a line that starts with `#` (an issue reference, or
/// a pasted line), so the hook cannot treat it as a comment.
#[test]
fn a_line_starting_with_the_comment_character_is_scanned() {
    let repo = repo_with_hooks();
    let (line, secret) = pulumi_line();
    let message = format!("#12: deploy\n\n# {}", line.trim_end());
    let out = repo.git_output(&["commit", "-q", "-m", &message]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("(commit message):3:"), "{}", text(&out));
    assert_redacted(&out, &secret);
    repo.git(&["commit", "-q", "--no-verify", "-m", &message]);
    assert!(
        repo.git(&["log", "-1", "--format=%B"]).contains(&secret),
        "git recorded the line the hook blocked on"
    );
}

#[test]
fn an_unreadable_message_file_fails_closed() {
    let repo = repo_with_hooks();
    let out = repo.leakfence(&["commit-msg", "no-such-file"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no-such-file"), "{err}");
    assert!(err.contains("git commit --no-verify"), "{err}");
}

/// The message is judged with the repository's `.leakfence.yaml`: the staged
/// one before the first commit, HEAD's after it.
#[test]
fn allowed_values_pass_in_the_first_commit_and_after_it() {
    let repo = repo_with_hooks();
    let (line, secret) = pulumi_line();
    repo.write(".leakfence.yaml", format!("allow:\n  values: [\"{secret}\"]\n"));
    repo.git(&["add", ".leakfence.yaml"]);
    let message = format!("a documented example\n\n{}", line.trim_end());
    let out = repo.git_output(&["commit", "-q", "-m", &message]);
    assert!(out.status.success(), "{}", text(&out));
    repo.write("a.txt", "changed\n");
    repo.git(&["add", "a.txt"]);
    let out = repo.git_output(&["commit", "-q", "-m", &message]);
    assert!(out.status.success(), "{}", text(&out));

    let (other, other_secret) = {
        let line = common::pulumi_example(1);
        let secret = common::secret_in("pulumi-access-token", &line);
        (line, secret)
    };
    assert_ne!(other_secret, secret);
    repo.write("a.txt", "changed again\n");
    repo.git(&["add", "a.txt"]);
    let out = repo.git_output(&["commit", "-q", "-m", other.trim_end()]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "another value still blocks: {}",
        text(&out)
    );
}
