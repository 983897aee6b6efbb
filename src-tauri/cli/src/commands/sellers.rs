//! `kg seller`: a seller's page (R-AFT-2), and enrolling sellers' laptops with the marketplace
//! (R-SYNC-5), as the operations manager does from its screens.

use koogallery_core::catalog::{self, seller::SellerPage};
use koogallery_core::orders::Services;
use std::path::Path;

use koogallery_core::sync::{self, CallError, Device, EnrolmentCode, ServedAt};
use koogallery_core::{CoreError, Store};
use koogallery_server::client::Http;
use koogallery_server::serve::{Listening, Transport};

use super::catalog::products_table;
use crate::args::sellers::{SellerCommand, SyncCommand};
use crate::output::{count, table, Output, Zone};
use crate::Failure;

/// Who the seller is and how its support is reached, then its products as a search lists them.
fn page_text(page: &SellerPage) -> String {
    let seller = &page.seller;
    let mut lines = vec![format!("{} ({})", seller.name, seller.id)];
    let mut contact = vec![seller.email.as_str(), seller.phone.as_str()];
    contact.extend(seller.website.as_deref());
    lines.push(format!("Contact:  {}", contact.join(" · ")));
    lines.push(format!("Support:  {} (after-sales support is the seller's)", page.support_hours));
    lines.push(String::new());
    lines.extend(products_table(&page.products));
    lines.push(format!("{} of {}", page.products.len(), count(page.product_count, "product")));
    lines.join("\n")
}

pub fn seller(store: &mut Store, command: SellerCommand, out: &Output) -> Result<(), Failure> {
    match command {
        SellerCommand::Show { seller } => {
            let page = catalog::seller::show(store.conn(), &seller)?;
            out.show(&page, || page_text(&page))?;
        }
        SellerCommand::Enrol { seller } => {
            let code = sync::issue_code(store, &Services::system(), &seller)?;
            let served = sync::served_at(store.conn())?;
            let answer = serde_json::json!({
                "code": code.code,
                "seller_id": code.seller_id,
                "expires_at": code.expires_at,
                "address": served.as_ref().map(|s| &s.address),
                "fingerprint": served.as_ref().and_then(|s| s.fingerprint.as_ref()),
            });
            out.show(&answer, || enrolment_text(&code, served.as_ref(), out.zone()))?;
        }
        SellerCommand::Devices { seller } => {
            let devices = sync::devices(store.conn(), seller.as_deref())?;
            out.show(&devices, || devices_text(&devices, out.zone()))?;
        }
        SellerCommand::Revoke { device } => {
            let device = sync::revoke(store, &Services::system(), device)?;
            out.show(&device, || {
                format!("Device {} ({}) of {} is revoked.", device.id, device.name, device.seller_id)
            })?;
        }
    }
    Ok(())
}

/// The code, and what the laptop types with it to connect.
fn enrolment_text(code: &EnrolmentCode, served: Option<&ServedAt>, zone: Zone) -> String {
    let mut text = format!(
        "Enrolment code for {}: {}\nValid once, until {}: type it on the seller's laptop as it connects to the marketplace.",
        code.seller_id,
        code.code,
        zone.at(&code.expires_at)
    );
    match served {
        None => text.push_str(
            "\nThe marketplace has not been served yet: start it with kg serve --listen 0.0.0.0:8765, which prints \
             the address and the certificate's fingerprint to give with the code.",
        ),
        Some(ServedAt { address, fingerprint: Some(fingerprint) }) => text.push_str(&format!(
            "\nMarketplace: {address} (where kg serve last listened)\nFingerprint: {fingerprint}\nOn the laptop: kg \
             connect {address} --code {} --fingerprint {fingerprint}",
            code.code
        )),
        Some(ServedAt { address, fingerprint: None }) => text.push_str(&format!(
            "\nMarketplace: {address}, on this computer only: to reach laptops elsewhere, serve it with kg serve \
             --listen 0.0.0.0:8765 (HTTPS, with a fingerprint to give with the code)."
        )),
    }
    text
}

fn devices_text(devices: &[Device], zone: Zone) -> String {
    if devices.is_empty() {
        return "No laptop is enrolled. Enrol one with: kg seller enrol SELLER".to_string();
    }
    let mut rows =
        vec![["ID", "SELLER", "NAME", "ENROLLED", "LAST OPERATION", "LAST SEEN", "REVOKED"].map(String::from).to_vec()];
    for d in devices {
        rows.push(vec![
            d.id.to_string(),
            d.seller_id.clone(),
            d.name.clone(),
            zone.at(&d.enrolled_at),
            d.last_seq.to_string(),
            zone.at_or(d.last_seen_at.as_deref(), "—"),
            zone.at_or(d.revoked_at.as_deref(), "—"),
        ]);
    }
    table(&rows).join("\n")
}

/// Runs the marketplace server until the process is stopped.
pub fn serve(db: &Path, listen: std::net::SocketAddr, tls: bool, out: &Output) -> Result<(), Failure> {
    let transport = Transport::for_listen(db, listen, tls)?;
    let store = Store::open(db)?;
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|source| CoreError::Io { context: "cannot start the server".into(), source })?;
    runtime.block_on(koogallery_server::serve::serve(store, listen, transport, |listening| {
        let line = serde_json::json!({ "listening": listening.address, "fingerprint": listening.fingerprint });
        // The address goes out at once: a script starting the server waits for it.
        let _ = out.line(&line, || listening_text(listening));
    }))?;
    Ok(())
}

fn listening_text(listening: &Listening) -> String {
    let mut text = format!("Serving the marketplace at {} (stop with Ctrl+C)", listening.address);
    if let Some(fingerprint) = &listening.fingerprint {
        text.push_str(&format!(
            "\nCertificate fingerprint: {fingerprint}\nLaptops pin it as they connect: kg seller enrol SELLER prints \
             it with the code."
        ));
    }
    text
}

/// Makes the data file a seller's copy of the marketplace at `address`, then syncs it once.
pub fn connect(
    store: &mut Store,
    address: &str,
    fingerprint: Option<&str>,
    code: &str,
    name: &str,
    out: &Output,
) -> Result<(), Failure> {
    let marketplace = Http::new(address, fingerprint).map_err(sync_failure)?;
    let link = sync::connect(store, &Services::system(), &marketplace, address, marketplace.fingerprint(), code, name)?;
    let round = sync::sync_once(store, &Services::system(), &marketplace)?;
    let answer = serde_json::json!({ "link": link, "round": round });
    out.show(&answer, || {
        format!(
            "This data file is now a copy of {} for the seller {} (device {}): {} pulled.",
            link.address,
            link.seller_id,
            link.device_id,
            count(round.pulled, "flow")
        )
    })?;
    Ok(())
}

/// A client that could not be made: an address or fingerprint the person must correct.
fn sync_failure(err: CallError) -> Failure {
    match err {
        CallError::Refused { message, .. } => CoreError::invalid(message).into(),
        CallError::Unreachable(why) => {
            CoreError::Io { context: "the marketplace".into(), source: std::io::Error::other(why) }.into()
        }
    }
}

/// `kg sync`: one round, its status, or the conflicts.
pub fn sync(store: &mut Store, command: Option<SyncCommand>, out: &Output) -> Result<(), Failure> {
    let link = sync::link(store.conn())?;
    match command {
        None => {
            let marketplace = Http::new(&link.address, link.fingerprint.as_deref()).map_err(sync_failure)?;
            let round = sync::sync_once(store, &Services::system(), &marketplace)?;
            out.show(&round, || match &round.unreachable {
                Some(why) => format!("Offline: {why}. {} actions wait; they go at the next sync.", round.waiting),
                None => format!(
                    "Synced: {} applied, {} refused, {} withdrawn with them, {} pulled; {} waiting.",
                    round.applied,
                    round.refused,
                    round.withdrawn,
                    count(round.pulled, "flow"),
                    round.waiting
                ),
            })?;
        }
        Some(SyncCommand::Status) => {
            let waiting = sync::waiting(store.conn())?;
            let conflicts = sync::conflicts(store.conn())?;
            let status = serde_json::json!({ "link": link, "waiting": waiting, "conflicts": conflicts.len() });
            out.show(&status, || {
                format!(
                    "A copy of {} for {} (device {}).{}\nLast synced: {}\nWaiting to sync: {}\nConflicts: {}{}",
                    link.address,
                    link.seller_id,
                    link.device_id,
                    link.fingerprint.as_deref().map(|f| format!("\nCertificate pinned: {f}")).unwrap_or_default(),
                    out.zone().at_or(link.last_synced_at.as_deref(), "never"),
                    waiting.len(),
                    conflicts.len(),
                    link.last_error.as_deref().map(|e| format!("\nLast attempt failed: {e}")).unwrap_or_default()
                )
            })?;
        }
        Some(SyncCommand::Conflicts) => {
            let conflicts = sync::conflicts(store.conn())?;
            out.show(&conflicts, || {
                if conflicts.is_empty() {
                    return "No conflicts.".to_string();
                }
                conflicts
                    .iter()
                    .map(|c| {
                        format!(
                            "order {}: {} made {} was {}: {}",
                            c.order_id,
                            c.action,
                            out.zone().at(&c.made_at),
                            c.state,
                            out.zone().words(c.message.as_deref().unwrap_or_default())
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })?;
        }
    }
    Ok(())
}
