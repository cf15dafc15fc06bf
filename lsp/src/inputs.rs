//! What the checks may know beyond the document: today's date and the
//! build context (core has no clock and reads no files).

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use shipshape_core::{BuildContext, Date};

/// Today's date in UTC (`SHIPSHAPE_TODAY=YYYY-MM-DD` overrides it, as in
/// the CLI; a value that is not a date is ignored).
pub fn today() -> Option<Date> {
    if let Some(d) = std::env::var("SHIPSHAPE_TODAY")
        .ok()
        .and_then(|v| Date::parse(&v))
    {
        return Some(d);
    }
    system_today()
}

/// Today's date in UTC from the system clock.
pub fn system_today() -> Option<Date> {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_secs()).ok())
        .map(Date::from_unix_seconds)
}

/// The build context of a Dockerfile on disk: its directory, with
/// `<Dockerfile>.dockerignore` or else `.dockerignore` (as BuildKit reads
/// them). None when a `.dockerignore` exists but cannot be read (context
/// unknown). The CLI uses this too.
pub fn build_context(dockerfile: &Path) -> Option<BuildContext> {
    let dir = dockerfile
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let own = dockerfile.file_name().map(|n| {
        let mut n = n.to_os_string();
        n.push(".dockerignore");
        dir.join(n)
    });
    for c in own.into_iter().chain([dir.join(".dockerignore")]) {
        if c.is_file() {
            let bytes = std::fs::read(&c).ok()?;
            return Some(BuildContext::new(Some(
                String::from_utf8_lossy(&bytes).into_owned(),
            )));
        }
    }
    Some(BuildContext::new(None))
}
