//! The keyword prefilter: every occurrence of every detector keyword, found
//! with one aho-corasick pass.
//!
//! Two things keep it cheap. The automaton holds only *anchors*, each
//! keyword's first few bytes; the rest of a keyword is confirmed by comparing
//! bytes where its anchor matched, so `github_pat_` and `github_token` share
//! the states of `githu`. Building the automaton is most of a hook's start-up,
//! and this halves it. And the automaton starts as a contiguous NFA (cheap to
//! build, ~5 ns per byte to run); once a process has scanned enough bytes to
//! repay it, a DFA (~1 ms to build, ~2.5× faster to run, and searched over two
//! halves of a text at once, see `lanes`) is built once and
//! used from then on. Both give the same hits.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::dfa::{self, DFA};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind, PatternID, StartKind};

use super::lanes;

/// Keywords are found through their first bytes: the automaton's states, and
/// so its build time, grow with the anchors' total length. Five bytes keep
/// anchors selective (few hits to confirm) at half the build time of whole
/// keywords.
const ANCHOR_LEN: usize = 5;

/// Bytes scanned with the NFA after which building the DFA pays for itself:
/// it saves ~2.5 ns per byte and costs a few ms to build.
const DFA_AFTER_BYTES: usize = 1 << 20;

#[derive(Debug)]
pub struct Prefilter {
    nfa: AhoCorasick,
    /// Built once enough has been scanned; `None` if it could not be.
    dfa: OnceLock<Option<DFA>>,
    anchors: Vec<Vec<u8>>,
    /// For each anchor (automaton pattern), the keywords found through it.
    uses: Vec<Vec<Use>>,
    scanned: AtomicUsize,
}

/// A keyword confirmed by comparing the bytes from where its anchor matched.
#[derive(Debug)]
struct Use {
    /// Lower-cased.
    keyword: Vec<u8>,
    /// Detectors (catalog indexes) that list this keyword.
    owners: Vec<usize>,
}

impl Prefilter {
    /// `keywords[i]` lists detector `i`'s keywords; matching ignores ASCII case.
    pub fn new<L, K>(keywords: impl Iterator<Item = L>) -> Result<Self, String>
    where
        L: IntoIterator<Item = K>,
        K: AsRef<str>,
    {
        // (keyword, detector) pairs, sorted: a keyword's detectors end up
        // next to each other, and so do keywords sharing an anchor.
        let mut pairs: Vec<(Vec<u8>, usize)> = Vec::new();
        for (index, list) in keywords.enumerate() {
            for keyword in list {
                pairs.push((keyword.as_ref().as_bytes().to_ascii_lowercase(), index));
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        // Bytes, not text: a keyword's fifth byte may fall inside a character.
        let mut anchors: Vec<Vec<u8>> = Vec::new();
        let mut uses: Vec<Vec<Use>> = Vec::new();
        for (keyword, owner) in pairs {
            let anchor = &keyword[..keyword.len().min(ANCHOR_LEN)];
            if anchors.last().is_none_or(|last| last != anchor) {
                anchors.push(anchor.to_vec());
                uses.push(Vec::new());
            }
            let same_anchor = uses.last_mut().expect("pushed above");
            match same_anchor.last_mut() {
                Some(last) if last.keyword == keyword => last.owners.push(owner),
                _ => same_anchor.push(Use {
                    keyword,
                    owners: vec![owner],
                }),
            }
        }
        let nfa = build_nfa(&anchors)?;
        Ok(Prefilter {
            nfa,
            dfa: OnceLock::new(),
            anchors,
            uses,
            scanned: AtomicUsize::new(0),
        })
    }

    /// Every keyword occurrence in `text` as (detector index, byte offset of
    /// the keyword), sorted by detector then offset.
    pub fn find(&self, text: &[u8], hits: &mut Vec<(usize, usize)>) {
        hits.clear();
        let mut confirm = |anchor: PatternID, start: usize| {
            for keyword in &self.uses[anchor.as_usize()] {
                let end = start + keyword.keyword.len();
                if end <= text.len() && text[start..end].eq_ignore_ascii_case(&keyword.keyword) {
                    hits.extend(keyword.owners.iter().map(|&owner| (owner, start)));
                }
            }
        };
        // A DFA built for an unanchored standard search is always searched;
        // the NFA is the fallback should it refuse.
        let searched = self
            .dfa(text.len())
            .is_some_and(|dfa| lanes::find_overlapping(dfa, text, &mut confirm).is_ok());
        if !searched {
            for found in self.nfa.find_overlapping_iter(text) {
                confirm(found.pattern(), found.start());
            }
        }
        hits.sort_unstable();
        hits.dedup();
    }

    /// The DFA, once this process has scanned enough to repay building it.
    fn dfa(&self, len: usize) -> Option<&DFA> {
        if let Some(dfa) = self.dfa.get() {
            return dfa.as_ref();
        }
        if self.scanned.fetch_add(len, Ordering::Relaxed) + len < DFA_AFTER_BYTES {
            return None;
        }
        // The anchors already built an NFA, so the same set cannot fail now;
        // should it, the NFA gives the same hits.
        self.dfa
            .get_or_init(|| dfa_builder().build(&self.anchors).ok())
            .as_ref()
    }
}

/// How the prefilter's DFA is built: ASCII case ignored, like the NFA, and
/// every occurrence found, overlapping ones too (standard semantics from an
/// unanchored start), as [`lanes::find_overlapping`] requires.
pub(crate) fn dfa_builder() -> dfa::Builder {
    let mut builder = dfa::Builder::new();
    builder
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .start_kind(StartKind::Unanchored);
    builder
}

fn build_nfa(anchors: &[Vec<u8>]) -> Result<AhoCorasick, String> {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(anchors)
        .map_err(|err| format!("cannot build the keyword prefilter: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hits a naive search for every keyword at every offset gives.
    fn naive(keywords: &[Vec<String>], text: &[u8]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (owner, list) in keywords.iter().enumerate() {
            for start in 0..text.len() {
                let hit = list.iter().any(|k| {
                    text.len() - start >= k.len()
                        && text[start..start + k.len()].eq_ignore_ascii_case(k.as_bytes())
                });
                if hit {
                    out.push((owner, start));
                }
            }
        }
        out.sort_unstable();
        out
    }

    fn keywords(lists: &[&[&str]]) -> Vec<Vec<String>> {
        lists
            .iter()
            .map(|l| l.iter().map(|k| k.to_string()).collect())
            .collect()
    }

    #[test]
    fn keywords_longer_than_their_anchor_are_confirmed() {
        let lists = keywords(&[
            &["pat"],
            &["github_pat_"],
            &["ghp_", "GITHUB"],
            &["abab"],
            &["bab"],
            &["githu"],
        ]);
        let prefilter = Prefilter::new(lists.iter()).unwrap();
        let anchors: Vec<&[u8]> = prefilter.anchors.iter().map(Vec::as_slice).collect();
        assert_eq!(anchors, [&b"abab"[..], b"bab", b"ghp_", b"githu", b"pat"]);
        for text in [
            &b"x GitHub_PAT_1 path ghp_ github_pa ababab"[..],
            b"github_pat_",
            b"_pat_",
            b"",
            b"babab abab",
        ] {
            let mut hits = Vec::new();
            prefilter.find(text, &mut hits);
            assert_eq!(hits, naive(&lists, text), "{:?}", String::from_utf8_lossy(text));
        }
    }

    /// Found by the `detectors_yaml` fuzzer: a user keyword whose fifth byte
    /// falls inside a character.
    #[test]
    fn anchors_may_cut_a_character() {
        let lists = keywords(&[&["arrr\u{e9}tok"]]);
        let prefilter = Prefilter::new(lists.iter()).unwrap();
        let text = "x ARRR\u{e9}TOK y".as_bytes();
        let mut hits = Vec::new();
        prefilter.find(text, &mut hits);
        assert_eq!(hits, naive(&lists, text));
        assert_eq!(hits, [(0, 2)]);
    }

    #[test]
    fn a_large_text_switches_to_the_dfa_with_the_same_hits() {
        let lists = keywords(&[&["token"], &["api_token", "secret"], &["sk_live_"]]);
        let prefilter = Prefilter::new(lists.iter()).unwrap();
        let text = b"API_TOKEN=x secret SK_LIVE_abc token ".repeat(1 << 16);
        let mut first = Vec::new();
        prefilter.find(&text, &mut first);
        assert!(
            matches!(prefilter.dfa.get(), Some(Some(_))),
            "a large text switches to the DFA"
        );
        let mut second = Vec::new();
        prefilter.find(&text, &mut second);
        assert_eq!(first, second);
        assert_eq!(first, naive(&lists, &text));
    }
}
