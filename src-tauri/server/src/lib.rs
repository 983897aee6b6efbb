//! The marketplace over HTTP for sellers' laptops (DOMAIN.md section 11, R-SYNC): `serve`
//! answers a laptop's calls with the core's `sync::Served`, and `client` is the laptop's side,
//! a `sync::Marketplace` over HTTP. Both speak the same small API:
//!
//! | call | request | answer |
//! | --- | --- | --- |
//! | `POST /v1/enrol` | `{code, device_name}` | `Welcome` |
//! | `POST /v1/push` | `PushRequest` | `Pushed` |
//! | `GET /v1/pull?cursor=N&limit=M` | | `Pulled` |
//! | `GET /v1/files/{sha256}` | | the file's bytes |
//! | `GET /v1/uploads/{sha256}` | | `Received` |
//! | `PUT /v1/uploads/{sha256}?size=S&offset=O` | a part's bytes | `Received` |
//!
//! Every call but enrolment carries `Authorization: Bearer <device token>`. A refusal is
//! `{code, message}` with a status that says its kind; the token never appears in a log.
//!
//! On loopback the API may be plain HTTP; anywhere else it is HTTPS only, with the
//! marketplace's own certificate (`tls`) that each laptop pins at enrolment (`pin`).

pub mod client;
mod pin;
pub mod serve;
pub mod tls;

/// The most one request may carry: a part of a file (1 MiB) or a push, with room to spare.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
