//! CycloneDX JSON (<https://cyclonedx.org/docs/1.6/json/>).

mod read;
mod write;

pub(crate) use read::read;
pub(crate) use write::write;
