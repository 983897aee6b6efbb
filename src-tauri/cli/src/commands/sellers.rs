//! `kg seller`: enrolling sellers' laptops with the marketplace (R-SYNC-5), as the operations
//! manager does from its screens.

use koogallery_core::orders::Services;
use koogallery_core::sync::{self, Device};
use koogallery_core::Store;

use crate::args::{SellerCommand, SyncCommand};
use crate::output::{count, table, Output};
use crate::Failure;

pub fn seller(store: &mut Store, command: SellerCommand, out: &Output) -> Result<(), Failure> {
    match command {
        SellerCommand::Enrol { seller } => {
            let code = sync::issue_code(store, &Services::system(), &seller)?;
            out.show(&code, || {
                format!(
                    "Enrolment code for {}: {}\nValid once, until {}: type it on the seller's laptop as it connects to the marketplace.",
                    code.seller_id, code.code, code.expires_at
                )
            })?;
        }
        SellerCommand::Devices { seller } => {
            let devices = sync::devices(store.conn(), seller.as_deref())?;
            out.show(&devices, || devices_text(&devices))?;
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

fn devices_text(devices: &[Device]) -> String {
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
            d.enrolled_at.clone(),
            d.last_seq.to_string(),
            d.last_seen_at.clone().unwrap_or_else(|| "—".into()),
            d.revoked_at.clone().unwrap_or_else(|| "—".into()),
        ]);
    }
    table(&rows).join("\n")
}

/// Runs the marketplace server until the process is stopped.
pub fn serve(store: Store, listen: std::net::SocketAddr, out: &Output) -> Result<(), Failure> {
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|source| koogallery_core::CoreError::Io { context: "cannot start the server".into(), source })?;
    runtime.block_on(koogallery_server::serve::serve(store, listen, |bound| {
        let line = serde_json::json!({ "listening": format!("http://{bound}") });
        // The address goes out at once: a script starting the server waits for it.
        let _ = out.line(&line, || format!("Serving the marketplace at http://{bound} (stop with Ctrl+C)"));
    }))?;
    Ok(())
}

/// Makes the data file a seller's copy of the marketplace at `address`, then syncs it once.
pub fn connect(store: &mut Store, address: &str, code: &str, name: &str, out: &Output) -> Result<(), Failure> {
    let marketplace = koogallery_server::client::Http::new(address).map_err(sync_failure)?;
    let link = sync::connect(store, &Services::system(), &marketplace, address, None, code, name)?;
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

fn sync_failure(err: sync::CallError) -> Failure {
    koogallery_core::CoreError::Io { context: "the marketplace".into(), source: std::io::Error::other(err.to_string()) }
        .into()
}

/// `kg sync`: one round, its status, or the conflicts.
pub fn sync(store: &mut Store, command: Option<SyncCommand>, out: &Output) -> Result<(), Failure> {
    let link = sync::link(store.conn())?;
    match command {
        None => {
            let marketplace = koogallery_server::client::Http::new(&link.address).map_err(sync_failure)?;
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
                    "A copy of {} for {} (device {}).\nLast synced: {}\nWaiting to sync: {}\nConflicts: {}{}",
                    link.address,
                    link.seller_id,
                    link.device_id,
                    link.last_synced_at.as_deref().unwrap_or("never"),
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
                            c.made_at,
                            c.state,
                            c.message.as_deref().unwrap_or_default()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })?;
        }
    }
    Ok(())
}
