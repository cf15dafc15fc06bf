//! What the checks may know beyond the Dockerfile: today's date and the
//! build context (core has no clock and reads no files).

use shipshape_core::Date;

use crate::Failure;

/// Overrides today's date (`YYYY-MM-DD`), for reproducible runs and tests.
pub const TODAY_ENV: &str = "SHIPSHAPE_TODAY";

/// Today's date in UTC, or the one `SHIPSHAPE_TODAY` gives.
pub fn today() -> Result<Option<Date>, Failure> {
    if let Some(v) = std::env::var_os(TODAY_ENV) {
        let text = v.to_string_lossy();
        return Date::parse(&text).map(Some).ok_or_else(|| {
            Failure(format!(
                "{TODAY_ENV}=`{text}` is not a date (expected YYYY-MM-DD)"
            ))
        });
    }
    Ok(shipshape_lsp::inputs::system_today())
}

/// The build context of a Dockerfile: its directory and its `.dockerignore`
/// (the language server's reader, so both see the same context).
pub use shipshape_lsp::inputs::build_context;
