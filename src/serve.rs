// TEMPORARY until the serve module lands.
use crate::diag::{Diagnostic, Lang, Location};
use crate::pipeline::Options;
pub fn run(_opts: &Options, _bind: &str, _port: u16, _lang: Lang) -> Result<(), Diagnostic> {
    Err(Diagnostic::error(Location::default(), "chưa có", "not yet"))
}
