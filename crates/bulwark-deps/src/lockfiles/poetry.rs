//! Not yet implemented.

use super::Companions;
use crate::Inventory;
use bulwark_core::{Problem, SourceFile};

pub fn parse(file: &SourceFile<'_>, companions: &dyn Companions) -> Result<Inventory, Problem> {
    let _ = (file, companions);
    Err(Problem {
        line: None,
        message: "not implemented yet".into(),
    })
}
