//! The shipshape language server (built in the "Language server" issue).
