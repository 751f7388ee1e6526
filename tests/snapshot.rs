//! A snapshot of what a developer sees when a commit is blocked. Regenerate
//! with `UPDATE_SNAPSHOTS=1 cargo test --test snapshot` and review the diff.

mod common;

use common::{Repo, text};

/// Built from the Pulumi format with a fixed body, so the output is stable.
const TOKEN: &str = "pul-6c1f0b9e3d7a25c84e0f9b6d1a3c7e5f28b4d0a9";

#[test]
fn blocked_commit_output() {
    let repo = Repo::new();
    repo.install_hook();
    repo.write(
        "deploy/pulumi.py",
        format!("import os\n\nPULUMI_TOKEN = \"{TOKEN}\"\n"),
    );
    repo.git(&["add", "."]);
    let out = repo.commit(&[]);
    assert_eq!(out.status.code(), Some(1));
    let actual = text(&out);
    assert!(!actual.contains(TOKEN));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/blocked_commit.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        actual, expected,
        "snapshot differs; rerun with UPDATE_SNAPSHOTS=1 and review"
    );
}
