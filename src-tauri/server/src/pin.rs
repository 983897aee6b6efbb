//! What a laptop trusts: the marketplace's certificate pinned at enrolment, and nothing else.
//!
//! The marketplace's certificate is self-signed (`crate::tls`), so neither a certificate
//! authority nor a host name can vouch for it; its SHA-256, typed at enrolment, does. The
//! handshake's signatures are still checked with the provider's algorithms, so a server that
//! shows the right certificate without holding its key is refused too. A refusal happens in
//! the handshake, before any request: a device token never reaches a server that is not the
//! pinned one.

use std::error::Error as StdError;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, OtherError, SignatureScheme};

use crate::tls::fingerprint;

/// The client's TLS configuration: the ring provider, and only the certificate whose
/// fingerprint is `pinned` (none at all without a pin).
pub(crate) fn client_config(pinned: Option<String>) -> Result<rustls::ClientConfig, rustls::Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = Pinned { pinned, algorithms: provider.signature_verification_algorithms };
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

#[derive(Debug)]
struct Pinned {
    pinned: Option<String>,
    algorithms: WebPkiSupportedAlgorithms,
}

/// The certificate a server showed in place of the pinned one.
#[derive(Debug)]
struct Mismatch {
    shown: String,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the server showed the certificate {}", self.shown)
    }
}

impl StdError for Mismatch {}

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let shown = fingerprint(end_entity);
        if self.pinned.as_deref() == Some(shown.as_str()) {
            return Ok(ServerCertVerified::assertion());
        }
        Err(rustls::Error::InvalidCertificate(CertificateError::Other(OtherError(Arc::new(Mismatch { shown })))))
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// The fingerprint a server showed, when `err` (a failed call, with its causes) is the pin
/// refusing its certificate.
pub(crate) fn shown_instead(err: &(dyn StdError + 'static)) -> Option<String> {
    if let Some(rustls::Error::InvalidCertificate(CertificateError::Other(OtherError(cause)))) =
        err.downcast_ref::<rustls::Error>()
    {
        if let Some(mismatch) = cause.downcast_ref::<Mismatch>() {
            return Some(mismatch.shown.clone());
        }
    }
    // An I/O error's `source` skips the error it wraps, so it is opened by hand.
    if let Some(inner) = err.downcast_ref::<std::io::Error>().and_then(std::io::Error::get_ref) {
        if let Some(shown) = shown_instead(inner) {
            return Some(shown);
        }
    }
    err.source().and_then(shown_instead)
}
