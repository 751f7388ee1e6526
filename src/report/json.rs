//! `--format json`: `{"findings": [...], "skipped": [...]}`, one object per
//! finding, never the secret itself.

use std::io::Write;

use serde::Serialize;

use crate::detectors::Catalog;
use crate::scan::Origin;
use crate::source::Outcome;

#[derive(Serialize)]
struct Document<'a> {
    findings: Vec<Finding<'a>>,
    skipped: Vec<Skipped>,
}

#[derive(Serialize)]
struct Finding<'a> {
    detector: &'a str,
    name: &'a str,
    provider: &'a str,
    origin: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    commit: Option<&'a str>,
    path: String,
    line: u32,
    end_line: u32,
    column: u32,
    fingerprint: &'a str,
    secret_redacted: &'a str,
    rotate_url: &'a str,
}

#[derive(Serialize)]
struct Skipped {
    path: String,
    reason: &'static str,
}

pub fn write(out: &mut dyn Write, catalog: &Catalog, outcome: &Outcome) -> std::io::Result<()> {
    let findings = outcome
        .findings
        .iter()
        .map(|f| {
            let detector = &catalog.detectors()[f.detector];
            let origin = match &f.origin {
                Origin::Staged => "staged",
                Origin::Commit { .. } => "commit",
                Origin::Message { .. } | Origin::NewMessage => "message",
                Origin::File => "file",
                Origin::Stdin => "stdin",
            };
            let commit = f.origin.commit();
            Finding {
                detector: &detector.id,
                name: &detector.name,
                provider: &detector.provider,
                origin,
                commit,
                path: String::from_utf8_lossy(&f.path).into_owned(),
                line: f.line,
                end_line: f.end_line,
                column: f.column,
                fingerprint: &f.fingerprint,
                secret_redacted: &f.secret_redacted,
                rotate_url: &detector.runbook.url,
            }
        })
        .collect();
    let skipped = outcome
        .skipped
        .iter()
        .map(|s| Skipped {
            path: String::from_utf8_lossy(&s.path).into_owned(),
            reason: s.reason.describe(),
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &Document { findings, skipped })?;
    writeln!(out)
}
