#!/usr/bin/env python3
"""Writes the starting corpora into fuzz/corpus/<target>/: single detectors and
every example from detectors.yaml, a sample .leakfence.yaml and baseline,
pre-push lines, small old/new diffs and keyword sets with texts. File names are content hashes, as
libFuzzer names its own, so re-running adds nothing twice."""

import hashlib
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CATALOG = os.path.join(HERE, "..", "detectors.yaml")


def write(target, data):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(folder, name), "wb") as out:
        out.write(data)


def detectors(text):
    """The catalog split into one text per `- id:` entry, comments dropped."""
    body = "\n".join(l for l in text.splitlines() if not l.startswith("#"))
    return ["- id:" + part for part in re.split(r"^- id:", body, flags=re.M)[1:]]


def examples(entry):
    """Every single-quoted example line of one detector entry."""
    found = []
    for line in entry.splitlines():
        match = re.match(r"^    - '(.*)'$", line)
        if match:
            found.append(match.group(1).replace("''", "'"))
    return found


SAMPLE_CONFIG = b"""detectors:
  - id: acme-token
    name: Acme token
    provider: Acme
    keywords: [acme_]
    pattern: '\\b(acme_[a-z0-9]{24})\\b'
    min_entropy: 3.5
    env_var: ACME_TOKEN
    examples: ["acme_k3j9x8q2m4n7b1v5c6z0p8r2"]
    negative_examples: ["acme_aaaaaaaaaaaaaaaaaaaaaaaa"]
    runbook:
      url: https://acme.example/tokens
      risk: Lets anyone call the Acme API as you.
      check: [Read the audit log.]
      create: [Create a token.]
      revoke: [Delete the old token.]
      breaks: [Scripts that use it.]
disable: [generic-credential-assignment]
paths: ["tests/fixtures/", "*.snap", "!tests/fixtures/keep.txt"]
allow:
  values: ["not-a-real-secret-0000"]
  patterns: ["^pul-0{8}", "(?i)example"]
  stopwords: [fixture, dummy]
entropy:
  acme-token: 4.0
"""

SAMPLE_BASELINE = b"""{
  "version": 1,
  "key": "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
  "entries": [
    {"path":"src/a.rs","detector":"github-pat","fingerprint":"3b1f0c9e8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c"}
  ]
}
"""

OID_A = "a" * 40
OID_B = "1234567890abcdef1234567890abcdef12345678"
ZERO = "0" * 40
PREPUSH = [
    f"refs/heads/main {OID_A} refs/heads/main {OID_B}\n",
    f"refs/heads/new {OID_A} refs/heads/new {ZERO}\n",
    f"(delete) {ZERO} refs/heads/old {OID_B}\n",
    f"refs/heads/a {OID_A} refs/heads/a {ZERO}\r\n\nrefs/tags/v1 {OID_B} refs/tags/v1 {ZERO}\n",
    f"HEAD {OID_A} refs/heads/x {'b' * 64}\n",
    f"refs/heads/x {OID_A[:39]} refs/heads/x {ZERO}\n",
    "refs/heads/x\n",
    "",
]

DIFFS = [
    (b"a\nb\nc\n", b"a\nX\nb\nc\nY\n"),
    (b"", b"one\ntwo"),
    (b"a\nb\n", b"a\n"),
    (b"a\n", b"a\r\n"),
    (b"x\ny\nz", b"x\ny\nz\n"),
    (b"fn main() {\n}\n", b"fn main() {\n    let key = 1;\n}\n"),
    (b"a\na\na\nb\n", b"a\nb\na\na\n"),
]

# Keywords that overlap each other and a text long enough to split mid-keyword.
KEYWORD_SEARCHES = [
    (b"abab\nbab\nb", b"abababab babab ABAB"),
    (b"token\napi_key\nsk_live_\npat", b"API_KEY=x token SK_LIVE_abc path pattern " * 3),
    (b"ghp_\ngithub\nhub", b"ghp_ github GITHUB_TOKEN hubhub"),
]


def main():
    text = open(CATALOG, encoding="utf-8").read()
    entries = detectors(text)
    # Every tenth detector alone keeps the YAML seeds varied but few.
    for entry in entries[::10]:
        write("detectors_yaml", entry.encode())
    write("detectors_yaml", SAMPLE_CONFIG)
    write("detectors_yaml", SAMPLE_BASELINE)
    for entry in entries:
        for example in examples(entry):
            write("scan_bytes", example.encode() + b"\n")
    for lines in PREPUSH:
        write("prepush_stdin", lines.encode())
    for old, new in DIFFS:
        write("blob_diff", old + b"\0" + new)
        write("blob_diff", new)
    for keywords, text in KEYWORD_SEARCHES:
        write("keyword_search", keywords + b"\0" + text)
    print(f"{len(entries)} detectors read", file=sys.stderr)


if __name__ == "__main__":
    main()
