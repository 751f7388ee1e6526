//! A validated, compiled set of detectors: one keyword prefilter over every
//! detector, and each detector's regex compiled only when one of its keywords
//! first hits, so start-up cost does not grow with regex count.

use std::sync::OnceLock;

use regex::bytes::{Regex, RegexBuilder};

use super::prefilter::Prefilter;
use super::reach::{Reach, parse_pattern};
use super::schema::{DetectorSyntax, List, Runbook, Text};
use crate::{Error, Result};

/// Bounds on a detector's compiled regex. The regex crate guarantees matching in
/// time linear in the haystack, and these bound its memory, so a user-supplied
/// pattern cannot make a scan blow up.
const REGEX_SIZE_LIMIT: usize = 1 << 20;
const REGEX_DFA_SIZE_LIMIT: usize = 2 << 20;
const MAX_PATTERN_LEN: usize = 2048;
/// Short keywords would make the prefilter pass nearly every chunk.
const MIN_KEYWORD_LEN: usize = 3;

#[derive(Debug)]
pub struct Detector {
    pub id: Text,
    pub name: Text,
    pub provider: Text,
    pub keywords: List,
    pub pattern: Text,
    pub min_entropy: Option<f64>,
    pub checksum: Option<super::schema::Checksum>,
    pub env_var: Text,
    pub examples: List,
    pub negative_examples: List,
    pub runbook: Runbook,
    /// The pattern's reach if already known (see [`DetectorSyntax::reach`]).
    reach: Option<Reach>,
    /// The compiled pattern, or why it does not compile.
    compiled: OnceLock<std::result::Result<Compiled, String>>,
}

/// What a detector's pattern becomes on first use.
#[derive(Debug)]
pub struct Compiled {
    pub regex: Regex,
    /// How far a match can extend from the keyword it holds.
    pub reach: Reach,
}

impl Detector {
    /// The compiled regex, built on first use.
    pub fn regex(&self) -> Result<&Regex> {
        Ok(&self.compiled()?.regex)
    }

    /// The compiled pattern, built on first use. A catalog built from a user's
    /// file compiled every regex already (see [`Catalog::build`]), so the only
    /// failure left is the built-in catalog exceeding the limits, which the test
    /// suite rules out.
    pub fn compiled(&self) -> Result<&Compiled> {
        self.try_compile().map_err(|message| Error::Detectors {
            origin: format!("detector {}", self.id),
            message,
        })
    }

    /// One thread compiles a pattern; another that needs it meanwhile waits
    /// instead of compiling it again (scans start with every thread meeting
    /// the same common keywords).
    fn try_compile(&self) -> std::result::Result<&Compiled, String> {
        self.compiled
            .get_or_init(|| {
                let regex = compile(&self.pattern)?;
                // It compiled, so it parses; were it not to, nothing bounds it.
                let reach = self.reach.unwrap_or_else(|| {
                    parse_pattern(&self.pattern).map_or(Reach::UNBOUNDED, |hir| Reach::of(&hir))
                });
                Ok(Compiled { regex, reach })
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// Patterns are compiled without Unicode: credentials are ASCII, and a
/// Unicode `\b` makes the regex crate's fast lazy DFA give up on the first
/// non-ASCII byte and fall back to its slowest engine. `\w`, `\s`, `\b` and
/// case folding are ASCII; a literal non-ASCII character still matches its
/// UTF-8 bytes.
fn compile(pattern: &str) -> std::result::Result<Regex, String> {
    RegexBuilder::new(pattern)
        .unicode(false)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_SIZE_LIMIT)
        .build()
        .map_err(|err| one_line(&err.to_string()))
}

#[derive(Debug)]
pub struct Catalog {
    detectors: Vec<Detector>,
    prefilter: Prefilter,
}

impl Catalog {
    /// Validates every detector, reporting all problems at once, then builds the
    /// prefilter and compiles every regex, so a pattern over the size limits is
    /// reported now, naming `origin` (a file path), not when its keyword first
    /// appears in some scanned file, or never.
    pub fn build(origin: &str, mut syntax: Vec<DetectorSyntax>) -> Result<Self> {
        let problems = match validate(&syntax) {
            Ok(reaches) => {
                // Validation parsed every pattern; keep its reach, as
                // `build.rs` does for the built-in catalog.
                for (d, reach) in syntax.iter_mut().zip(reaches) {
                    d.reach = Some(reach);
                }
                let catalog = Self::build_validated(origin, syntax)?;
                let problems = compile_all(&catalog);
                if problems.is_empty() {
                    return Ok(catalog);
                }
                problems
            }
            Err(problems) => problems,
        };
        Err(Error::Detectors {
            origin: origin.to_string(),
            message: format!("{} problem(s):\n{}", problems.len(), problems.join("\n")),
        })
    }

    /// Builds the prefilter without validating: for the built-in catalog, which
    /// the test suite validates, so start-up does not parse every pattern.
    pub fn build_validated(origin: &str, syntax: Vec<DetectorSyntax>) -> Result<Self> {
        Self::from_detectors(origin, syntax.into_iter().map(Detector::from).collect())
    }

    /// Builds the prefilter over detectors that are validated already, such
    /// as those of another catalog (see [`Catalog::into_detectors`]).
    pub fn from_detectors(origin: &str, detectors: Vec<Detector>) -> Result<Self> {
        let prefilter = Prefilter::new(detectors.iter().map(|d| d.keywords.iter())).map_err(|message| {
            Error::Detectors {
                origin: origin.to_string(),
                message,
            }
        })?;
        Ok(Catalog { detectors, prefilter })
    }

    pub fn detectors(&self) -> &[Detector] {
        &self.detectors
    }

    /// The detectors, with what they worked out so far (reach, compiled
    /// regexes), to put in another catalog.
    pub fn into_detectors(self) -> Vec<Detector> {
        self.detectors
    }

    pub fn get(&self, id: &str) -> Option<&Detector> {
        self.detectors.iter().find(|d| d.id == id)
    }

    /// Every keyword occurrence in `text` as (detector index, byte offset),
    /// sorted by detector then offset. Empty when no keyword occurs.
    pub fn prefilter(&self, text: &[u8], hits: &mut Vec<(usize, usize)>) {
        self.prefilter.find(text, hits);
    }
}

impl From<DetectorSyntax> for Detector {
    fn from(s: DetectorSyntax) -> Self {
        Detector {
            id: s.id,
            name: s.name,
            provider: s.provider,
            keywords: s.keywords,
            pattern: s.pattern,
            min_entropy: s.min_entropy,
            checksum: s.checksum,
            env_var: s.env_var,
            examples: s.examples,
            negative_examples: s.negative_examples,
            runbook: s.runbook,
            reach: s.reach,
            compiled: OnceLock::new(),
        }
    }
}

/// Each detector's reach, or every problem in the file, each prefixed with the
/// detector's id (or its position when the id itself is missing).
fn validate(detectors: &[DetectorSyntax]) -> std::result::Result<Vec<Reach>, Vec<String>> {
    let mut problems = Vec::new();
    let mut reaches = Vec::with_capacity(detectors.len());
    let mut seen = std::collections::HashSet::new();
    for (position, d) in detectors.iter().enumerate() {
        let who = if d.id.is_empty() {
            format!("detector #{}", position + 1)
        } else {
            d.id.to_string()
        };
        let mut problem = |what: String| problems.push(format!("  {who}: {what}"));
        if !is_kebab(&d.id) {
            problem("id must be kebab-case ASCII (a-z, 0-9, -)".into());
        }
        if !seen.insert(d.id.as_ref()) {
            problem("id is used by an earlier detector".into());
        }
        for (field, value) in [("name", &d.name), ("provider", &d.provider)] {
            if value.trim().is_empty() {
                problem(format!("{field} is empty"));
            }
        }
        if d.env_var.is_empty()
            || !d
                .env_var
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        {
            problem("env_var must be an UPPER_SNAKE_CASE name".into());
        }
        if d.keywords.is_empty() {
            problem("keywords is empty: the prefilter would never select this detector".into());
        }
        for keyword in d.keywords.iter() {
            if keyword.len() < MIN_KEYWORD_LEN {
                problem(format!(
                    "keyword {keyword:?} is shorter than {MIN_KEYWORD_LEN} bytes"
                ));
            }
        }
        match check_pattern(&d.pattern) {
            Ok(reach) => reaches.push(reach),
            Err(what) => problem(what),
        }
        if let Some(floor) = d.min_entropy
            && !(0.0..=8.0).contains(&floor)
        {
            problem(format!("min_entropy {floor} is outside 0..=8 bits per byte"));
        }
        for (field, value) in printed_text(d) {
            if value.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
                problem(format!(
                    "{field} holds a control character (an escape sequence, CR, BEL): reports print it to terminals"
                ));
            }
        }
        if d.examples.is_empty() {
            problem("examples is empty: add at least one synthetic value it must find".into());
        }
        let r = &d.runbook;
        if !r.url.starts_with("https://") {
            problem("runbook.url must be an https:// address".into());
        }
        if r.risk.trim().is_empty() {
            problem("runbook.risk is empty".into());
        }
        for (field, steps) in [
            ("check", &r.check),
            ("create", &r.create),
            ("revoke", &r.revoke),
            ("breaks", &r.breaks),
        ] {
            if steps.is_empty() || steps.iter().any(|s| s.trim().is_empty()) {
                problem(format!("runbook.{field} needs at least one non-empty step"));
            }
        }
    }
    if problems.is_empty() {
        Ok(reaches)
    } else {
        Err(problems)
    }
}

/// The free text a report prints as it is: from a repository's own
/// `.leakfence.yaml` it is as untrusted as the content being scanned.
fn printed_text(d: &DetectorSyntax) -> Vec<(&'static str, &str)> {
    let r = &d.runbook;
    let mut text = vec![
        ("name", d.name.as_ref()),
        ("provider", d.provider.as_ref()),
        ("runbook.url", r.url.as_ref()),
        ("runbook.risk", r.risk.as_ref()),
    ];
    for (field, steps) in [
        ("runbook.check", &r.check),
        ("runbook.create", &r.create),
        ("runbook.revoke", &r.revoke),
        ("runbook.breaks", &r.breaks),
    ] {
        text.extend(steps.iter().map(|step| (field, step.as_ref())));
    }
    text
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Parses (without compiling) a pattern, checks it names the secret, and
/// works out its reach.
fn check_pattern(pattern: &str) -> std::result::Result<Reach, String> {
    if pattern.len() > MAX_PATTERN_LEN {
        return Err(format!("pattern is longer than {MAX_PATTERN_LEN} bytes"));
    }
    let hir = parse_pattern(pattern).map_err(|err| format!("pattern does not parse: {}", one_line(&err)))?;
    if hir.properties().explicit_captures_len() == 0 {
        return Err("pattern has no capture group: wrap the secret in ( ) or (?P<secret> )".into());
    }
    Ok(Reach::of(&hir))
}

/// A multi-line message (regex parse errors point at the column on a second
/// line) as one line, so each problem stays one line of the report.
pub(crate) fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Compiles every regex now, one line per failure; used by [`Catalog::build`]
/// and the self-test so a pattern that exceeds the size limits is reported up front.
pub fn compile_all(catalog: &Catalog) -> Vec<String> {
    catalog
        .detectors()
        .iter()
        .filter_map(|d| {
            d.try_compile()
                .err()
                .map(|why| format!("  {}: pattern does not compile: {why}", d.id))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::parse;

    const GOOD: &str = r#"
- id: demo-token
  name: Demo token
  provider: Demo
  keywords: [demo_]
  pattern: '\b(demo_[a-z0-9]{20})\b'
  env_var: DEMO_TOKEN
  examples: ["demo_k3j9x8q2m4n7b1v5c6z0"]
  runbook:
    url: https://demo.example/tokens
    risk: Lets anyone act as you.
    check: [Look at the audit log.]
    create: [Create a token.]
    revoke: [Delete the old token.]
    breaks: [Scripts that use it.]
"#;

    #[test]
    fn builds_a_valid_file() {
        let catalog = Catalog::build("t", parse("t", GOOD).unwrap()).unwrap();
        assert_eq!(catalog.detectors().len(), 1);
        let mut hits = Vec::new();
        catalog.prefilter(b"x = DEMO_abc demo_", &mut hits);
        assert_eq!(hits, vec![(0, 4), (0, 13)]);
        catalog.prefilter(b"nothing here", &mut hits);
        assert!(hits.is_empty());
    }

    #[test]
    fn reports_every_problem_with_the_detector_id() {
        let bad = GOOD
            .replace("pattern: '\\b(demo_[a-z0-9]{20})\\b'", "pattern: 'demo_[a-z'")
            .replace("env_var: DEMO_TOKEN", "env_var: demo")
            + &GOOD.replace("url: https://", "url: http://");
        let err = Catalog::build("t.yaml", parse("t.yaml", &bad).unwrap()).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("demo-token: pattern does not parse"), "{text}");
        assert!(text.contains("demo-token: env_var"), "{text}");
        assert!(text.contains("id is used by an earlier detector"), "{text}");
        assert!(text.contains("runbook.url"), "{text}");
    }

    #[test]
    fn rejects_unknown_fields_with_a_position() {
        let err = parse("t.yaml", &GOOD.replace("  env_var:", "  envvar: X\n  env_var:"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("t.yaml:"), "{err}");
        assert!(err.contains("unknown field `envvar`"), "{err}");
    }

    #[test]
    fn rejects_oversized_patterns_and_control_characters_at_build() {
        let bad = GOOD
            .replace("'\\b(demo_[a-z0-9]{20})\\b'", "'(demo_(?:a{1000}){1000})'")
            .replace("name: Demo token", "name: \"Demo \\e]0;x\\a token\"");
        let err = Catalog::build("t.yaml", parse("t.yaml", &bad).unwrap()).unwrap_err();
        assert!(
            err.to_string()
                .contains("demo-token: name holds a control character"),
            "{err}"
        );
        let bad = GOOD.replace("'\\b(demo_[a-z0-9]{20})\\b'", "'(demo_(?:a{1000}){1000})'");
        let err = Catalog::build("t.yaml", parse("t.yaml", &bad).unwrap()).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("t.yaml: 1 problem(s):\n"), "{text}");
        assert!(
            text.contains("demo-token: pattern does not compile: Compiled regex exceeds size limit"),
            "{text}"
        );
    }

    #[test]
    fn requires_a_capture_group() {
        let err = check_pattern("demo_[a-z]{4}").unwrap_err();
        assert!(err.contains("no capture group"));
    }

    #[test]
    fn patterns_are_ascii_but_accept_non_ascii_literals() {
        let regex = compile(r"\b(café_[a-z]{3})\b").unwrap();
        let caps = regex.captures("é café_abc é".as_bytes()).unwrap();
        assert_eq!(&caps[1], "café_abc".as_bytes());
        assert!(
            check_pattern(r"(\p{Greek}+)").is_err(),
            "Unicode classes are rejected up front"
        );
    }
}
