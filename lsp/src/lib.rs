//! The shipshape language server.
//!
//! Diagnostics (pushed, or pulled with `textDocument/diagnostic`), quick
//! fixes, "ignore" actions, `source.fixAll.shipshape` and rule hovers for
//! Dockerfiles, over stdio. [`build_service`] builds the same server
//! in-process (for tests and embedding).

pub mod analysis;
pub mod config;
pub mod convert;
pub mod document;
pub mod server;

use std::process::ExitCode;
use std::sync::atomic::Ordering;

use tower_lsp_server::{ClientSocket, LspService, Server};

pub use server::Backend;

/// The server as a tower service, and the socket that carries its messages
/// to the client (notifications such as `publishDiagnostics`, and requests).
pub fn build_service() -> (LspService<Backend>, ClientSocket) {
    LspService::new(Backend::new)
}

/// Serves LSP over stdin/stdout until `exit` (or end of input). Returns
/// success when `shutdown` came before the end, as the protocol asks.
pub async fn run_stdio() -> ExitCode {
    let (service, socket) = build_service();
    let shutdown = service.inner().shutdown_flag();
    Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
        .serve(service)
        .await;
    if shutdown.load(Ordering::SeqCst) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// [`run_stdio`] on its own single-threaded runtime (for the CLI).
pub fn run_stdio_blocking() -> ExitCode {
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("shipshape lsp: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let code = rt.block_on(run_stdio());
    // stdin is read on a blocking thread that may still wait for input:
    // do not wait for it.
    rt.shutdown_background();
    code
}
