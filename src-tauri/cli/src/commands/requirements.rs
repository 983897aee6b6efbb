//! `kg requirements`: sending a product requirement and reading back those sent.

use koogallery_core::clock::Clock;
use koogallery_core::requirements::{self, Requirement, RequirementForm};
use koogallery_core::Store;

use crate::args::catalog::RequirementsCommand;
use crate::output::{count, table, truncate, Output, Zone};
use crate::Failure;

const REQUIREMENT_WIDTH: usize = 50;

pub fn run(store: &mut Store, clock: &dyn Clock, command: RequirementsCommand, out: &Output) -> Result<(), Failure> {
    match command {
        RequirementsCommand::Submit(args) => {
            let form = RequirementForm {
                requirement: args.requirement,
                company: args.company,
                contact: args.contact,
                phone: args.phone,
                email: args.email,
                search_text: args.search_text,
            };
            let kept = requirements::submit(store, clock, &form)?;
            out.show(&kept, || {
                format!(
                    "Requirement {} sent for {} ({}); the marketplace will contact {}",
                    kept.id, kept.company, kept.contact, kept.email
                )
            })?;
        }
        RequirementsCommand::List => {
            let list = requirements::list(store.conn())?;
            out.show(&list, || listing(&list, out.zone()))?;
        }
    }
    Ok(())
}

fn listing(list: &[Requirement], zone: Zone) -> String {
    if list.is_empty() {
        return "No requirements sent yet.".to_string();
    }
    let mut rows = vec![["ID", "SUBMITTED", "COMPANY", "CONTACT", "REQUIREMENT"].map(String::from).to_vec()];
    rows.extend(list.iter().map(|r| {
        vec![
            r.id.to_string(),
            zone.at(&r.submitted_at),
            r.company.clone(),
            format!("{} <{}>", r.contact, r.email),
            truncate(&r.requirement.replace(['\n', '\r'], " "), REQUIREMENT_WIDTH),
        ]
    }));
    let mut lines = table(&rows);
    lines.push(count(list.len() as u32, "requirement"));
    lines.join("\n")
}
