//! `.leakfence.yaml`: a repository's extra detectors, disabled detectors, path
//! rules, allowed values and entropy floors, plus its baseline; compiled into
//! the catalog and [`Policy`] a scan runs with.
//!
//! Both files are read from what is being scanned (the index for pre-commit,
//! the pushed commit for pre-push) so an unstaged edit cannot weaken the hook.

pub mod source;

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::allow::{AllowedValues, Baseline, PathRules, Policy};
use crate::detectors::schema::DetectorSyntax;
use crate::detectors::{self, Catalog, Detector};
use crate::{Error, Result};

pub const FILE_NAME: &str = ".leakfence.yaml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigSyntax {
    /// More detectors, in the same schema as detectors.yaml.
    #[serde(default)]
    detectors: Vec<DetectorSyntax>,
    /// Built-in detector ids to turn off.
    #[serde(default)]
    disable: Vec<String>,
    /// gitignore-style globs whose content is never reported.
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    allow: AllowSyntax,
    /// Per-detector entropy floors, by id.
    #[serde(default)]
    entropy: BTreeMap<String, f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowSyntax {
    #[serde(default)]
    values: Vec<String>,
    #[serde(default)]
    patterns: Vec<String>,
    #[serde(default)]
    stopwords: Vec<String>,
}

/// A file's name (for messages) and bytes.
pub struct Loaded {
    pub origin: String,
    pub text: Vec<u8>,
}

/// What a scan runs with.
pub struct Settings {
    pub catalog: Catalog,
    pub policy: Policy,
}

/// The built-in catalog and no policy, as when a repository has neither file.
pub fn defaults() -> Result<Settings> {
    Ok(Settings {
        catalog: detectors::builtin()?,
        policy: Policy::default(),
    })
}

pub fn settings(config: Option<Loaded>, baseline: Option<Loaded>) -> Result<Settings> {
    let baseline = match baseline {
        Some(file) => Baseline::parse(&file.origin, &file.text)?,
        None => Baseline::default(),
    };
    let Some(file) = config else {
        let mut settings = defaults()?;
        settings.policy.baseline = baseline;
        return Ok(settings);
    };
    let text = String::from_utf8_lossy(&file.text);
    let origin = file.origin.as_str();
    let syntax: ConfigSyntax = serde_yaml::from_str(&text).map_err(|err| Error::Detectors {
        origin: match err.location() {
            Some(at) => format!("{origin}:{}:{}", at.line(), at.column()),
            None => origin.to_string(),
        },
        message: format!("{err}"),
    })?;
    let catalog = catalog(origin, &text, &syntax)?;
    let paths =
        PathRules::new(&syntax.paths).map_err(|glob| at(origin, &text, &glob, "is not a valid glob"))?;
    let values = AllowedValues::new(
        &syntax.allow.values,
        &syntax.allow.patterns,
        &syntax.allow.stopwords,
    )
    .map_err(|(entry, why)| at(origin, &text, &entry, &why))?;
    Ok(Settings {
        catalog,
        policy: Policy {
            paths,
            values,
            baseline,
        },
    })
}

/// The built-in detectors minus disabled ones, with entropy overrides, plus
/// the file's own detectors (validated like any detector file).
fn catalog(origin: &str, text: &str, syntax: &ConfigSyntax) -> Result<Catalog> {
    let builtin = detectors::builtin_syntax();
    for id in syntax.disable.iter().chain(syntax.entropy.keys()) {
        let known = builtin.iter().any(|d| &d.id == id) || syntax.detectors.iter().any(|d| &d.id == id);
        if !known {
            return Err(at(
                origin,
                text,
                id,
                "is not a detector id (see `leakfence detectors list`)",
            ));
        }
    }
    for extra in &syntax.detectors {
        if builtin.iter().any(|d| d.id == extra.id) {
            return Err(at(
                origin,
                text,
                &extra.id,
                "is a built-in detector id; choose another",
            ));
        }
    }
    // Validate the file's detectors alone: the built-in ones passed the test
    // suite. What validation worked out (reach, compiled regexes) is kept.
    let mut own = Vec::new();
    if !syntax.detectors.is_empty() {
        let extra = Catalog::build(origin, syntax.detectors.clone())?;
        let failures = detectors::check::self_test(&extra)?;
        if !failures.is_empty() {
            return Err(Error::Detectors {
                origin: origin.to_string(),
                message: format!("example check(s) failed:\n{}", failures.join("\n")),
            });
        }
        own = extra.into_detectors();
    }
    let mut all: Vec<Detector> = builtin
        .into_iter()
        .filter(|d| !syntax.disable.iter().any(|id| *id == d.id))
        .map(Detector::from)
        .chain(own)
        .collect();
    for d in &mut all {
        if let Some(&floor) = syntax.entropy.get(d.id.as_ref()) {
            if !(0.0..=8.0).contains(&floor) {
                return Err(at(origin, text, &d.id, "has an entropy floor outside 0..=8"));
            }
            d.min_entropy = Some(floor);
        }
    }
    Catalog::from_detectors(origin, all)
}

/// An error naming the line and column where `needle` first appears.
fn at(origin: &str, text: &str, needle: &str, what: &str) -> Error {
    let position = text.find(needle).map(|offset| {
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = offset - before.rfind('\n').map_or(0, |nl| nl + 1) + 1;
        format!(":{line}:{column}")
    });
    Error::Detectors {
        origin: format!("{origin}{}", position.unwrap_or_default()),
        message: format!("{needle:?} {what}"),
    }
}

/// Reads `.leakfence.yaml` (or `config_file` instead) and the baseline from
/// `source` and compiles them.
pub fn load(source: &source::Source<'_>, config_file: Option<&std::path::Path>) -> Result<Settings> {
    let config = match config_file {
        Some(path) => Some(
            source::read_file(path)?
                .ok_or_else(|| Error::Usage(format!("--config {}: no such file", path.display())))?,
        ),
        None => source::read(source, FILE_NAME)?,
    };
    let baseline = source::read(source, crate::allow::baseline::FILE_NAME)?;
    settings(config, baseline)
}
