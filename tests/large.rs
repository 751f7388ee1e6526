//! A 200 MB staged file: scanned whole, the secret at its end found with its
//! line number, and nothing in the repository changed. Peak memory is a
//! benchmark figure (`bench/bigstage.py`), not asserted here.

mod common;

use std::io::Write;

use common::{Repo, pulumi_line, text};

#[test]
fn a_200_mb_staged_file_is_scanned_to_its_last_line() {
    let repo = Repo::new();
    repo.commit_unchecked(&[("README.md", "# big\n")]);
    let lines = 200 * 1024 * 1024 / 64;
    let path = repo.path().join("data.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..lines {
        // 64 bytes a line, varied so the blob does not compress to nothing.
        writeln!(
            out,
            "{i:012},{:016x},{:032x}",
            i as u64 * 7919,
            i as u128 * 104_729
        )
        .unwrap();
    }
    let (line, secret) = pulumi_line();
    out.write_all(line.as_bytes()).unwrap();
    drop(out);
    repo.git(&["add", "data.csv"]);
    let index = std::fs::read(repo.path().join(".git/index")).unwrap();

    let out = repo.leakfence(&["pre-commit", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{doc}");
    assert_eq!(findings[0]["path"], "data.csv");
    assert_eq!(findings[0]["line"], lines + 1);
    assert!(!text(&out).contains(&secret));
    assert_eq!(std::fs::read(repo.path().join(".git/index")).unwrap(), index);
}
