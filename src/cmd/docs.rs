//! Shell completions and the man page, generated from the clap definition so
//! they never drift from the real options.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::{Error, ExitCode, Result};

pub fn completions(out: &mut dyn Write, shell: clap_complete::Shell) -> Result<ExitCode> {
    clap_complete::generate(shell, &mut Cli::command(), "leakfence", out);
    Ok(ExitCode::Clean)
}

pub fn man(out: &mut dyn Write) -> Result<ExitCode> {
    clap_mangen::Man::new(Cli::command())
        .render(out)
        .map_err(Error::Output)?;
    Ok(ExitCode::Clean)
}
