//! A seller's laptop reaching the marketplace over HTTP: the core's `sync::Marketplace`, so
//! that `sync::connect` and `sync::sync_once` work the same over the network as in one process.
//! No answer (refused connection, timeout, a broken answer) is `Unreachable`, tried again
//! later; a `{code, message}` answer is the marketplace's refusal.

use std::time::Duration;

use koogallery_core::sync::{CallError, Marketplace, Pulled, PushRequest, Pushed, Received, Welcome};
use reqwest::blocking::{Client, RequestBuilder};
use serde::de::DeserializeOwned;

/// The marketplace at `base` (like `http://127.0.0.1:8765`).
pub struct Http {
    base: String,
    client: Client,
}

impl Http {
    pub fn new(base: &str) -> Result<Http, CallError> {
        let client = Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| CallError::Unreachable(format!("no HTTP client: {e}")))?;
        Ok(Http { base: base.trim_end_matches('/').to_string(), client })
    }

    fn send(&self, request: RequestBuilder) -> Result<reqwest::blocking::Response, CallError> {
        let response = request.send().map_err(|e| CallError::Unreachable(unreachable(&e)))?;
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
