//! The marketplace as a seller's laptop reaches it: enrol, push, pull and fetch a file, each
//! named by the device's token. The HTTP server answers with these; a laptop in the same
//! process (tests, the simulation) calls them directly through [`Marketplace`].

use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::enrol::{authenticate, enrol, Device};
use super::files::{received, upload, Received};
use super::pull::{file, pull, Pulled};
use super::push::{push, PushRequest, Pushed};
use crate::clock::Clock;
use crate::entropy::Entropy;
use crate::orders::Services;
use crate::payments::simulated::SimulatedProvider;
use crate::{CoreError, Result, Store};

/// A seller as its laptop's copy records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerCard {
    pub id: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub support_hours: String,
}

/// What a laptop gets for its enrolment code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Welcome {
    pub token: String,
    pub device_id: u32,
    pub seller: SellerCard,
}

/// Why a call to the marketplace gave no answer to act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// No answer: the network, the marketplace down, an answer lost. Tried again later.
    Unreachable(String),
    /// The marketplace refused the call itself (a revoked device, a push out of order): final,
    /// until someone acts on it.
    Refused { code: String, message: String },
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Unreachable(why) => write!(f, "the marketplace cannot be reached: {why}"),
            CallError::Refused { message, .. } => f.write_str(message),
        }
    }
}

impl From<CoreError> for CallError {
    /// The marketplace's store failing is no answer, to try again; anything else it says is.
    fn from(err: CoreError) -> CallError {
        match err.code() {
            crate::ErrorCode::Storage => CallError::Unreachable(err.to_string()),
            code => CallError::Refused { code: code.as_str().to_string(), message: err.to_string() },
        }
    }
}

/// The marketplace's side of a laptop's calls.
pub trait Marketplace {
    fn enrol(&self, code: &str, device_name: &str) -> std::result::Result<Welcome, CallError>;
    fn push(&self, token: &str, request: &PushRequest) -> std::result::Result<Pushed, CallError>;
    fn pull(&self, token: &str, cursor: i64, limit: u32) -> std::result::Result<Pulled, CallError>;
    fn file(&self, token: &str, sha256: &str) -> std::result::Result<Vec<u8>, CallError>;
    /// How much of a file the laptop sends the marketplace has.
    fn received(&self, token: &str, sha256: &str) -> std::result::Result<Received, CallError>;
    /// A part of a file of `size` bytes, from `offset`.
    fn upload(
        &self,
        token: &str,
        sha256: &str,
        size: u64,
        offset: u64,
        part: &[u8],
    ) -> std::result::Result<Received, CallError>;
}

/// The marketplace over its store, answering a laptop's calls.
pub struct Served<C: Clock, E: Entropy> {
    pub store: Mutex<Store>,
    pub clock: C,
    pub entropy: E,
}

impl<C: Clock, E: Entropy> Served<C, E> {
    pub fn new(store: Store, clock: C, entropy: E) -> Self {
        Served { store: Mutex::new(store), clock, entropy }
    }

    fn with_store<T>(&self, work: impl FnOnce(&mut Store, &Services<'_>) -> Result<T>) -> Result<T> {
        let mut store = self.store.lock().map_err(|_| CoreError::Internal("the store's lock was poisoned".into()))?;
        let services = Services { clock: &self.clock, payments: &SimulatedProvider, entropy: &self.entropy };
        work(&mut store, &services)
    }

    fn device(store: &Store, token: &str) -> Result<Device> {
        authenticate(store.conn(), token)
    }
}

impl<C: Clock, E: Entropy> Marketplace for Served<C, E> {
    fn enrol(&self, code: &str, device_name: &str) -> std::result::Result<Welcome, CallError> {
        Ok(self.with_store(|store, services| {
            let enrolled = enrol(store, services, code, device_name)?;
            let seller = store.conn().query_row(
                "SELECT id, name, email, phone, support_hours FROM sellers WHERE id = ?1",
                [&enrolled.device.seller_id],
                |r| {
                    Ok(SellerCard {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        email: r.get(2)?,
                        phone: r.get(3)?,
                        support_hours: r.get(4)?,
                    })
                },
            )?;
            Ok(Welcome { token: enrolled.token, device_id: enrolled.device.id, seller })
        })?)
    }

    fn push(&self, token: &str, request: &PushRequest) -> std::result::Result<Pushed, CallError> {
        Ok(self.with_store(|store, services| {
            let device = Self::device(store, token)?;
            push(store, services, &device, request)
        })?)
    }

    fn pull(&self, token: &str, cursor: i64, limit: u32) -> std::result::Result<Pulled, CallError> {
        Ok(self.with_store(|store, _| pull(store.conn(), &Self::device(store, token)?, cursor, limit))?)
    }

    fn file(&self, token: &str, sha256: &str) -> std::result::Result<Vec<u8>, CallError> {
        Ok(self.with_store(|store, _| file(store.conn(), &Self::device(store, token)?, sha256))?)
    }

    fn received(&self, token: &str, sha256: &str) -> std::result::Result<Received, CallError> {
        Ok(self.with_store(|store, _| received(store.conn(), &Self::device(store, token)?, sha256))?)
    }

    fn upload(
        &self,
        token: &str,
        sha256: &str,
        size: u64,
        offset: u64,
        part: &[u8],
    ) -> std::result::Result<Received, CallError> {
        Ok(self.with_store(|store, services| {
            let device = Self::device(store, token)?;
            upload(store, services, &device, sha256, size, offset, part)
        })?)
    }
}
