//! `leakfence explain <detector-id>`: the full runbook for one credential type.

use std::io::Write;

use colored::Colorize;

use crate::report::{runbook, snippet::env_snippet};
use crate::{Error, ExitCode, Result, detectors};

/// The languages `explain` shows a snippet for, by a representative file name.
const LANGUAGES: &[&str] = &["app.py", "app.ts", "main.go", "App.java", "app.rb", "deploy.sh"];

pub fn run(out: &mut dyn Write, id: &str) -> Result<ExitCode> {
    let catalog = detectors::builtin()?;
    let Some(detector) = catalog.get(id) else {
        let near: Vec<&str> = catalog
            .detectors()
            .iter()
            .map(|d| d.id.as_ref())
            .filter(|d| d.contains(id) || id.contains(*d))
            .take(5)
            .collect();
        let hint = if near.is_empty() {
            "run `leakfence detectors list` for every id".to_string()
        } else {
            format!("did you mean {}?", near.join(", "))
        };
        return Err(Error::Usage(format!("no detector with id {id:?}: {hint}")));
    };
    let w = |out: &mut dyn Write, text: String| writeln!(out, "{text}").map_err(Error::Output);
    w(
        out,
        format!(
            "{} ({}) [{}]",
            detector.name.bold(),
            detector.provider,
            detector.id
        ),
    )?;
    w(out, String::new())?;
    runbook::write(out, detector).map_err(Error::Output)?;
    w(out, String::new())?;
    w(
        out,
        format!("  {}", "Read it from the environment instead:".bold()),
    )?;
    for file in LANGUAGES {
        let (language, snippet) = env_snippet(file.as_bytes(), &detector.env_var);
        w(out, format!("    {language:<22} {}", snippet.green()))?;
    }
    w(out, String::new())?;
    w(
        out,
        format!(
            "  {}",
            "Or keep it in a secrets manager and fetch it at start-up:".bold()
        ),
    )?;
    let name = detector.id.as_ref();
    for (manager, command) in [
        (
            "AWS Secrets Manager",
            format!(
                "aws secretsmanager get-secret-value --secret-id {name} --query SecretString --output text"
            ),
        ),
        (
            "HashiCorp Vault",
            format!("vault kv get -field=value secret/{name}"),
        ),
        ("1Password", format!("op read op://<vault>/{name}/credential")),
        (
            "Doppler",
            format!("doppler secrets get {} --plain", detector.env_var),
        ),
        (
            "GitHub Actions",
            format!(
                "env: {{ {}: ${{{{ secrets.{} }}}} }}",
                detector.env_var, detector.env_var
            ),
        ),
    ] {
        w(out, format!("    {manager:<22} {command}"))?;
    }
    Ok(ExitCode::Clean)
}
