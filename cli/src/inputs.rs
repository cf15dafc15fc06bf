//! What the checks may know beyond the Dockerfile: today's date and the
//! build context (core has no clock and reads no files).

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use shipshape_core::{BuildContext, Date};

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
    Ok(SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_secs()).ok())
        .map(Date::from_unix_seconds))
}

/// The build context of a Dockerfile: its directory. BuildKit reads
/// `<Dockerfile>.dockerignore` first, then the context's `.dockerignore`.
/// None when a `.dockerignore` exists but cannot be read (context unknown).
pub fn build_context(dockerfile: &Path) -> Option<BuildContext> {
    let dir = dockerfile
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut candidates = Vec::new();
    if let Some(name) = dockerfile.file_name() {
        let mut own = name.to_os_string();
        own.push(".dockerignore");
        candidates.push(dir.join(own));
    }
    candidates.push(dir.join(".dockerignore"));
    for c in candidates {
        if c.is_file() {
            let bytes = std::fs::read(&c).ok()?;
            return Some(BuildContext::new(Some(
                String::from_utf8_lossy(&bytes).into_owned(),
            )));
        }
    }
    Some(BuildContext::new(None))
}
