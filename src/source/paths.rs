//! The `scan PATH...` source: files, directories (recursively, skipping
//! `.git`, not following symlinks) and `-` for standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Outcome, SkipReason, Skipped};
use crate::scan::encoding::decode_utf16_bom;
use crate::scan::{Chunk, Lines, Origin, Scanner, is_binary};
use crate::{Error, Result};

/// How stdin is named in findings.
pub const STDIN_NAME: &str = "<stdin>";

pub fn scan_paths(paths: &[PathBuf], scanner: &Scanner<'_>, stdin: &mut dyn Read) -> Result<Outcome> {
    let mut outcome = Outcome::default();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut data = Vec::new();
            stdin.read_to_end(&mut data).map_err(|source| Error::Io {
                path: PathBuf::from(STDIN_NAME),
                source,
            })?;
            let data = decode_utf16_bom(data);
            scan_bytes(scanner, Origin::Stdin, STDIN_NAME.as_bytes(), &data, &mut outcome)?;
        } else {
            walk(path, scanner, &mut outcome)?;
        }
    }
    Ok(outcome)
}

fn walk(path: &Path, scanner: &Scanner<'_>, outcome: &mut Outcome) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::symlink_metadata(path).map_err(io)?;
    if meta.is_dir() {
        let mut children: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(io)?
            .map(|e| e.map(|e| e.path()))
            .collect::<std::io::Result<_>>()
            .map_err(io)?;
        children.sort();
        for child in children
            .iter()
            .filter(|c| c.file_name().is_none_or(|n| n != ".git"))
        {
            walk(child, scanner, outcome)?;
        }
    } else if meta.is_file() {
        let data = decode_utf16_bom(std::fs::read(path).map_err(io)?);
        // `scan .` yields `./src/x`; path rules and reports want `src/x`.
        let name = path.as_os_str().as_encoded_bytes();
        let name = name.strip_prefix(b"./").unwrap_or(name);
        scan_bytes(scanner, Origin::File, name, &data, outcome)?;
    }
    Ok(())
}

fn scan_bytes(
    scanner: &Scanner<'_>,
    origin: Origin,
    path: &[u8],
    data: &[u8],
    outcome: &mut Outcome,
) -> Result<()> {
    if is_binary(data) {
        outcome.skipped.push(Skipped {
            path: path.to_vec(),
            reason: SkipReason::Binary,
        });
        return Ok(());
    }
    outcome.findings.extend(scanner.scan(&Chunk {
        origin,
        path,
        data,
        lines: Lines::All,
    })?);
    Ok(())
}
