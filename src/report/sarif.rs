//! `--format sarif`: SARIF 2.1.0 for code-scanning UIs. Each detector that
//! fired becomes a rule whose help text is its rotation runbook, so the UI
//! shows what to do next to the alert.

use std::collections::BTreeMap;
use std::io::Write;

use serde_json::{Value, json};

use crate::detectors::schema::Text;
use crate::detectors::{Catalog, Detector};
use crate::source::Outcome;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

pub fn write(out: &mut dyn Write, catalog: &Catalog, outcome: &Outcome) -> std::io::Result<()> {
    // Rules in catalog order, one per detector that has a finding.
    let mut rule_index: BTreeMap<usize, usize> = BTreeMap::new();
    for f in &outcome.findings {
        rule_index.entry(f.detector).or_insert(0);
    }
    for (position, index) in rule_index.values_mut().enumerate() {
        *index = position;
    }
    let rules: Vec<Value> = rule_index
        .keys()
        .map(|&d| rule(&catalog.detectors()[d]))
        .collect();
    let results: Vec<Value> = outcome
        .findings
        .iter()
        .map(|f| {
            let detector = &catalog.detectors()[f.detector];
            let mut result = json!({
                "ruleId": detector.id,
                "ruleIndex": rule_index[&f.detector],
                "level": "error",
                "message": { "text": format!("{} found: {}. Remove it and rotate it; see the rule's help.", detector.name, f.secret_redacted) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&f.path) },
                        "region": { "startLine": f.line, "startColumn": f.column, "endLine": f.end_line }
                    }
                }],
                "partialFingerprints": { "leakfence/v1": f.fingerprint },
            });
            if let Some(id) = f.origin.commit() {
                result["properties"] = json!({ "commit": id });
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "leakfence",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn rule(d: &Detector) -> Value {
    let r = &d.runbook;
    let section = |title: &str, steps: &[Text]| {
        let items: Vec<String> = steps.iter().map(|s| format!("- {s}")).collect();
        format!("**{title}**\n{}\n", items.join("\n"))
    };
    let markdown = [
        format!("{}\n\nTokens page: {}\n", r.risk, r.url),
        section("1. Check whether it was used", &r.check),
        section("2. Create a replacement", &r.create),
        section("3. Update every place that uses it", &r.breaks),
        section("4. Revoke the old one", &r.revoke),
        format!("**5. Monitor** the provider's logs for the old value after revocation.\n\nRead it from the `{}` environment variable or a secrets manager instead of the code.", d.env_var),
    ]
    .join("\n");
    json!({
        "id": d.id,
        "name": camel_case(&d.id),
        "shortDescription": { "text": d.name },
        "fullDescription": { "text": r.risk },
        "helpUri": r.url,
        "help": { "text": markdown.replace("**", ""), "markdown": markdown },
        "defaultConfiguration": { "level": "error" },
        "properties": { "tags": ["security", "secret", d.provider], "security-severity": "9.0" },
    })
}

/// SARIF wants a relative URI reference; git paths are relative and use `/`.
fn uri(path: &[u8]) -> String {
    let mut out = String::new();
    for &b in path {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn camel_case(id: &str) -> String {
    id.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}
