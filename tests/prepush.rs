//! The pre-push hook against a real bare remote, and `scan --range|--history`.

mod common;

use std::process::Stdio;

use common::{Repo, assert_redacted, pulumi_line, text};

/// A repository with hooks, a bare `origin`, and a clean `main` already pushed.
fn pushed_repo() -> Repo {
    let repo = Repo::new();
    repo.install_hook();
    repo.add_bare_remote();
    repo.commit_file("README.md", "# project\n", "initial");
    let out = repo.git_output(&["push", "-q", "origin", "main"]);
    assert!(out.status.success(), "{}", text(&out));
    repo
}

fn push(repo: &Repo, args: &[&str]) -> std::process::Output {
    let mut all = vec!["push", "origin"];
    all.extend_from_slice(args);
    repo.git_output(&all)
}

fn short(id: &str) -> &str {
    &id[..10]
}

#[test]
fn a_new_branch_with_an_older_secret_commit_is_blocked() {
    let repo = pushed_repo();
    let (line, secret) = pulumi_line();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let bad = repo.commit_file("deploy.env", &line, "add deploy settings");
    let last = repo.commit_file("notes.txt", "clean\n", "notes");
    let out = push(&repo, &["feature"]);
    assert!(!out.status.success(), "{}", text(&out));
    let report = text(&out);
    assert!(
        report.contains(&format!("commit {} add deploy settings", short(&bad))),
        "{report}"
    );
    assert!(report.contains("deploy.env:1:"), "{report}");
    assert!(
        report.contains(&format!("git rebase -i {}^", short(&bad))),
        "{report}"
    );
    assert!(report.contains("Nothing has left this machine"), "{report}");
    assert!(
        !report.contains(short(&last)),
        "the clean commit is not named: {report}"
    );
    assert_redacted(&out, &secret);
    let remote_has = repo.git_output(&["ls-remote", "--exit-code", "origin", "refs/heads/feature"]);
    assert!(
        !remote_has.status.success(),
        "the branch must not reach the remote"
    );
}

#[test]
fn the_last_commit_is_fixed_with_amend() {
    let repo = pushed_repo();
    let (line, _) = pulumi_line();
    let bad = repo.commit_file("a.sh", &line, "script");
    let out = push(&repo, &["main"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains(&format!("{}: it is your last commit", short(&bad))),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("git commit --amend"));
}

#[test]
fn a_secret_already_on_the_remote_is_not_reported_again() {
    let repo = pushed_repo();
    let (line, _) = pulumi_line();
    repo.commit_file("old.env", &line, "leaked before leakfence");
    assert!(push(&repo, &["--no-verify", "main"]).status.success());
    repo.commit_file("clean.txt", "fine\n", "clean work");
    let out = push(&repo, &["main"]);
    assert!(out.status.success(), "{}", text(&out));
    // A new branch on top of what the remote has: same.
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.commit_file("more.txt", "fine\n", "more");
    let out = push(&repo, &["topic"]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn two_refs_in_one_push_with_the_secret_only_in_the_second() {
    let repo = pushed_repo();
    let (line, _) = pulumi_line();
    repo.commit_file("ok.txt", "ok\n", "clean on main");
    repo.git(&["checkout", "-q", "-b", "second", "HEAD~1"]);
    let bad = repo.commit_file("creds.yml", &line, "creds on second");
    let out = push(&repo, &["main", "second"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains(short(&bad)), "{}", text(&out));
}

#[test]
fn deleting_a_branch_passes() {
    let repo = pushed_repo();
    let (line, _) = pulumi_line();
    repo.git(&["checkout", "-q", "-b", "gone"]);
    repo.commit_file("x.env", &line, "secret");
    assert!(push(&repo, &["--no-verify", "gone"]).status.success());
    let out = push(&repo, &["--delete", "gone"]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn a_force_push_scans_only_commits_new_to_the_remote() {
    let repo = pushed_repo();
    let (line, _) = pulumi_line();
    repo.commit_file("x.env", &line, "secret already pushed");
    assert!(push(&repo, &["--no-verify", "main"]).status.success());
    repo.git(&["reset", "-q", "--hard", "HEAD~1"]);
    repo.commit_file("y.txt", "rewritten\n", "rewrite");
    let out = push(&repo, &["--force", "main"]);
    assert!(
        out.status.success(),
        "the overwritten commit is not scanned: {}",
        text(&out)
    );

    repo.git(&["reset", "-q", "--hard", "HEAD~1"]);
    let bad = repo.commit_file("z.env", &line, "new secret");
    let out = push(&repo, &["--force", "main"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains(short(&bad)));
}

#[test]
fn annotated_and_lightweight_tags_are_peeled() {
    for annotated in [true, false] {
        let repo = pushed_repo();
        let (line, _) = pulumi_line();
        repo.git(&["checkout", "-q", "-b", "release"]);
        let bad = repo.commit_file("rel.env", &line, "release secret");
        repo.git(&["checkout", "-q", "main"]);
        if annotated {
            repo.git(&["tag", "-a", "-m", "v1", "v1", "release"]);
        } else {
            repo.git(&["tag", "v1", "release"]);
        }
        let out = push(&repo, &["v1"]);
        assert!(!out.status.success(), "annotated={annotated}: {}", text(&out));
        assert!(text(&out).contains(short(&bad)), "{}", text(&out));
    }
}

/// Runs the binary directly with the given ref lines, as git would.
fn pre_push_with(repo: &Repo, lines: &str) -> std::process::Output {
    let mut cmd = repo.command(common::BIN);
    cmd.args(["pre-push", "origin", "unused-url"]);
    common::output_with_stdin(cmd, lines.as_bytes())
}

#[test]
fn a_remote_oid_unknown_locally_falls_back_to_remote_tracking_refs() {
    let repo = pushed_repo();
    let (line, _) = pulumi_line();
    repo.commit_file("old.env", &line, "on the remote already");
    assert!(push(&repo, &["--no-verify", "main"]).status.success());
    let clean = repo.commit_file("c.txt", "c\n", "clean");
    let unknown = "1234567890abcdef1234567890abcdef12345678";
    let lines = format!("refs/heads/main {clean} refs/heads/main {unknown}\n");
    let out = pre_push_with(&repo, &lines);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    let bad = repo.commit_file("n.env", &line, "new secret");
    let out = pre_push_with(
        &repo,
        &format!("refs/heads/main {bad} refs/heads/main {unknown}\n"),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("n.env:1:"));
    assert!(!text(&out).contains("old.env"), "{}", text(&out));
}

#[test]
fn malformed_ref_lines_fail_closed() {
    let repo = pushed_repo();
    let out = pre_push_with(&repo, "refs/heads/main abc\n");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 1"), "{err}");
    assert!(err.contains("git push --no-verify"), "{err}");
}

#[test]
fn a_merge_whose_conflict_resolution_adds_a_secret_is_blocked() {
    let repo = pushed_repo();
    let (line, secret) = pulumi_line();
    repo.commit_file("f.txt", "base\n", "base");
    assert!(push(&repo, &["main"]).status.success());
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.commit_file("f.txt", "base\nside\n", "side");
    repo.git(&["checkout", "-q", "main"]);
    repo.commit_file("f.txt", "base\nmain\n", "main");
    assert!(
        !repo.git_output(&["merge", "side"]).status.success(),
        "expected a conflict"
    );
    repo.write("f.txt", format!("base\nboth\n{line}"));
    repo.git(&["add", "f.txt"]);
    repo.git(&["commit", "-q", "--no-verify", "--no-edit"]);
    let merge = repo.git(&["rev-parse", "HEAD"]);
    let out = push(&repo, &["main"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("commit {}", short(merge.trim()))),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("f.txt:3:"), "{}", text(&out));
    assert_redacted(&out, &secret);
}

#[test]
fn a_clean_merge_of_clean_branches_passes() {
    let repo = pushed_repo();
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.commit_file("s.txt", "s\n", "side");
    repo.git(&["checkout", "-q", "main"]);
    repo.commit_file("m.txt", "m\n", "main");
    repo.git(&["merge", "-q", "--no-edit", "side"]);
    let out = push(&repo, &["main"]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn the_pre_commit_framework_variables_name_the_range() {
    let repo = pushed_repo();
    let (line, _) = pulumi_line();
    let base = repo.git(&["rev-parse", "HEAD"]);
    let bad = repo.commit_file("fw.env", &line, "framework");
    let out = repo
        .command(common::BIN)
        .arg("pre-push")
        .env("PRE_COMMIT_FROM_REF", base.trim())
        .env("PRE_COMMIT_TO_REF", &bad)
        .env("PRE_COMMIT_REMOTE_NAME", "origin")
        .env("PRE_COMMIT_REMOTE_URL", "unused")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("fw.env:1:"), "{}", text(&out));

    let out = repo
        .command(common::BIN)
        .arg("pre-push")
        .env("PRE_COMMIT_FROM_REF", &bad)
        .env("PRE_COMMIT_TO_REF", &bad)
        .env("PRE_COMMIT_REMOTE_NAME", "origin")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn the_framework_without_a_range_scans_the_pushed_branch_as_new() {
    let repo = Repo::new();
    repo.add_bare_remote();
    let (line, _) = pulumi_line();
    repo.commit_file("root.env", &line, "root commit with a secret");
    let out = repo
        .command(common::BIN)
        .arg("pre-push")
        .env("PRE_COMMIT_REMOTE_NAME", "origin")
        .env("PRE_COMMIT_LOCAL_BRANCH", "refs/heads/main")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("root.env:1:"), "{}", text(&out));
}

#[test]
fn scan_range_and_history_report_commit_ids() {
    let repo = Repo::new();
    let (line, secret) = pulumi_line();
    repo.commit_file("a.txt", "a\n", "first");
    let bad = repo.commit_file("s.env", &line, "secret");
    repo.commit_file("s.env", "removed\n", "remove it");
    let out = repo.leakfence(&["scan", "--range", "HEAD~1..HEAD"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = repo.leakfence(&["scan", "--range", "HEAD~2..HEAD", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["findings"][0]["commit"], bad.as_str());
    assert_eq!(doc["findings"][0]["origin"], "commit");
    assert_redacted(&out, &secret);

    repo.git(&["checkout", "-q", "-b", "other", "HEAD~2"]);
    // Another blob holding the same secret is reported too; the identical blob
    // at a second path would be scanned once only.
    repo.commit_file("b.env", &format!("# copy\n{line}"), "same secret elsewhere");
    repo.commit_file("c.env", &line, "identical blob");
    repo.git(&["checkout", "-q", "main"]);
    let out = repo.leakfence(&["scan", "--history", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths.contains(&"b.env"), "{paths:?}");
    assert!(paths.contains(&"s.env") != paths.contains(&"c.env"), "{paths:?}");
    let bad_range = repo.leakfence(&["scan", "--range", "nope..HEAD"]);
    assert_eq!(bad_range.status.code(), Some(2), "{}", text(&bad_range));
}

/// Long histories are scanned in blocks on several threads; the report must
/// be what one thread would give: every secret found, a change carried by
/// several commits reported once, for the oldest of them, in commit order.
#[test]
fn a_long_history_is_reported_as_one_thread_would() {
    let repo = Repo::new();
    let (line, _) = pulumi_line();
    let mut first = String::new();
    let mut last = String::new();
    for i in 0..70 {
        let id = match i {
            3 | 50 => repo.commit_file("deploy.env", &line, &format!("add deploy settings {i}")),
            4 | 51 => {
                repo.remove("deploy.env");
                repo.git(&["rm", "-q", "--cached", "deploy.env"]);
                repo.git(&["commit", "-q", "--no-verify", "-m", "drop deploy settings"]);
                repo.git(&["rev-parse", "HEAD"]).trim().to_string()
            }
            69 => repo.commit_file("late.env", &format!("x\n{line}"), "late"),
            _ => repo.commit_file(&format!("f{i}.txt"), &format!("value {i}\n"), "work"),
        };
        match i {
            3 => first = id,
            69 => last = id,
            _ => {}
        }
    }
    let out = repo.leakfence(&["scan", "--history", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(&str, &str, u64)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["commit"].as_str().unwrap(),
                f["path"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![(first.as_str(), "deploy.env", 1), (last.as_str(), "late.env", 2)]
    );
}

/// git allows a remote named `origin.`; gix refuses `refs/remotes/origin./`
/// as a prefix, which made every push to it fail closed by mistake.
#[test]
fn a_remote_name_gix_dislikes_still_pushes() {
    let repo = Repo::new();
    repo.install_hook();
    let remote = repo.home().join("dot.git");
    repo.git(&["init", "-q", "--bare", "-b", "main", remote.to_str().unwrap()]);
    repo.git(&["remote", "add", "origin.", remote.to_str().unwrap()]);
    repo.commit_file("README.md", "# project\n", "initial");
    let out = repo.git_output(&["push", "-q", "origin.", "main"]);
    assert!(out.status.success(), "{}", text(&out));
    let (line, secret) = pulumi_line();
    repo.commit_file("deploy.env", &line, "settings");
    let out = repo.git_output(&["push", "-q", "origin.", "main"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("deploy.env:1:"), "{}", text(&out));
    assert_redacted(&out, &secret);
}

/// A token pasted into a commit message leaves with the push like a file:
/// the push is blocked, the subject line is printed redacted, and the fix is
/// to reword that commit (amend for the last one). A value the repository's
/// .leakfence.yaml allows passes in a message too.
#[test]
fn a_secret_in_a_commit_message_is_blocked_and_reworded() {
    let repo = pushed_repo();
    let (line, secret) = pulumi_line();
    let line = line.trim_end();
    let bad = repo.commit_file(
        "notes.txt",
        "clean\n",
        &format!("deploy with {line}\n\nalso in the body: {line}"),
    );
    let last = repo.commit_file("more.txt", "clean\n", "more notes");
    let out = push(&repo, &["main"]);
    assert!(!out.status.success(), "{}", text(&out));
    let report = text(&out);
    assert_redacted(&out, &secret);
    for expected in [
        format!("commit {} deploy with ", short(&bad)),
        "(commit message):1:".to_string(),
        "(commit message):3:".to_string(),
        format!("git rebase -i {}^, mark {} as `reword`", short(&bad), short(&bad)),
        "A value in a commit message: list it in .leakfence.yaml".to_string(),
    ] {
        assert!(report.contains(&expected), "missing {expected:?}: {report}");
    }
    assert!(!report.contains(short(&last)), "{report}");
    assert!(
        !report.contains("notes.txt"),
        "the clean file is not named: {report}"
    );

    let json = repo.leakfence(&["scan", "--range", "HEAD~2..HEAD", "--format", "json"]);
    assert_eq!(json.status.code(), Some(1), "{}", text(&json));
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2, "{doc}");
    for finding in findings {
        assert_eq!(finding["origin"], "message");
        assert_eq!(finding["commit"], bad.as_str());
    }
    let history = repo.leakfence(&["scan", "--history"]);
    assert_eq!(history.status.code(), Some(1), "{}", text(&history));
    assert!(text(&history).contains("(commit message):3:"));

    repo.git(&["reset", "-q", "--hard", "HEAD~2"]);
    repo.commit_file("x.txt", "clean\n", &format!("last one: {line}"));
    let out = push(&repo, &["main"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains(
            "it is your last commit; run git commit --amend and take the secret out of its message"
        ),
        "{}",
        text(&out)
    );
    repo.git(&["reset", "-q", "--hard", "HEAD~1"]);
    repo.commit_file(
        ".leakfence.yaml",
        &format!("allow:\n  values: [\"{secret}\"]\n"),
        &format!("a documented example: {line}"),
    );
    let out = push(&repo, &["main"]);
    assert!(out.status.success(), "{}", text(&out));
}
