//! `kg seller`: enrolling sellers' laptops with the marketplace (R-SYNC-5), as the operations
//! manager does from its screens.

use koogallery_core::orders::Services;
use koogallery_core::sync::{self, Device};
use koogallery_core::Store;

use crate::args::SellerCommand;
use crate::output::{table, Output};
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
