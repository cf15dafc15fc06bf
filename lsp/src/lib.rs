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
pub mod features;
pub mod inputs;
pub mod server;
pub mod transport;

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
    serve(
        tokio::io::BufReader::new(tokio::io::stdin()),
        tokio::io::stdout(),
    )
    .await
}

/// Serves LSP on any byte streams (see [`run_stdio`]). Input frames that are
/// not JSON-RPC messages get an error reply and do not stop the server
/// (see [`transport`]).
pub async fn serve<R, W>(input: R, output: W) -> ExitCode
where
    R: tokio::io::AsyncBufRead + Unpin + Send + 'static,
    W: tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (service, socket) = build_service();
    let shutdown = service.inner().shutdown_flag();
    let (server_in, feed) = tokio::io::duplex(1 << 16);
    let (server_out, drain) = tokio::io::duplex(1 << 16);
    let (replies_tx, replies_rx) = tokio::sync::mpsc::unbounded_channel();
    // The input filter may stay blocked on a read after `exit`: not awaited.
    let _input = tokio::spawn(transport::filter_input(input, feed, replies_tx));
    let output = tokio::spawn(transport::merge_output(
        tokio::io::BufReader::new(drain),
        replies_rx,
        output,
    ));
    Server::new(server_in, server_out, socket)
        .serve(service)
        .await;
    // The server's end of the output pipe is closed now: wait until
    // everything it wrote is out.
    let _ = output.await;
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
