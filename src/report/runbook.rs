//! The rotation runbook: the shared order every credential follows (check for
//! misuse, create the replacement, update services, revoke, monitor), filled
//! with the provider's own steps from the detector.

use std::io::Write;

use colored::Colorize;

use crate::detectors::Detector;
use crate::detectors::schema::Text;

pub fn write(out: &mut dyn Write, detector: &Detector) -> std::io::Result<()> {
    let r = &detector.runbook;
    writeln!(out, "  {} {}", "Rotate:".bold(), detector.name)?;
    writeln!(out, "    Risk: {}", r.risk)?;
    writeln!(out, "    Tokens page: {}", r.url.underline())?;
    let phases: [(&str, &[Text]); 4] = [
        ("Check whether it was used", &r.check),
        ("Create a replacement", &r.create),
        (
            "Update every place that uses it (these break when the old one is revoked)",
            &r.breaks,
        ),
        ("Revoke the old one", &r.revoke),
    ];
    for (number, (title, steps)) in phases.iter().enumerate() {
        writeln!(out, "    {}. {title}:", number + 1)?;
        for step in *steps {
            writeln!(out, "       - {step}")?;
        }
    }
    writeln!(
        out,
        "    5. Monitor: watch the provider's logs for the old value being tried after revocation."
    )
}
