//! Path rules: gitignore-style globs whose matches are never reported (test
//! fixtures, vendored code). Later rules win, and `!pattern` re-includes.

use gix::bstr::{BStr, ByteSlice};
use gix::glob::wildmatch;

#[derive(Debug, Default)]
pub struct PathRules {
    patterns: Vec<gix::glob::Pattern>,
}

impl PathRules {
    /// Compiles the globs; returns the first one that is not a valid pattern.
    pub fn new(globs: &[String]) -> Result<Self, String> {
        let patterns = globs
            .iter()
            .map(|g| gix::glob::Pattern::from_bytes(g.as_bytes()).ok_or_else(|| g.clone()))
            .collect::<Result<_, _>>()?;
        Ok(PathRules { patterns })
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Whether `path` (repository-relative, `/`-separated) or a directory
    /// containing it is excluded by the rules.
    pub fn excludes(&self, path: &[u8]) -> bool {
        let mut excluded = false;
        for pattern in &self.patterns {
            if matches(pattern, path) {
                excluded = !pattern.is_negative();
            }
        }
        excluded
    }
}

fn matches(pattern: &gix::glob::Pattern, path: &[u8]) -> bool {
    let check = |candidate: &[u8], is_dir: bool| {
        let candidate: &BStr = candidate.as_bstr();
        pattern.matches_repo_relative_path(
            candidate,
            candidate.rfind_byte(b'/').map(|p| p + 1),
            Some(is_dir),
            gix::glob::pattern::Case::Sensitive,
            wildmatch::Mode::NO_MATCH_SLASH_LITERAL,
        )
    };
    // As in .gitignore, a rule that matches a directory covers what is inside it.
    path.iter()
        .enumerate()
        .any(|(i, &b)| b == b'/' && check(&path[..i], true))
        || check(path, false)
}

#[cfg(test)]
mod tests {
    use super::PathRules;

    fn rules(globs: &[&str]) -> PathRules {
        PathRules::new(&globs.iter().map(|g| g.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn gitignore_style() {
        let r = rules(&[
            "tests/fixtures/",
            "*.snap",
            "/detectors.yaml",
            "!tests/fixtures/keep.txt",
        ]);
        assert!(r.excludes(b"tests/fixtures/a/b.json"));
        assert!(r.excludes(b"src/x.snap"));
        assert!(r.excludes(b"detectors.yaml"));
        assert!(!r.excludes(b"sub/detectors.yaml"));
        assert!(!r.excludes(b"tests/fixtures/keep.txt"));
        assert!(!r.excludes(b"src/main.rs"));
    }
}
