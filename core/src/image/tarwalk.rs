//! Walks a tar stream entry by entry with bounded memory.
//!
//! The `tar` crate reads GNU long names and PAX headers into memory without
//! a bound, so entries are read raw and those extension headers are handled
//! here, capped by `max_header_ext_bytes`.

use std::io::{self, Read};

use super::io::read_up_to;
use super::limits::{bump, Budget};

/// One tar member with its extension headers applied.
pub(crate) struct Meta {
    /// Raw path (`None` when an extension header was too long to keep).
    pub path: Option<Vec<u8>>,
    pub link: Option<Vec<u8>>,
    pub entry_type: tar::EntryType,
    pub mode: u32,
    pub uid: u64,
    pub gid: u64,
    /// Size of the data stored in the archive.
    pub size: u64,
    /// Something odd about the header, for a note.
    pub problem: Option<String>,
}

#[derive(Default)]
struct Pending {
    name: Option<Option<Vec<u8>>>,
    link: Option<Option<Vec<u8>>>,
    pax_path: Option<Vec<u8>>,
    pax_link: Option<Vec<u8>>,
    pax_uid: Option<u64>,
    pax_gid: Option<u64>,
    problem: Option<String>,
}

/// Reads an extension header's data, or `None` if it is longer than `max`.
fn read_ext(r: &mut dyn Read, size: u64, max: u64) -> io::Result<Option<Vec<u8>>> {
    if size > max {
        return Ok(None);
    }
    let cap = usize::try_from(size).unwrap_or(usize::MAX);
    let mut v = read_up_to(r, cap)?;
    while v.last() == Some(&0) {
        v.pop();
    }
    Ok(Some(v))
}

/// Parses PAX records `LEN key=value\n`.
fn parse_pax(data: &[u8], p: &mut Pending) {
    let mut rest = data;
    while !rest.is_empty() {
        let Some(sp) = rest.iter().position(|b| *b == b' ') else {
            break;
        };
        let len: usize = match std::str::from_utf8(&rest[..sp])
            .ok()
            .and_then(|s| s.parse().ok())
        {
            Some(n) if n > sp + 1 && n <= rest.len() => n,
            _ => break,
        };
        let record = &rest[sp + 1..len];
        rest = &rest[len..];
        let record = record.strip_suffix(b"\n").unwrap_or(record);
        let Some(eq) = record.iter().position(|b| *b == b'=') else {
            continue;
        };
        let (key, value) = (&record[..eq], &record[eq + 1..]);
        let num = || {
            std::str::from_utf8(value)
                .ok()
                .and_then(|s| s.parse::<u64>().ok())
        };
        match key {
            b"path" => p.pax_path = Some(value.to_vec()),
            b"linkpath" => p.pax_link = Some(value.to_vec()),
            b"uid" => p.pax_uid = num(),
            b"gid" => p.pax_gid = num(),
            _ => {}
        }
    }
}

/// Calls `f` for each member of `archive`. Stops with an error at a read
/// error, or when more than `max_entries` headers were read (`limit_name`
/// names the limit for the error).
pub(crate) fn walk<R: Read>(
    archive: &mut tar::Archive<R>,
    budget: &Budget,
    limit_name: &'static str,
    max_entries: u64,
    context: &str,
    mut f: impl FnMut(Meta, &mut dyn Read) -> io::Result<()>,
) -> io::Result<()> {
    let max_ext = budget.limits.max_header_ext_bytes;
    let mut count: u64 = 0;
    let mut pending = Pending::default();
    let entries = archive.entries()?.raw(true);
    for item in entries {
        let mut entry = item?;
        count += 1;
        if limit_name == "max_layer_entries" {
            bump(&budget.layer_entries, 1);
        } else {
            bump(&budget.archive_entries, 1);
        }
        if count > max_entries {
            return Err(budget.trip(limit_name, max_entries, context));
        }
        let header = entry.header().clone();
        let size = header.size().unwrap_or(0);
        let et = header.entry_type();
        match et {
            tar::EntryType::GNULongName => {
                let v = read_ext(&mut entry, size, max_ext)?;
                if v.is_none() {
                    pending.problem = Some(format!(
                        "GNU long name of {size} bytes exceeds max_header_ext_bytes = {max_ext}"
                    ));
                }
                pending.name = Some(v);
                continue;
            }
            tar::EntryType::GNULongLink => {
                let v = read_ext(&mut entry, size, max_ext)?;
                if v.is_none() {
                    pending.problem = Some(format!(
                        "GNU long link name of {size} bytes exceeds max_header_ext_bytes = {max_ext}"
                    ));
                }
                pending.link = Some(v);
                continue;
            }
            tar::EntryType::XHeader => {
                match read_ext(&mut entry, size, max_ext)? {
                    Some(data) => parse_pax(&data, &mut pending),
                    None => {
                        pending.problem = Some(format!(
                            "PAX header of {size} bytes exceeds max_header_ext_bytes = {max_ext}"
                        ));
                        pending.name = Some(None);
                    }
                }
                continue;
            }
            tar::EntryType::XGlobalHeader => continue,
            _ => {}
        }
        let p = std::mem::take(&mut pending);
        let path = match p.name {
            Some(v) => v,
            None => Some(
                p.pax_path
                    .unwrap_or_else(|| header.path_bytes().into_owned()),
            ),
        };
        let link = match p.link {
            Some(v) => v,
            None => p
                .pax_link
                .or_else(|| header.link_name_bytes().map(|c| c.into_owned())),
        };
        let meta = Meta {
            path,
            link,
            entry_type: et,
            mode: header.mode().unwrap_or(0),
            uid: p.pax_uid.or_else(|| header.uid().ok()).unwrap_or(0),
            gid: p.pax_gid.or_else(|| header.gid().ok()).unwrap_or(0),
            size,
            problem: p.problem,
        };
        f(meta, &mut entry)?;
    }
    Ok(())
}
