//! What a check may know beyond the Dockerfile text, supplied by the caller
//! (core has no clock and no file system): today's date and the build
//! context's `.dockerignore`.

mod date;
pub mod dockerignore;

pub use date::Date;
pub use dockerignore::Dockerignore;

/// The build context, as far as the rules need it.
///
/// In [`crate::Settings::build_context`], `None` means the context is
/// unknown (the context rules say nothing); `Some` means it was looked at.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildContext {
    /// The text of the context's `.dockerignore`; `None` when the context has
    /// none.
    pub dockerignore: Option<String>,
}

impl BuildContext {
    /// A context with this `.dockerignore` text (or none).
    pub fn new(dockerignore: Option<String>) -> BuildContext {
        BuildContext { dockerignore }
    }

    /// The parsed `.dockerignore`, when there is one.
    pub fn ignore(&self) -> Option<Dockerignore> {
        self.dockerignore.as_deref().map(Dockerignore::parse)
    }
}
