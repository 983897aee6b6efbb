//! A seller's laptop reaching the marketplace over HTTP: the core's `sync::Marketplace`, so
//! that `sync::connect` and `sync::sync_once` work the same over the network as in one process.
//! No answer (refused connection, timeout, a broken answer) is `Unreachable`, tried again
//! later; a `{code, message}` answer is the marketplace's refusal.
//!
//! Beyond this computer the marketplace is `https://` and the laptop trusts only the
//! certificate it pinned at enrolment (`crate::pin`). A server showing another one is refused
//! as `unauthenticated`, not tried again quietly: nothing was sent, and someone has to look
//! (a network in between, or a marketplace whose certificate was made anew). A token never
//! travels in the clear beyond loopback: an `http://` address elsewhere is refused.

use std::net::IpAddr;
use std::time::Duration;

use koogallery_core::sync::{CallError, Marketplace, Pulled, PushRequest, Pushed, Received, Welcome};
use reqwest::blocking::{Client, RequestBuilder};
use reqwest::Url;
use serde::de::DeserializeOwned;

use crate::{pin, tls};

/// The marketplace at `base` (like `https://192.0.2.7:8765`, or `http://127.0.0.1:8765`).
pub struct Http {
    base: String,
    fingerprint: Option<String>,
    client: Client,
}

fn invalid(message: String) -> CallError {
    CallError::Refused { code: "invalid_input".into(), message }
}

/// The pin an address needs: a fingerprint for `https://`, none for `http://` on loopback.
fn pin_for(base: &str, fingerprint: Option<&str>) -> Result<Option<String>, CallError> {
    let url = Url::parse(base)
        .map_err(|e| invalid(format!("{base:?} is not a marketplace's address ({e}): like https://192.0.2.7:8765")))?;
    match (url.scheme(), fingerprint) {
        ("https", Some(typed)) => tls::normalized(typed).map(Some).ok_or_else(|| {
            invalid(format!(
                "{typed:?} is not a certificate's fingerprint: 32 pairs of hex digits, like AB:01:…, as `kg seller \
                 enrol` printed it"
            ))
        }),
        ("https", None) => Err(invalid(format!(
            "{base} serves TLS: give its certificate's fingerprint, as `kg seller enrol` printed it (--fingerprint), \
             so that this laptop talks to that marketplace only"
        ))),
        ("http", Some(_)) => Err(invalid(format!(
            "{base} is plain HTTP, which shows no certificate to pin: use the https:// address `kg seller enrol` \
             printed"
        ))),
        ("http", None) => {
            let host = url.host_str().unwrap_or_default();
            let on_loopback = host.eq_ignore_ascii_case("localhost")
                || host
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .parse::<IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback());
            if on_loopback {
                Ok(None)
            } else {
                Err(invalid(format!(
                    "{base} would carry the device's token in the clear: beyond this computer the marketplace is \
                     https://, with the address and fingerprint `kg seller enrol` printed"
                )))
            }
        }
        (scheme, _) => Err(invalid(format!("{base}: a marketplace is reached over https://, not {scheme}://"))),
    }
}

impl Http {
    /// The marketplace at `base`; `fingerprint` is its certificate's, required for `https://`.
    pub fn new(base: &str, fingerprint: Option<&str>) -> Result<Http, CallError> {
        let fingerprint = pin_for(base, fingerprint)?;
        // Every client gets its TLS from here, with the ring provider: reqwest is built without
        // a provider of its own, and an `http://` client trusts no certificate at all.
        let tls = pin::client_config(fingerprint.clone())
            .map_err(|e| CallError::Unreachable(format!("no TLS configuration: {e}")))?;
        let client = Client::builder()
            .tls_backend_preconfigured(tls)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| CallError::Unreachable(format!("no HTTP client: {e}")))?;
        Ok(Http { base: base.trim_end_matches('/').to_string(), fingerprint, client })
    }

    /// The pinned fingerprint, in the form it is shown and kept.
    pub fn fingerprint(&self) -> Option<&str> {
        self.fingerprint.as_deref()
    }

    /// A call that got no answer, or whose server the pin refused.
    fn failed(&self, err: &reqwest::Error) -> CallError {
        match pin::shown_instead(err) {
            Some(shown) => CallError::Refused {
                code: "unauthenticated".into(),
                message: format!(
                    "the marketplace's certificate is not the one pinned at enrolment (fingerprint {shown}, pinned \
                     {}): nothing was sent. Someone may be between this laptop and the marketplace, or its \
                     certificate was made anew: check the fingerprint with the operations manager",
                    self.fingerprint.as_deref().unwrap_or("none")
                ),
            },
            None => CallError::Unreachable(unreachable(err)),
        }
    }

    fn send(&self, request: RequestBuilder) -> Result<reqwest::blocking::Response, CallError> {
        let response = request.send().map_err(|e| self.failed(&e))?;
        if response.status().is_success() {
            return Ok(response);
        }
        let status = response.status();
        match response.json::<serde_json::Value>() {
            Ok(body) if body["code"].is_string() => Err(CallError::Refused {
                code: body["code"].as_str().unwrap_or_default().to_string(),
                message: body["message"].as_str().unwrap_or_default().to_string(),
            }),
            _ => Err(CallError::Unreachable(format!("the marketplace answered {status}"))),
        }
    }

    fn json<T: DeserializeOwned>(&self, request: RequestBuilder) -> Result<T, CallError> {
        self.send(request)?.json().map_err(|e| CallError::Unreachable(format!("a broken answer: {e}")))
    }
}

/// Why a call got no answer, without the URL (it may carry nothing secret, but says little).
fn unreachable(err: &reqwest::Error) -> String {
    if err.is_connect() {
        "no connection to the marketplace".into()
    } else if err.is_timeout() {
        "the marketplace did not answer in time".into()
    } else {
        "the connection to the marketplace broke".into()
    }
}

impl Marketplace for Http {
    fn enrol(&self, code: &str, device_name: &str) -> Result<Welcome, CallError> {
        let body = serde_json::json!({ "code": code, "device_name": device_name });
        self.json(self.client.post(format!("{}/v1/enrol", self.base)).json(&body))
    }

    fn push(&self, token: &str, request: &PushRequest) -> Result<Pushed, CallError> {
        self.json(self.client.post(format!("{}/v1/push", self.base)).bearer_auth(token).json(request))
    }

    fn pull(&self, token: &str, cursor: i64, limit: u32) -> Result<Pulled, CallError> {
        let url = format!("{}/v1/pull?cursor={cursor}&limit={limit}", self.base);
        self.json(self.client.get(url).bearer_auth(token))
    }

    fn file(&self, token: &str, sha256: &str) -> Result<Vec<u8>, CallError> {
        let response = self.send(self.client.get(format!("{}/v1/files/{sha256}", self.base)).bearer_auth(token))?;
        response.bytes().map(|b| b.to_vec()).map_err(|e| CallError::Unreachable(format!("a broken answer: {e}")))
    }

    fn received(&self, token: &str, sha256: &str) -> Result<Received, CallError> {
        self.json(self.client.get(format!("{}/v1/uploads/{sha256}", self.base)).bearer_auth(token))
    }

    fn upload(&self, token: &str, sha256: &str, size: u64, offset: u64, part: &[u8]) -> Result<Received, CallError> {
        let url = format!("{}/v1/uploads/{sha256}?size={size}&offset={offset}", self.base);
        self.json(self.client.put(url).bearer_auth(token).body(part.to_vec()))
    }
}

impl Http {
    /// Whether anything listens at the marketplace's address, found within `within` without a
    /// call: the app looks before it takes its store for a round, so that a silent address
    /// never keeps the seller's screens waiting on the store.
    pub fn reachable(&self, within: Duration) -> Result<(), CallError> {
        let url =
            reqwest::Url::parse(&self.base).map_err(|e| CallError::Unreachable(format!("a wrong address: {e}")))?;
        let addresses = url
            .socket_addrs(|| None)
            .map_err(|_| CallError::Unreachable("the marketplace's address cannot be resolved".into()))?;
        for address in addresses {
            if std::net::TcpStream::connect_timeout(&address, within).is_ok() {
                return Ok(());
            }
        }
        Err(CallError::Unreachable("no connection to the marketplace".into()))
    }
}
