//! Proof files attached to an operation: PDF documents (a statement of work, an acceptance
//! document) and PNG or JPEG screenshots, checked like product pictures before they are kept.
//!
//! A file is kept once, by its SHA-256, whichever operations name it; each operation keeps its
//! own names for its files. The hash and size travel with the record, so the chain of records
//! covers the files too.

use base64::Engine;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::catalog::media::{self, MediaKind};
use crate::{CoreError, Result};

/// The most files one operation may carry.
pub const MAX_FILES: usize = 10;
/// The largest PDF document.
pub const MAX_PDF_BYTES: usize = 20 * 1024 * 1024;
const MAX_NAME_CHARS: usize = 200;

/// A file as a front end sends it: its name and its bytes in base64.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Upload {
    pub name: String,
    pub content_base64: String,
}

impl Upload {
    pub fn from_bytes(name: impl Into<String>, bytes: &[u8]) -> Upload {
        Upload { name: name.into(), content_base64: base64::engine::general_purpose::STANDARD.encode(bytes) }
    }
}

/// An upload stands in an operation's fingerprint as its name and the hash of its bytes.
impl Serialize for Upload {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let bytes = base64::engine::general_purpose::STANDARD.decode(self.content_base64.trim());
        let digest = sha256_hex(bytes.as_deref().unwrap_or(self.content_base64.as_bytes()));
        let mut s = serializer.serialize_struct("Upload", 2)?;
        s.serialize_field("name", &self.name)?;
        s.serialize_field("sha256", &digest)?;
        s.end()
    }
}

/// A file that passed its checks, ready to keep.
#[derive(Debug, Clone)]
pub(crate) struct Proof {
    pub name: String,
    pub mime: &'static str,
    pub sha256: String,
    pub bytes: Vec<u8>,
}

/// A kept file as a record lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AttachmentInfo {
    pub position: u32,
    pub name: String,
    pub mime: String,
    pub size: u32,
    pub sha256: String,
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// Checks `uploads` (`what` names them in a refusal: "proof", "records").
pub(crate) fn prepare(uploads: &[Upload], what: &str) -> Result<Vec<Proof>> {
    if uploads.len() > MAX_FILES {
        return Err(CoreError::invalid(format!("{what}: at most {MAX_FILES} files, not {}", uploads.len())));
    }
    let mut proofs = Vec::with_capacity(uploads.len());
    for upload in uploads {
        let name = upload.name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS || name.contains(['/', '\\', '\0']) {
            return Err(CoreError::invalid(format!(
                "{what}: a file name must be 1 to {MAX_NAME_CHARS} characters without / or \\"
            )));
        }
        let bytes = base64::engine::general_purpose::STANDARD.decode(upload.content_base64.trim()).map_err(|_| {
            CoreError::invalid(format!("{what}: {name} did not arrive whole (its content is not base64)"))
        })?;
        let mime = if bytes.starts_with(b"%PDF-") {
            if bytes.len() > MAX_PDF_BYTES {
                return Err(CoreError::invalid(format!(
                    "{what}: {name} is larger than {} MiB",
                    MAX_PDF_BYTES / (1024 * 1024)
                )));
            }
            "application/pdf"
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G']) || bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            media::prepare_image(name, MediaKind::Screenshot, bytes.clone())?.mime
        } else {
            return Err(CoreError::invalid(format!(
                "{what}: {name} is neither a PDF document nor a PNG or JPEG screenshot"
            )));
        };
        proofs.push(Proof { name: name.to_string(), mime, sha256: sha256_hex(&bytes), bytes });
    }
    Ok(proofs)
}

/// Keeps the bytes of `proof` once, by their SHA-256, for whichever record names them (an
/// operation, a service ticket).
pub(crate) fn store_bytes(tx: &Connection, proof: &Proof) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO attachments (sha256, mime, size, bytes) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (sha256) DO NOTHING",
    )?
    .execute(params![proof.sha256, proof.mime, proof.bytes.len() as i64, proof.bytes])?;
    Ok(())
}

/// Writes `bytes` into `folder` under `name` (made safe to use as a file name), or
/// `name (1)`, `name (2)`… when that is taken: never over another file, and never a file cut
/// short. The bytes go to a hidden file first, which is then linked under the name: a process
/// killed while writing leaves no file under the name (an empty invoice PDF named like the
/// real one did, until the crash harness caught it).
pub(crate) fn write_new_file(folder: &std::path::Path, name: &str, bytes: &[u8]) -> Result<std::path::PathBuf> {
    use std::io::Write;
    let io = |context: String| move |source| CoreError::Io { context, source };
    std::fs::create_dir_all(folder).map_err(io(format!("cannot create the folder {}", folder.display())))?;
    let name: String =
        name.chars().map(|c| if c.is_control() || matches!(c, '/' | '\\' | ':') { '_' } else { c }).collect();
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s.to_string(), format!(".{e}")),
        _ => (name.clone(), String::new()),
    };
    let partial = folder.join(format!(".{name}.{}.partial", std::process::id()));
    let written = std::fs::File::create(&partial).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(source) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(CoreError::Io { context: format!("cannot write into {}", folder.display()), source });
    }
    let placed = place(folder, &partial, &name, &stem, &ext, bytes);
    let _ = std::fs::remove_file(&partial);
    placed
}

/// Links the whole file `partial` under the first free name of `name`, `name (1)`…
fn place(
    folder: &std::path::Path,
    partial: &std::path::Path,
    name: &str,
    stem: &str,
    ext: &str,
    bytes: &[u8],
) -> Result<std::path::PathBuf> {
    use std::io::Write;
    for n in 0..1000 {
        let path = if n == 0 { folder.join(name) } else { folder.join(format!("{stem} ({n}){ext}")) };
        // A link is never made over an existing file: one that appears between two attempts
        // is not overwritten either.
        match std::fs::hard_link(partial, &path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            // A file system without links (FAT on a USB stick): written in place, as before.
            Err(_) => match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut file) => {
                    file.write_all(bytes).map_err(|source| CoreError::Io {
                        context: format!("cannot write {}", path.display()),
                        source,
                    })?;
                    return Ok(path);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(source) => {
                    return Err(CoreError::Io { context: format!("cannot write {}", path.display()), source })
                }
            },
        }
    }
    Err(CoreError::invalid(format!(
        "{} already holds 1,000 copies of {name}; remove some and try again",
        folder.display()
    )))
}

/// Keeps `proofs` as the files of operation `operation_id`, in order.
pub(crate) fn keep(tx: &Connection, operation_id: &str, proofs: &[Proof]) -> Result<()> {
    for (i, proof) in proofs.iter().enumerate() {
        store_bytes(tx, proof)?;
        tx.prepare_cached(
            "INSERT INTO operation_attachments (operation_id, position, name, sha256) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![operation_id, i as i64 + 1, proof.name, proof.sha256])?;
    }
    Ok(())
}

/// The files of operation `operation_id`, in order.
pub(crate) fn of_operation(conn: &Connection, operation_id: &str) -> Result<Vec<AttachmentInfo>> {
    Ok(conn
        .prepare_cached(
            "SELECT oa.position, oa.name, a.mime, a.size, a.sha256 FROM operation_attachments oa
             JOIN attachments a ON a.sha256 = oa.sha256 WHERE oa.operation_id = ?1 ORDER BY oa.position",
        )?
        .query_map([operation_id], |r| {
            Ok(AttachmentInfo {
                position: r.get(0)?,
                name: r.get(1)?,
                mime: r.get(2)?,
                size: r.get(3)?,
                sha256: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// A kept file's name, type and bytes.
pub(crate) fn read(conn: &Connection, operation_id: &str, position: u32) -> Result<(String, String, Vec<u8>)> {
    conn.prepare_cached(
        "SELECT oa.name, a.mime, a.bytes FROM operation_attachments oa JOIN attachments a ON a.sha256 = oa.sha256
         WHERE oa.operation_id = ?1 AND oa.position = ?2",
    )?
    .query_row(params![operation_id, position], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    .optional()?
    .ok_or_else(|| CoreError::not_found(format!("file {position} of operation {operation_id}")))
}

#[cfg(test)]
mod tests {
    use super::write_new_file;

    #[test]
    fn a_saved_file_takes_a_free_name_and_leaves_nothing_else_behind() {
        let dir = tempfile::tempdir().unwrap();
        let first = write_new_file(dir.path(), "INV-2026-000001.pdf", b"%PDF-1.7 first").unwrap();
        let second = write_new_file(dir.path(), "INV-2026-000001.pdf", b"%PDF-1.7 second").unwrap();
        let mut names: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        assert_eq!(names, ["INV-2026-000001 (1).pdf", "INV-2026-000001.pdf"], "no hidden partial file is left");
        assert_eq!(std::fs::read(first).unwrap(), b"%PDF-1.7 first");
        assert_eq!(std::fs::read(second).unwrap(), b"%PDF-1.7 second");
    }
}
