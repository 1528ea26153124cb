//! SPDX JSON (<https://spdx.github.io/spdx-spec/v2.3/>).

mod read;
mod write;

pub(crate) use read::read;
pub(crate) use write::write;
