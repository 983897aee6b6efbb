//! Secrets the store keeps (a SaaS application's initial password), sealed at rest.
//!
//! A secret is encrypted with ChaCha20-Poly1305 under a 256-bit key kept in a file beside the
//! data file (`koogallery.key` for `koogallery.db`, readable by its owner only), so that a
//! copy of the data file alone does not reveal it. The key file is made the first time a
//! secret is sealed; a store in memory holds its key in memory.
//!
//! A secret in memory is a [`Secret`]: its `Debug` prints `***`, so it cannot reach a log
//! through `{:?}`. It is shown only when a person asks to reveal it.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use serde::{Deserialize, Serialize};

use crate::{CoreError, Result};

/// A secret shown on demand, or given once (a SaaS delivery's initial password). `Debug` never
/// prints it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: String) -> Secret {
        Secret(text)
    }

    /// The secret itself: call only to show it to the person who asked.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// A secret as stored: a nonce and the ciphertext with its authentication tag.
pub struct Sealed {
    pub nonce: Vec<u8>,
    pub cipher: Vec<u8>,
}

/// Where the key of a store lives, loaded once.
#[derive(Clone)]
pub struct SecretKey {
    file: Option<PathBuf>,
    key: Arc<OnceLock<[u8; 32]>>,
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretKey").field("file", &self.file).finish_non_exhaustive()
    }
}

impl SecretKey {
    /// The key in the file beside `db`: `x.key` for `x.db`.
    pub fn beside(db: &Path) -> SecretKey {
        SecretKey { file: Some(db.with_extension("key")), key: Arc::default() }
    }

    /// A key that lives as long as this process: for a store in memory.
    pub fn ephemeral() -> SecretKey {
        let key = Arc::new(OnceLock::new());
        let _ = key.set(ChaCha20Poly1305::generate_key(&mut OsRng).into());
        SecretKey { file: None, key }
    }

    /// The key file, if the key is kept in one.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// Encrypts `secret`, making the key file if there is none yet.
    pub fn seal(&self, secret: &Secret) -> Result<Sealed> {
        let cipher = ChaCha20Poly1305::new(Key::from_slice(self.load(true)?));
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = cipher
            .encrypt(&nonce, secret.expose().as_bytes())
            .map_err(|_| CoreError::Internal("a secret could not be encrypted".into()))?;
        Ok(Sealed { nonce: nonce.to_vec(), cipher: sealed })
    }

    /// Decrypts a secret sealed with this key.
    pub fn open(&self, sealed: &Sealed) -> Result<Secret> {
        let unreadable = || {
            CoreError::Internal(format!(
                "a stored password cannot be decrypted: the key file {} is not the one it was sealed with",
                self.describe()
            ))
        };
        if sealed.nonce.len() != 12 {
            return Err(unreadable());
        }
        let cipher = ChaCha20Poly1305::new(Key::from_slice(self.load(false)?));
        let plain =
            cipher.decrypt(Nonce::from_slice(&sealed.nonce), sealed.cipher.as_slice()).map_err(|_| unreadable())?;
        String::from_utf8(plain).map(Secret).map_err(|_| unreadable())
    }

    fn describe(&self) -> String {
        self.file.as_ref().map_or_else(|| "in memory".to_string(), |f| f.display().to_string())
    }

    fn load(&self, create: bool) -> Result<&[u8; 32]> {
        if let Some(key) = self.key.get() {
            return Ok(key);
        }
        let file = self.file.as_ref().expect("a key without a file is set when it is made");
        let key = match fs::read(file) {
            Ok(bytes) => bytes.try_into().map_err(|_| {
                CoreError::Internal(format!("the key file {} is damaged (it must hold 32 bytes)", file.display()))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && create => create_key_file(file)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(CoreError::Internal(format!(
                    "the key file {} is missing, so stored passwords cannot be read; restore it beside the data file",
                    file.display()
                )))
            }
            Err(source) => {
                return Err(CoreError::Io { context: format!("cannot read the key file {}", file.display()), source })
            }
        };
        Ok(self.key.get_or_init(|| key))
    }
}

/// Writes a new key to `file`, or reads the one another process wrote first. The key is
/// written to a temporary file and linked into place, which fails if the file exists: two
/// processes can never each believe their own key is the store's.
fn create_key_file(file: &Path) -> Result<[u8; 32]> {
    let io = |context: &str| {
        let context = format!("{context} {}", file.display());
        move |source| CoreError::Io { context, source }
    };
    let key: [u8; 32] = ChaCha20Poly1305::generate_key(&mut OsRng).into();
    let temp = file.with_extension(format!("key.{}.tmp", std::process::id()));
    {
        let mut options = fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut out = options.open(&temp).map_err(io("cannot create the key file"))?;
        out.write_all(&key).and_then(|()| out.sync_all()).map_err(io("cannot write the key file"))?;
    }
    let linked = fs::hard_link(&temp, file);
    let _ = fs::remove_file(&temp);
    match linked {
        Ok(()) => Ok(key),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => fs::read(file)
            .map_err(io("cannot read the key file"))?
            .try_into()
            .map_err(|_| CoreError::Internal(format!("the key file {} is damaged", file.display()))),
        Err(source) => Err(io("cannot create the key file")(source)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_debug_prints_stars() {
        let secret = Secret::new("hunter2-Xy".into());
        assert_eq!(format!("{secret:?}"), "***");
        assert_eq!(format!("{:?}", Some(&secret)), "Some(***)");
    }

    #[test]
    fn sealed_secrets_open_with_the_same_key_file_only() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kg.db");
        let key = SecretKey::beside(&db);
        let secret = Secret::new("s3cret-Password".into());
        let sealed = key.seal(&secret).unwrap();
        assert!(!sealed.cipher.windows(6).any(|w| w == b"s3cret"), "the cipher text hides the password");
        assert_eq!(SecretKey::beside(&db).open(&sealed).unwrap(), secret, "a new process reads the same file");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join("kg.key")).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "only the owner may read the key");
        }

        let other = SecretKey::beside(&dir.path().join("other.db"));
        let err = other.open(&sealed).unwrap_err().to_string();
        assert!(err.contains("missing"), "{err}");
        other.seal(&secret).unwrap();
        let err = other.open(&sealed).unwrap_err().to_string();
        assert!(err.contains("cannot be decrypted"), "{err}");
    }
}
