//! Readers that count, limit and decompress, and magic-byte sniffing.

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
use ruzstd::decoding::{BlockDecodingStrategy, FrameDecoder};
use serde::Serialize;

use super::limits::{bump, Budget};

/// What the first bytes of a stream look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sniff {
    Empty,
    Gzip,
    Zstd,
    Tar,
    Json,
    Bzip2,
    Xz,
    Other,
}

/// Compression of a layer or of the whole input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

pub(crate) fn sniff(head: &[u8]) -> Sniff {
    if head.is_empty() {
        return Sniff::Empty;
    }
    if head.starts_with(&[0x1f, 0x8b]) {
        return Sniff::Gzip;
    }
    if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) || is_zstd_skippable(head) {
        return Sniff::Zstd;
    }
    if head.starts_with(b"BZh") {
        return Sniff::Bzip2;
    }
    if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0]) {
        return Sniff::Xz;
    }
    if looks_like_tar(head) {
        return Sniff::Tar;
    }
    let text = head.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(head);
    match text.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') | Some(b'[') => Sniff::Json,
        _ => Sniff::Other,
    }
}

fn is_zstd_skippable(head: &[u8]) -> bool {
    head.len() >= 4 && head[1..4] == [0x2a, 0x4d, 0x18] && (head[0] & 0xf0) == 0x50
}

/// A tar starts with a 512-byte header that has the `ustar` magic or a valid
/// checksum (old v7 tars), or with an all-zero block (an empty tar).
pub(crate) fn looks_like_tar(head: &[u8]) -> bool {
    let Some(block) = head.get(..512) else {
        return false;
    };
    if block.get(257..262) == Some(b"ustar") {
        return true;
    }
    if block.iter().all(|&b| b == 0) {
        return true;
    }
    // v7: checksum field (148..156) is octal of the sum of the header with
    // the checksum field taken as spaces.
    let Some(field) = block.get(148..156) else {
        return false;
    };
    let digits: Vec<u8> = field
        .iter()
        .copied()
        .skip_while(|b| *b == b' ')
        .take_while(|b| (b'0'..=b'7').contains(b))
        .collect();
    if digits.is_empty() {
        return false;
    }
    let stored = digits.iter().fold(0u64, |acc, d| {
        acc.saturating_mul(8).saturating_add(u64::from(d - b'0'))
    });
    let sum: u64 = block
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if (148..156).contains(&i) {
                u64::from(b' ')
            } else {
                u64::from(b)
            }
        })
        .sum();
    stored == sum && block.first().is_some_and(|b| *b != 0)
}

/// Reads up to `n` bytes (fewer only at end of stream).
pub(crate) fn read_up_to<R: Read + ?Sized>(r: &mut R, n: usize) -> io::Result<Vec<u8>> {
    let mut buf = vec![0u8; n];
    let mut filled = 0;
    while filled < n {
        match r.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(k) => filled += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    buf.truncate(filled);
    Ok(buf)
}

/// Counts the bytes read from the caller's input against `max_input_bytes`.
pub(crate) struct InputReader<R> {
    pub inner: R,
    pub budget: Rc<Budget>,
}

impl<R: Read> Read for InputReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let total = bump(&self.budget.input_bytes, n as u64);
        if total > self.budget.limits.max_input_bytes {
            return Err(self.budget.trip(
                "max_input_bytes",
                self.budget.limits.max_input_bytes,
                "the input",
            ));
        }
        Ok(n)
    }
}

/// Counts bytes passing through into a shared cell.
pub(crate) struct Counted<R> {
    pub inner: R,
    pub count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        bump(&self.count, n as u64);
        Ok(n)
    }
}

/// Guards the output of a decompressor (or an uncompressed layer): the
/// total over the read and, for compressed streams, the ratio to the
/// compressed bytes consumed so far.
pub(crate) struct Guard<R> {
    pub inner: R,
    pub budget: Rc<Budget>,
    /// Compressed bytes consumed (`None`: not compressed, no ratio check).
    pub compressed: Option<Rc<Cell<u64>>>,
    pub out: Rc<Cell<u64>>,
    pub context: String,
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let out = bump(&self.out, n as u64);
        let limits = &self.budget.limits;
        let total = bump(&self.budget.decompressed_bytes, n as u64);
        if total > limits.max_decompressed_bytes {
            return Err(self.budget.trip(
                "max_decompressed_bytes",
                limits.max_decompressed_bytes,
                &self.context,
            ));
        }
        if let Some(c) = &self.compressed {
            if out > limits.ratio_grace_bytes && out / c.get().max(1) > limits.max_ratio {
                return Err(self
                    .budget
                    .trip("max_ratio", limits.max_ratio, &self.context));
            }
        }
        Ok(n)
    }
}

/// A reader that gives back one pushed-back byte first.
struct PushBack<R> {
    first: Option<u8>,
    inner: R,
}

impl<R: Read> Read for PushBack<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if let Some(b) = self.first.take() {
            buf[0] = b;
            return Ok(1);
        }
        self.inner.read(buf)
    }
}

/// Decodes a sequence of zstd frames (skippable frames are skipped), as
/// written by `zstd:chunked` and multi-frame encoders.
pub(crate) struct ZstdFrames<R> {
    src: PushBack<R>,
    dec: FrameDecoder,
    active: bool,
    done: bool,
}

impl<R: Read> ZstdFrames<R> {
    pub fn new(inner: R) -> ZstdFrames<R> {
        ZstdFrames {
            src: PushBack { first: None, inner },
            dec: FrameDecoder::new(),
            active: false,
            done: false,
        }
    }

    /// Starts the next frame; `false` at a clean end of stream.
    fn start_frame(&mut self) -> io::Result<bool> {
        loop {
            let mut one = [0u8; 1];
            let n = loop {
                match self.src.inner.read(&mut one) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    r => break r?,
                }
            };
            if n == 0 {
                return Ok(false);
            }
            self.src.first = Some(one[0]);
            match self.dec.init(&mut self.src) {
                Ok(()) => return Ok(true),
                Err(FrameDecoderError::ReadFrameHeaderError(ReadFrameHeaderError::SkipFrame {
                    length,
                    ..
                })) => {
                    let skipped = io::copy(
                        &mut (&mut self.src).take(u64::from(length)),
                        &mut io::sink(),
                    )?;
                    if skipped < u64::from(length) {
                        return Err(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            "zstd stream ends inside a skippable frame",
                        ));
                    }
                }
                Err(e) => return Err(io::Error::new(io::ErrorKind::InvalidData, e)),
            }
        }
    }
}

impl<R: Read> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if self.done {
                return Ok(0);
            }
            if !self.active {
                if !self.start_frame()? {
                    self.done = true;
                    return Ok(0);
                }
                self.active = true;
            }
            while self.dec.can_collect() < buf.len() && !self.dec.is_finished() {
                let need = buf.len() - self.dec.can_collect();
                self.dec
                    .decode_blocks(&mut self.src, BlockDecodingStrategy::UptoBytes(need))
                    .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
            }
            let n = self.dec.read(buf)?;
            if n > 0 {
                return Ok(n);
            }
            if !self.dec.is_finished() {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "zstd decoder made no progress",
                ));
            }
            self.active = false;
        }
    }
}

/// Wraps `reader` (whose first bytes sniffed as `kind`) in the right
/// decompressor, counting compressed bytes in `compressed`.
pub(crate) fn decompressor<'a, R: Read + 'a>(
    kind: Compression,
    reader: R,
    compressed: Rc<Cell<u64>>,
) -> Box<dyn Read + 'a> {
    let counted = Counted {
        inner: reader,
        count: compressed,
    };
    match kind {
        Compression::None => Box::new(counted),
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(counted)),
        Compression::Zstd => Box::new(ZstdFrames::new(counted)),
    }
}

/// A short description of bytes that were not understood, for messages.
pub(crate) fn describe(head: &[u8]) -> String {
    if head.is_empty() {
        return "an empty input".to_string();
    }
    let shown = &head[..head.len().min(16)];
    let printable = shown
        .iter()
        .all(|b| b.is_ascii_graphic() || *b == b' ' || *b == b'\n' || *b == b'\r' || *b == b'\t');
    if printable {
        let text: String = String::from_utf8_lossy(shown)
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        format!("text starting with {:?}", text.trim_end())
    } else {
        let hex: Vec<String> = shown.iter().map(|b| format!("{b:02x}")).collect();
        format!("bytes starting with {}", hex.join(" "))
    }
}
