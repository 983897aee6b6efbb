//! The marketplace's own certificate, for serving sellers' laptops beyond this computer.
//!
//! No certificate authority knows a marketplace on a shop's or a trade show's network, so the
//! server makes a self-signed certificate the first time it starts and keeps it beside the
//! data file (`x.server-cert.pem` and `x.server-key.pem` for `x.db`, the key readable by its
//! owner only). A laptop pins the certificate's SHA-256 at enrolment; the pin stands in for
//! the authority and the host name, so the certificate must stay the same from start to
//! start: it is made only when there is none, and never replaced behind the laptops' back.

use std::fs;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use koogallery_core::CoreError;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use sha2::{Digest, Sha256};

/// The certificate the marketplace shows and its private key.
pub struct Identity {
    certificate: CertificateDer<'static>,
    key: PrivateKeyDer<'static>,
    fingerprint: String,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The key never reaches a log.
        f.debug_struct("Identity").field("fingerprint", &self.fingerprint).finish_non_exhaustive()
    }
}

/// Where the certificate and its key of the data file `db` are kept.
pub fn files(db: &Path) -> (PathBuf, PathBuf) {
    (db.with_extension("server-cert.pem"), db.with_extension("server-key.pem"))
}

impl Identity {
    /// The certificate kept beside `db`, made now if there is none, naming this computer and
    /// the address it will listen on (for tools that look; a laptop checks only the pin).
    pub fn beside(db: &Path, listen: SocketAddr) -> Result<Identity, CoreError> {
        let (cert_file, key_file) = files(db);
        if !cert_file.exists() {
            make(&cert_file, &key_file, names(listen))?;
        }
        Identity::read(&cert_file, &key_file)
    }

    fn read(cert_file: &Path, key_file: &Path) -> Result<Identity, CoreError> {
        let damaged = |file: &Path, what: &str| {
            CoreError::Internal(format!(
                "{} is not {what}; move away the server's certificate and key to make new ones (every laptop \
                 then enrols again)",
                file.display()
            ))
        };
        if !key_file.exists() {
            return Err(CoreError::Internal(format!(
                "the certificate {} has no key beside it ({}): restore the key, or move the certificate away to \
                 make a new pair (every laptop then enrols again)",
                cert_file.display(),
                key_file.display()
            )));
        }
        let certificate =
            CertificateDer::from_pem_file(cert_file).map_err(|_| damaged(cert_file, "a PEM certificate"))?;
        let key = PrivateKeyDer::from_pem_file(key_file).map_err(|_| damaged(key_file, "a PEM private key"))?;
        let fingerprint = fingerprint(&certificate);
        Ok(Identity { certificate, key, fingerprint })
    }

    /// The certificate's SHA-256, as `kg seller enrol` prints it and a laptop pins it.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The TLS configuration that shows this certificate, with the ring provider.
    pub fn server_config(&self) -> Result<Arc<rustls::ServerConfig>, CoreError> {
        let refused = |e: rustls::Error| {
            CoreError::Internal(format!(
                "the server's certificate and key do not work together ({e}); move both away to make new ones"
            ))
        };
        let mut config =
            rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
                .with_safe_default_protocol_versions()
                .map_err(refused)?
                .with_no_client_auth()
                .with_single_cert(vec![self.certificate.clone()], self.key.clone_key())
                .map_err(refused)?;
        // The API is served over HTTP/1.1 only.
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    }
}

/// SHA-256 of a certificate's DER as browsers show it: `AB:01:…`, 32 pairs.
pub fn fingerprint(certificate: &[u8]) -> String {
    Sha256::digest(certificate).iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}

/// A fingerprint as typed (any case, with or without colons or spaces) in the form it is
/// shown and kept, or `None` if it is not 32 bytes of hex.
pub fn normalized(typed: &str) -> Option<String> {
    let hex: String = typed.chars().filter(|c| !matches!(c, ':' | ' ' | '-')).collect();
    if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let upper = hex.to_ascii_uppercase();
    Some(
        upper.as_bytes().chunks(2).map(|pair| String::from_utf8_lossy(pair).into_owned()).collect::<Vec<_>>().join(":"),
    )
}

/// The names a certificate for `listen` carries: this computer's and the address itself.
fn names(listen: SocketAddr) -> Vec<String> {
    let mut names = vec!["localhost".to_string(), "127.0.0.1".to_string(), "::1".to_string()];
    let host = gethostname::gethostname().to_string_lossy().into_owned();
    if !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.') {
        names.push(host);
    }
    if !listen.ip().is_unspecified() && !listen.ip().is_loopback() {
        names.push(listen.ip().to_string());
    }
    names
}

/// Makes a new key and certificate. The key goes into place first, then the certificate:
/// the certificate's presence is what says the pair is whole, so a start cut off between the
/// two makes a new pair the next time instead of showing a certificate without its key.
fn make(cert_file: &Path, key_file: &Path, names: Vec<String>) -> Result<(), CoreError> {
    let failed = |e: rcgen::Error| CoreError::Internal(format!("cannot make the server's certificate: {e}"));
    let key = rcgen::KeyPair::generate().map_err(failed)?;
    let mut params = rcgen::CertificateParams::new(names).map_err(failed)?;
    params.distinguished_name.push(rcgen::DnType::CommonName, "KooGallery marketplace");
    let certificate = params.self_signed(&key).map_err(failed)?;
    write_new(key_file, key.serialize_pem().as_bytes(), true)?;
    write_new(cert_file, certificate.pem().as_bytes(), false)
}

/// Writes `bytes` to `file` through a temporary file, so that no reader ever sees half of it.
fn write_new(file: &Path, bytes: &[u8], private: bool) -> Result<(), CoreError> {
    let io = |context: &str| {
        let context = format!("{context} {}", file.display());
        move |source| CoreError::Io { context, source }
    };
    let mut temp = file.as_os_str().to_owned();
    temp.push(format!(".{}.tmp", std::process::id()));
    let temp = PathBuf::from(temp);
    {
        let mut options = fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        if private {
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        }
        #[cfg(not(unix))]
        let _ = private;
        let mut out = options.open(&temp).map_err(io("cannot create"))?;
        out.write_all(bytes).and_then(|()| out.sync_all()).map_err(io("cannot write"))?;
    }
    fs::rename(&temp, file).map_err(io("cannot put in place"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_read_in_any_form_and_shown_in_one() {
        let shown = fingerprint(b"a certificate");
        assert_eq!(shown.len(), 32 * 3 - 1);
        assert!(shown.chars().all(|c| c == ':' || c.is_ascii_digit() || c.is_ascii_uppercase()), "{shown}");
        assert_eq!(normalized(&shown).as_deref(), Some(shown.as_str()));
        assert_eq!(normalized(&shown.replace(':', "").to_lowercase()).as_deref(), Some(shown.as_str()));
        assert_eq!(normalized(&shown[3..]), None, "31 bytes");
        assert_eq!(normalized(&format!("G{}", &shown[1..])), None, "not hex");
    }
}
