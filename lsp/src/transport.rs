//! A guard in front of the framework's stdio transport.
//!
//! tower-lsp-server reads messages with tokio-util's `FramedRead`, which
//! ends the stream after the first frame it cannot decode: one message with
//! a broken JSON body would stop the server. Here stdin is read frame by
//! frame first; frames that are not JSON-RPC messages are answered with a
//! JSON-RPC error (`-32700` parse error, `-32600` invalid request) and never
//! reach the framework, so the server stays up.

use serde_json::{json, Value};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// Frames larger than this are refused (and skipped).
const MAX_BODY: usize = 256 << 20;

/// One frame read from a stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    Body(Vec<u8>),
    /// A header block without a usable `Content-Length` (skipped).
    BadHeader,
}

/// Reads the next frame; `None` at end of input.
pub async fn read_frame<R: AsyncBufRead + Unpin>(r: &mut R) -> std::io::Result<Option<Frame>> {
    let mut len: Option<usize> = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        let n = r.read_until(b'\n', &mut line).await?;
        if n == 0 {
            return Ok(None);
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue; // stray blank lines between frames
        }
        saw_header = true;
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                len = value.trim().parse().ok();
            }
        }
    }
    match len {
        Some(n) if n <= MAX_BODY => {
            let mut body = vec![0; n];
            r.read_exact(&mut body).await?;
            Ok(Some(Frame::Body(body)))
        }
        _ => Ok(Some(Frame::BadHeader)),
    }
}

pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// `None` when `body` is a message the framework decodes; otherwise the
/// error response to send back.
pub fn reject(body: &[u8]) -> Option<Vec<u8>> {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(_) => return Some(error_body(Value::Null, -32700, "Parse error")),
    };
    let is_request = serde_json::from_value::<Request>(value.clone()).is_ok();
    let is_response = !is_request && serde_json::from_value::<Response>(value.clone()).is_ok();
    if is_request || is_response {
        return None;
    }
    let id = match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    Some(error_body(id, -32600, "Invalid request"))
}

fn error_body(id: Value, code: i64, message: &str) -> Vec<u8> {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
        .to_string()
        .into_bytes()
}

/// Copies frames from `input` to `to_server`, answering bad ones on
/// `replies`. Returns at end of input (dropping `to_server` then closes the
/// server's input).
pub async fn filter_input<R, W>(
    mut input: R,
    mut to_server: W,
    replies: mpsc::UnboundedSender<Vec<u8>>,
) where
    R: AsyncBufRead + Unpin,
    W: AsyncWrite + Unpin,
{
    while let Ok(Some(f)) = read_frame(&mut input).await {
        let Frame::Body(body) = f else {
            let _ = replies.send(frame(&error_body(Value::Null, -32700, "Parse error")));
            continue;
        };
        match reject(&body) {
            Some(err) => {
                let _ = replies.send(frame(&err));
            }
            None => {
                if to_server.write_all(&frame(&body)).await.is_err() {
                    break;
                }
            }
        }
    }
    let _ = to_server.shutdown().await;
}

/// Writes the server's frames and the input filter's replies to `out`,
/// whole frames at a time, until the server's output ends.
pub async fn merge_output<R, W>(
    mut from_server: R,
    mut replies: mpsc::UnboundedReceiver<Vec<u8>>,
    mut out: W,
) where
    R: AsyncBufRead + Unpin,
    W: AsyncWrite + Unpin,
{
    loop {
        let bytes = tokio::select! {
            f = read_frame(&mut from_server) => match f {
                Ok(Some(Frame::Body(body))) => frame(&body),
                Ok(Some(Frame::BadHeader)) => continue,
                _ => break,
            },
            Some(reply) = replies.recv() => reply,
        };
        if out.write_all(&bytes).await.is_err() || out.flush().await.is_err() {
            break;
        }
    }
    let _ = out.flush().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_messages_pass() {
        assert_eq!(reject(br#"{"jsonrpc":"2.0","id":1,"method":"x"}"#), None);
        assert_eq!(
            reject(br#"{"jsonrpc":"2.0","method":"x","params":{}}"#),
            None
        );
        assert_eq!(reject(br#"{"jsonrpc":"2.0","id":1,"result":null}"#), None);
        let parse = reject(b"{{{{{").unwrap_or_default();
        assert!(String::from_utf8_lossy(&parse).contains("-32700"));
        let invalid = reject(br#"{"id":7,"method":"x"}"#).unwrap_or_default();
        let v: Value = serde_json::from_slice(&invalid).unwrap_or_default();
        assert_eq!(v["id"], 7, "{v}");
        assert_eq!(v["error"]["code"], -32600);
        assert!(reject(b"[1, 2]").is_some());
        assert!(reject(br#"{"jsonrpc":"2.0","id":{"a":1},"method":"x"}"#).is_some());
    }

    #[tokio::test]
    async fn frames_are_read_whole_and_bad_headers_skipped() {
        let input: &[u8] = b"Content-Length: 2\r\n\r\n{}\r\nX-Other: 1\r\n\r\nContent-Length: 3\r\nContent-Type: x\r\n\r\n[1]";
        let mut r = tokio::io::BufReader::new(input);
        assert_eq!(
            read_frame(&mut r).await.ok().flatten(),
            Some(Frame::Body(b"{}".to_vec()))
        );
        assert_eq!(
            read_frame(&mut r).await.ok().flatten(),
            Some(Frame::BadHeader)
        );
        assert_eq!(
            read_frame(&mut r).await.ok().flatten(),
            Some(Frame::Body(b"[1]".to_vec()))
        );
        assert_eq!(read_frame(&mut r).await.ok().flatten(), None);
    }
}
