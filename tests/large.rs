//! Large inputs. A 200 MB staged file: scanned whole, the secret at its end
//! found with its line number, and nothing in the repository changed. A file
//! and a stream longer than one 64 MiB piece of `scan`: secrets on either side
//! of the piece boundary and at the end found once each, with their lines and
//! columns in the whole text. Peak memory is a benchmark figure
//! (`bench/bigstage.py`, `bench/scaling.py`), not asserted here.

mod common;

use std::io::Write;

use common::{Repo, output_with_stdin, pulumi_line, text};

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

#[test]
fn a_file_and_a_stream_longer_than_a_piece_are_reported_at_their_whole_text_positions() {
    let repo = Repo::new();
    let (line, secret) = pulumi_line();
    let column = line.find(&secret).unwrap() + 1;
    // 64-byte lines up to a secret line on each side of 64 MiB, where the
    // first piece ends, then more lines and a secret on the last line.
    let piece = 64 << 20;
    let mut data = String::new();
    let mut lines: u64 = 0;
    while data.len() + 64 + column < piece {
        data.push_str(&format!(
            "{:012},{:016x},{:032x}\n",
            lines,
            lines * 7919,
            lines * 104_729
        ));
        lines += 1;
    }
    // Byte offset of the secret on the line about to be added.
    let secret_at = |data: &String| data.len() + column - 1;
    assert!(secret_at(&data) < piece, "this secret starts in the first piece");
    data.push_str(&line);
    assert!(secret_at(&data) >= piece, "this one in the second");
    data.push_str(&line);
    let mut secret_lines = vec![lines + 1, lines + 2];
    lines += 2;
    for i in 0..100_000 {
        data.push_str(&format!("{i:063}\n"));
    }
    lines += 100_000;
    data.push_str(line.trim_end());
    secret_lines.push(lines + 1);
    repo.write("big.txt", &data);

    let by_path = repo.leakfence(&["scan", "big.txt", "--format", "json"]);
    let mut cmd = repo.command(common::BIN);
    cmd.args(["scan", "-", "--format", "json"]);
    let by_stdin = output_with_stdin(cmd, data.as_bytes());
    for (out, path) in [(by_path, "big.txt"), (by_stdin, "<stdin>")] {
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(!text(&out).contains(&secret));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let found: Vec<(String, u64, u64)> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let path = f["path"].as_str().unwrap().to_string();
                (path, f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap())
            })
            .collect();
        let expected: Vec<(String, u64, u64)> = secret_lines
            .iter()
            .map(|&l| (path.to_string(), l, column as u64))
            .collect();
        assert_eq!(found, expected);
    }
}
