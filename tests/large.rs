//! Large inputs. A 200 MB staged file: scanned to its end, the secret there
//! found with its line number, and nothing in the repository changed. A
//! file, a stream and a new staged file (stored loose or packed) longer than
//! one 64 MiB piece: secrets on either side of the piece boundary and at the
//! end found once each, with their lines and columns in the whole text; a
//! large object cut short blocks the commit. Peak memory is a benchmark figure
//! (`bench/bigstage.py`, `bench/scaling.py`), not asserted here.

mod common;

use std::io::Write;

use common::{Repo, output_with_stdin, pulumi_example, pulumi_line, secret_in, text};

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

/// A text longer than one 64 MiB piece, of 64-byte lines, with a secret
/// line on each side of the piece boundary and one as its last line (no
/// line feed). Returns the text, the secret, and the (line, column) of each.
fn text_across_a_piece() -> (String, String, Vec<(u64, u64)>) {
    let (line, secret) = pulumi_line();
    let column = line.find(&secret).unwrap() + 1;
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
    let at = secret_lines.iter().map(|&l| (l, column as u64)).collect();
    (data, secret, at)
}

/// (path, line, column) of each finding in a JSON report.
fn found(out: &std::process::Output) -> Vec<(String, u64, u64)> {
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap().to_string();
            (path, f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap())
        })
        .collect()
}

#[test]
fn a_file_and_a_stream_longer_than_a_piece_are_reported_at_their_whole_text_positions() {
    let repo = Repo::new();
    let (data, secret, at) = text_across_a_piece();
    repo.write("big.txt", &data);

    let by_path = repo.leakfence(&["scan", "big.txt", "--format", "json"]);
    let mut cmd = repo.command(common::BIN);
    cmd.args(["scan", "-", "--format", "json"]);
    let by_stdin = output_with_stdin(cmd, data.as_bytes());
    for (out, path) in [(by_path, "big.txt"), (by_stdin, "<stdin>")] {
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(!text(&out).contains(&secret));
        let expected: Vec<_> = at.iter().map(|&(l, c)| (path.to_string(), l, c)).collect();
        assert_eq!(found(&out), expected);
    }
}

/// A new staged file longer than a piece is read from the object database
/// as a stream, whether `git add` stored it loose or, above
/// `core.bigFileThreshold`, in a pack: every secret is found once, where it
/// is, and the index is left as it was. So is the file once committed.
#[test]
fn a_new_staged_file_longer_than_a_piece_is_scanned_in_pieces_loose_or_packed() {
    let (data, secret, at) = text_across_a_piece();
    for threshold in ["512m", "1m"] {
        let repo = Repo::new();
        repo.commit_unchecked(&[("README.md", "# big\n")]);
        repo.write("big.txt", &data);
        repo.git(&[
            "-c",
            &format!("core.bigFileThreshold={threshold}"),
            "add",
            "big.txt",
        ]);
        let packs = std::fs::read_dir(repo.path().join(".git/objects/pack"))
            .unwrap()
            .count();
        assert_eq!(packs > 0, threshold == "1m", "where git stored the blob");
        let index = std::fs::read(repo.path().join(".git/index")).unwrap();

        let out = repo.leakfence(&["pre-commit", "--format", "json"]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(!text(&out).contains(&secret));
        let expected: Vec<_> = at.iter().map(|&(l, c)| ("big.txt".to_string(), l, c)).collect();
        assert_eq!(
            found(&out),
            expected,
            "stored with core.bigFileThreshold={threshold}"
        );
        assert_eq!(std::fs::read(repo.path().join(".git/index")).unwrap(), index);

        // Committed, the same blob is read the same way from history.
        repo.git(&["commit", "-q", "--no-verify", "-m", "big"]);
        let out = repo.leakfence(&["scan", "--history", "--format", "json"]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert_eq!(
            found(&out),
            expected,
            "history, core.bigFileThreshold={threshold}"
        );
    }
}

/// A large staged object cut short (a disk filled up, a bad copy) stops the
/// commit with a message naming the object, rather than passing on what
/// could be read: the hook fails closed.
#[test]
fn a_truncated_large_object_blocks_the_commit_and_names_the_object() {
    let (data, secret, _) = text_across_a_piece();
    let repo = Repo::new();
    repo.commit_unchecked(&[("README.md", "# big\n")]);
    repo.write("big.txt", &data);
    repo.git(&["add", "big.txt"]);
    let hex = repo.git(&["rev-parse", ":big.txt"]).trim().to_string();
    let object = format!(".git/objects/{}/{}", &hex[..2], &hex[2..]);
    let path = repo.path().join(&object);
    let stored = std::fs::read(&path).unwrap();
    // git stores objects read-only; a new file takes the old one's place.
    std::fs::remove_file(&path).unwrap();
    std::fs::write(&path, &stored[..stored.len() / 2]).unwrap();

    let out = repo.leakfence(&["pre-commit"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let message = text(&out);
    assert!(message.contains(&hex), "{message}");
    assert!(message.contains(&object), "{message}");
    assert!(message.contains("before its stated size"), "{message}");
    assert!(message.contains("--no-verify"), "{message}");
    assert!(!message.contains(&secret));
}

/// A changed file longer than a piece is not diffed whole: its new version is
/// scanned in pieces, and a secret the old version already held is not new,
/// even on an edited line. A secret new to this version is reported at its
/// line and column, staged and once committed.
#[test]
fn a_changed_file_longer_than_a_piece_reports_only_secrets_new_to_it() {
    let old_line = pulumi_example(0);
    let new_line = pulumi_example(1);
    let old_secret = secret_in("pulumi-access-token", &old_line);
    let new_secret = secret_in("pulumi-access-token", &new_line);
    assert_ne!(old_secret, new_secret);
    let filler = |from: usize, to: usize| -> String { (from..to).map(|i| format!("{i:063}\n")).collect() };
    // 64-byte lines; about 70 MB, so the new secret lands past the first piece.
    let lines = 70 * 1024 * 1024 / 64;
    let old = [filler(0, 1_000), old_line.clone(), filler(1_000, lines)].concat();
    let edited = format!("# still here: {old_line}");
    let new = [filler(0, 1_000), edited, filler(1_000, lines), new_line.clone()].concat();
    let expected = vec![(
        "big.txt".to_string(),
        (lines + 2) as u64,
        (new_line.find(&new_secret).unwrap() + 1) as u64,
    )];

    let repo = Repo::new();
    repo.commit_unchecked(&[("big.txt", &old)]);
    repo.write("big.txt", &new);
    repo.git(&["add", "big.txt"]);
    let out = repo.leakfence(&["pre-commit", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(!text(&out).contains(&new_secret));
    assert_eq!(found(&out), expected);

    repo.git(&["commit", "-q", "--no-verify", "-m", "grow"]);
    let out = repo.leakfence(&["scan", "--range", "HEAD~1..HEAD", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(found(&out), expected, "the pushed range");
}
