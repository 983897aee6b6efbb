//! `kg supervision` and `kg appeals`: service supervision for the buyer, the seller and the
//! operations manager, over the same core as the app (`unsubscribe.rs` and `messages.rs` use
//! the same helpers).
//!
//! Every command first fires the timers due by the store's time (completions, refunds, hourly
//! billing), as the app does before it shows a flow. Every action is applied as whom the app
//! acts as (`kg role`), under an operation id: the one given with `--operation-id`, else a new
//! one, printed with the record, so that running the same command with that id again changes
//! nothing and prints the same record. Files are read before anything is written, and a SaaS
//! initial password comes from standard input only and is never printed.

use std::io::{self, BufRead};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use koogallery_core::clock::SystemClock;
use koogallery_core::orders::Services;
use koogallery_core::scheduler;
use koogallery_core::store::secrets::Secret;
use koogallery_core::supervision::unsubscribe::{RequestStatus, UnsubscriptionRequest};
use koogallery_core::supervision::{
    self, export, view, Action, AppAccess, Applied, AttachmentInfo, ChainReport, Delivery, FlowDetail, FlowQuery,
    FlowState, FlowSummary, OperationDetails, OperationRecord, Ruling, Step, Upload,
};
use koogallery_core::{CoreError, Store};
use serde::Serialize;

use crate::args::supervision::{AppealsCommand, DeliverArgs, FlowFilter, OperationArg, Side, SupervisionCommand};
use crate::output::{count, instant, table, truncate, Output, Zone};
use crate::Failure;

pub(super) const NAME_WIDTH: usize = 32;

/// Fires what is due by the store's time, so that what is read or acted on is current.
pub(super) fn catch_up(store: &mut Store) -> Result<(), Failure> {
    scheduler::catch_up(store, &Services::system())?;
    Ok(())
}

pub(super) fn now(store: &Store) -> Result<DateTime<Utc>, Failure> {
    Ok(store.clock(&SystemClock)?.now)
}

/// Applies `action` to the flow of order `order` as whom the app acts as, and prints its record.
pub(super) fn apply(
    store: &mut Store,
    order: u32,
    operation: OperationArg,
    action: Action,
    out: &Output,
) -> Result<(), Failure> {
    catch_up(store)?;
    let applied = koogallery_core::sync::act(store, &Services::system(), order, operation.operation_id, action)?;
    out.show(&applied, || applied_text(&applied, out.zone()))?;
    Ok(())
}

/// Files named on the command line, as uploads under their own names. `what` names them in a
/// refusal, as the core does ("proof", "records").
pub(super) fn uploads(paths: &[PathBuf], what: &str) -> Result<Vec<Upload>, Failure> {
    paths
        .iter()
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .ok_or_else(|| CoreError::invalid(format!("{what}: {} is not a file", path.display())))?;
            let bytes = std::fs::read(path)
                .map_err(|e| CoreError::invalid(format!("{what}: cannot read {}: {e}", path.display())))?;
            Ok(Upload::from_bytes(name, &bytes))
        })
        .collect()
}

/// The first line of standard input, without its line ending: the initial password.
fn read_password() -> Result<Secret, Failure> {
    let mut line = String::new();
    io::stdin().lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\n', '\r']).to_string();
    if password.is_empty() {
        return Err(CoreError::invalid(
            "initial password: type the application account's initial password on standard input \
             (e.g. from a password manager or `read -s`)",
        )
        .into());
    }
    Ok(Secret::new(password))
}

fn delivery(args: &DeliverArgs) -> Result<Delivery, Failure> {
    let proof = uploads(&args.proof, "proof")?;
    let app = match &args.app_user {
        None => None,
        Some(user) => Some(AppAccess {
            user_name: user.clone(),
            initial_password: read_password()?,
            management_url: args.management_url.clone().unwrap_or_default(),
            front_end_url: args.frontend_url.clone().unwrap_or_default(),
        }),
    };
    Ok(Delivery { remark: args.remark.clone(), proof, enabled_at: args.enabled_at.map(instant), app })
}

pub fn supervision(store: &mut Store, command: SupervisionCommand, out: &Output) -> Result<(), Failure> {
    match command {
        SupervisionCommand::List(filter) => {
            catch_up(store)?;
            let list = view::list(store.conn(), &query(filter))?;
            out.show(&list, || flows_text(&list, out.zone()))?;
        }
        SupervisionCommand::Show { order } => {
            catch_up(store)?;
            let detail = view::show(store.conn(), order, now(store)?)?;
            out.show(&detail, || detail_text(&detail, out.zone()))?;
        }
        SupervisionCommand::Verify { order } => {
            catch_up(store)?;
            // Only a party to the flow may read it.
            view::show(store.conn(), order, now(store)?)?;
            let report = supervision::verify(store.conn(), order)?;
            out.show(&report, || chain_text(&report))?;
            if !report.intact {
                return Err(Failure::Reported);
            }
        }
        SupervisionCommand::Export { order, output } => {
            catch_up(store)?;
            let path = export::export(store.conn(), order, &output, now(store)?)?;
            let saved = Saved { order_id: order, path: &path };
            out.show(&saved, || format!("Saved the case file of order {order} to {}", path.display()))?;
        }
        SupervisionCommand::Queue => {
            catch_up(store)?;
            let list = view::seller_queue(store.conn())?;
            out.show(&list, || flows_text(&list, out.zone()))?;
        }
        SupervisionCommand::Request { order, text, operation } => {
            apply(store, order, operation, Action::SubmitRequest { text }, out)?
        }
        SupervisionCommand::Remind { order, operation } => apply(store, order, operation, Action::Remind, out)?,
        SupervisionCommand::Accept { order, operation } => apply(store, order, operation, Action::AcceptDelivery, out)?,
        SupervisionCommand::Reject { order, reason, operation } => {
            apply(store, order, operation, Action::RejectDelivery { reason }, out)?
        }
        SupervisionCommand::Appeal { order, reason, proof, operation } => {
            let proof = uploads(&proof, "proof")?;
            apply(store, order, operation, Action::Appeal { reason, proof }, out)?
        }
        SupervisionCommand::AcceptRequest { order, remark, operation } => {
            apply(store, order, operation, Action::AcceptRequest { remark }, out)?
        }
        SupervisionCommand::RejectRequest { order, reason, operation } => {
            apply(store, order, operation, Action::RejectRequest { reason }, out)?
        }
        SupervisionCommand::Deliver(args) => {
            let delivery = delivery(&args)?;
            apply(store, args.order, args.operation, Action::Deliver(delivery), out)?
        }
    }
    Ok(())
}

fn query(filter: FlowFilter) -> FlowQuery {
    FlowQuery { order_id: filter.order, product: filter.product, state: filter.state, from: filter.from, to: filter.to }
}

/// Where a file was written.
#[derive(Serialize)]
struct Saved<'a> {
    order_id: u32,
    path: &'a Path,
}

pub fn appeals(store: &mut Store, command: AppealsCommand, out: &Output) -> Result<(), Failure> {
    match command {
        AppealsCommand::List => {
            catch_up(store)?;
            let list = view::appeals(store.conn())?;
            out.show(&list, || appeals_text(&list, out.zone()))?;
        }
        AppealsCommand::Settle { order, side, refund, complete, decision, operation } => {
            let ruling = match side {
                Side::Buyer if complete => {
                    return Err(CoreError::invalid(
                        "complete: only a decision for the seller completes the flow (--for seller --complete)",
                    )
                    .into())
                }
                Side::Buyer => Ruling::Buyer { refund },
                Side::Seller if refund.is_some() => {
                    return Err(CoreError::invalid(
                        "refund: only a decision for the buyer refunds (--for buyer --refund AMOUNT)",
                    )
                    .into())
                }
                Side::Seller => Ruling::Seller { complete },
            };
            apply(store, order, operation, Action::Settle { ruling, decision }, out)?
        }
    }
    Ok(())
}

/// "812 bytes", "3.4 KiB", "1.2 MiB".
fn size(bytes: u32) -> String {
    match bytes {
        0..1024 => format!("{bytes} bytes"),
        1024..1_048_576 => format!("{:.1} KiB", f64::from(bytes) / 1024.0),
        _ => format!("{:.1} MiB", f64::from(bytes) / 1_048_576.0),
    }
}

pub(super) fn files_text(files: &[AttachmentInfo]) -> String {
    files.iter().map(|f| format!("{} ({})", f.name, size(f.size))).collect::<Vec<_>>().join(", ")
}

/// What an operation's details say, in words.
fn details_words(d: &OperationDetails, zone: Zone) -> Vec<String> {
    let mut words = Vec::new();
    if let Some(at) = &d.enabled_at {
        words.push(format!("enabled at {}", zone.at(at)));
    }
    if let Some(user) = &d.app_user_name {
        words.push(format!("application user {user}"));
    }
    if let Some(url) = &d.management_url {
        words.push(format!("management {url}"));
    }
    if let Some(url) = &d.front_end_url {
        words.push(format!("front end {url}"));
    }
    if let Some(id) = d.unsubscription_id {
        words.push(format!("unsubscription request {id}"));
    }
    if let Some(amount) = &d.amount {
        words.push(format!("refund asked {amount}"));
    }
    if d.share_contact == Some(true) {
        words.push("contact shared".to_string());
    }
    if let Some(ruling) = &d.ruling {
        words.push(format!("ruling {ruling}"));
    }
    if let Some(refund) = &d.refund {
        words.push(format!("refund {refund}"));
    }
    if let Some(at) = &d.refund_due_at {
        words.push(format!("refund due at {}", zone.at(at)));
    }
    if let Some(at) = &d.completes_at {
        words.push(format!("completes at {}", zone.at(at)));
    }
    if let (Some(from), Some(until)) = (&d.valid_from, &d.valid_until) {
        words.push(format!("valid {} to {}", zone.at(from), zone.at(until)));
    }
    words
}

fn applied_text(applied: &Applied, zone: Zone) -> String {
    let r = &applied.record;
    let mut lines = vec![
        format!("Order {}: {}, by {} ({}), at {}", r.order_id, r.title, r.actor_name, r.actor_role, zone.at(&r.at)),
        format!("Flow:      {} ({})", r.state_after.title(), r.state_after),
    ];
    if let Some(remark) = &r.remark {
        lines.push(format!("Remark:    {remark}"));
    }
    let details = details_words(&r.details, zone);
    if !details.is_empty() {
        lines.push(format!("Details:   {}", details.join("; ")));
    }
    if !r.attachments.is_empty() {
        lines.push(format!("Files:     {}", files_text(&r.attachments)));
    }
    lines.push(format!("Operation: {} (record {})", r.id, r.position));
    if applied.repeated {
        lines.push("Already applied under this operation id: nothing changed.".to_string());
    }
    lines.join("\n")
}

/// A flow's due time in words: "appeal possible from …", "completes at …".
fn due(f: &FlowSummary, zone: Zone) -> String {
    match (&f.due_label, &f.due_at) {
        (Some(label), Some(at)) => format!("{} {}", label.to_lowercase(), zone.at(at)),
        _ => String::new(),
    }
}

fn flows_text(list: &[FlowSummary], zone: Zone) -> String {
    if list.is_empty() {
        return "No service flows.".to_string();
    }
    let mut rows = vec![["ORDER", "STEP", "PRODUCT", "BUYER", "SELLER", "DUE"].map(String::from).to_vec()];
    rows.extend(list.iter().map(|f| {
        vec![
            f.order_id.to_string(),
            f.step.clone(),
            truncate(&f.product_name, NAME_WIDTH),
            truncate(&f.buyer_name, 24),
            truncate(&f.seller_name, 24),
            due(f, zone),
        ]
    }));
    let mut lines = table(&rows);
    lines.push(count(list.len() as u32, "flow"));
    lines.join("\n")
}

fn appeals_text(list: &[FlowSummary], zone: Zone) -> String {
    if list.is_empty() {
        return "No open appeals.".to_string();
    }
    let mut rows = vec![["ORDER", "OPENED", "BY", "PRODUCT", "BUYER", "SELLER", "PAID"].map(String::from).to_vec()];
    rows.extend(list.iter().map(|f| {
        vec![
            f.order_id.to_string(),
            zone.at_or(f.appeal_opened_at.as_deref(), ""),
            f.appellant.clone().unwrap_or_default(),
            truncate(&f.product_name, NAME_WIDTH),
            truncate(&f.buyer_name, 24),
            truncate(&f.seller_name, 24),
            f.amount.clone(),
        ]
    }));
    let mut lines = table(&rows);
    lines.push(count(list.len() as u32, "open appeal"));
    lines.join("\n")
}

/// The command that takes a step on order `order`.
fn command_for(step: Step, order: u32) -> String {
    match step {
        Step::SubmitRequest => format!("kg supervision request {order} --text TEXT"),
        Step::Remind => format!("kg supervision remind {order}"),
        Step::AcceptDelivery => format!("kg supervision accept {order}"),
        Step::RejectDelivery => format!("kg supervision reject {order} --reason TEXT"),
        Step::Appeal => format!("kg supervision appeal {order} --reason TEXT [--proof FILE]"),
        Step::RequestUnsubscription => format!("kg unsubscribe request {order} --amount AMOUNT --reason TEXT"),
        Step::AcceptRequest => format!("kg supervision accept-request {order}"),
        Step::RejectRequest => format!("kg supervision reject-request {order} --reason TEXT"),
        Step::Deliver => format!("kg supervision deliver {order} --proof FILE"),
        Step::ApproveUnsubscription | Step::RejectUnsubscription => {
            "kg unsubscribe review REQUEST --approve|--reject --comment TEXT".to_string()
        }
        Step::SettleForBuyer => format!("kg appeals settle {order} --for buyer --decision TEXT"),
        Step::SettleResume => format!("kg appeals settle {order} --for seller --decision TEXT"),
        Step::SettleComplete => format!("kg appeals settle {order} --for seller --complete --decision TEXT"),
    }
}

/// The timeline: one line per record (position, time, actor, title, remark), its details and
/// files with their sizes beneath.
fn timeline(records: &[OperationRecord], zone: Zone) -> Vec<String> {
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|r| {
            let what = match &r.remark {
                Some(remark) => format!("{}: {remark}", r.title),
                None => r.title.clone(),
            };
            vec![format!("{}.", r.position), zone.at(&r.at), format!("{} ({})", r.actor_name, r.actor_role), what]
        })
        .collect();
    let mut lines = Vec::new();
    for (line, r) in table(&rows).into_iter().zip(records) {
        lines.push(format!("  {line}"));
        let details = details_words(&r.details, zone);
        if !details.is_empty() {
            lines.push(format!("       {}", details.join("; ")));
        }
        for f in &r.attachments {
            lines.push(format!("       file {} ({}, {})", f.name, size(f.size), f.mime));
        }
    }
    lines
}

fn detail_text(d: &FlowDetail, zone: Zone) -> String {
    let s = &d.summary;
    let mut lines = vec![
        format!("Order {}: {} ({}, {})", s.order_id, s.product_name, s.product_id, s.delivery.label()),
        format!("Buyer:  {} · Seller: {}", s.buyer_name, s.seller_name),
        format!("Paid:   {} at {}; the order is {}", s.amount, zone.at(&s.paid_at), s.order_status),
        format!("Step:   {} ({}). Next: {}", s.step, s.state, zone.words(&s.next)),
    ];
    let due = due(s, zone);
    if !due.is_empty() {
        lines.push(format!("Due:    {due}"));
    }
    if let (Some(from), Some(until)) = (&d.valid_from, &d.valid_until) {
        lines.push(format!("Valid:  {} to {}", zone.at(from), zone.at(until)));
    }
    if d.request_rejections + d.delivery_rejections > 0 {
        lines.push(format!(
            "Rejections: {} of the request, {} of the delivery",
            d.request_rejections, d.delivery_rejections
        ));
    }
    if let Some(template) = d.request_template.as_deref().filter(|_| s.state == FlowState::AwaitingRequest) {
        lines.push(format!("Request template: {template}"));
    }
    lines.push("Timeline:".to_string());
    lines.extend(timeline(&d.records, zone));
    for u in &d.unsubscriptions {
        lines.push(format!("Unsubscription request {}: {}, {} of {} paid", u.id, status(u), u.amount, u.paid));
    }
    let possible: Vec<&Step> = d.steps.iter().filter(|s| s.possible).map(|s| &s.step).collect();
    if possible.is_empty() {
        lines.push("Nothing for you to do on this flow now.".to_string());
    } else {
        lines.push("You can:".to_string());
        lines.extend(possible.into_iter().map(|step| format!("  {}", command_for(*step, s.order_id))));
    }
    lines.push(chain_text(&d.chain));
    lines.join("\n")
}

fn chain_text(c: &ChainReport) -> String {
    let mut text = format!(
        "Records of order {}: {}, {}, {}; head {}",
        c.order_id,
        count(c.records, "record"),
        count(c.files, "file"),
        if c.intact { "intact" } else { "BROKEN" },
        c.head
    );
    for problem in &c.problems {
        text.push_str(&format!("\n  {problem}"));
    }
    text
}

pub(super) fn status(u: &UnsubscriptionRequest) -> &'static str {
    match u.status {
        RequestStatus::Pending => "pending",
        RequestStatus::Approved => "approved",
        RequestStatus::Rejected => "rejected",
        RequestStatus::Refunded => "refunded",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_short_and_readable() {
        assert_eq!(size(812), "812 bytes");
        assert_eq!(size(3_482), "3.4 KiB");
        assert_eq!(size(1_258_291), "1.2 MiB");
    }

    #[test]
    fn a_file_that_cannot_be_read_is_a_bad_argument() {
        let Err(Failure::Core(err)) = uploads(&[PathBuf::from("/no/such/proof.pdf")], "proof") else {
            panic!("read a file that is not there")
        };
        assert_eq!(err.code(), koogallery_core::ErrorCode::InvalidInput);
        assert!(err.to_string().starts_with("proof: cannot read /no/such/proof.pdf"), "{err}");
    }
}
