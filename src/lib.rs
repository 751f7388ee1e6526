//! leakfence: finds credentials in what is about to leave a developer's
//! machine (staged changes, pushed commits, files) and explains how to fix the
//! commit and rotate the credential.
//!
//! Sources produce [`scan::Chunk`]s, the [`scan::Scanner`] turns them into
//! [`scan::Finding`]s with a compiled [`detectors::Catalog`], and [`report`]
//! renders them. The library never prints to the process's streams and never
//! exits; `main` owns both.

pub mod allow;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod detectors;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod git;
pub mod report;
pub mod scan;
pub mod source;

pub use error::{Error, ExitCode, Result};
