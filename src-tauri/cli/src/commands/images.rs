//! `kg image`, `kg ecs`, `kg bills` and `kg agency`: provisioning images with their ECS, the
//! ECS console, hourly charges and agencies, over the same core as the app.
//!
//! Commands that read or change instances first bill what is due up to now (R-IMG-4), through
//! the one scheduler, as the app does when it starts. The login password is read from standard input only.

use std::io::{self, BufRead};

use koogallery_core::agencies::{self, Agency, AgencyToAuthorize, Purpose};
use koogallery_core::catalog::product;
use koogallery_core::clock::SystemClock;
use koogallery_core::cloud::{self, SecurityGroup, Vpc};
use koogallery_core::images::{
    self, EcsConfiguration, EcsInstance, HourlyCharge, LoginPassword, NetworkChoice, ProvisionFees, ProvisionRequest,
    ProvisionResult, SecurityGroupChoice,
};
use koogallery_core::orders::{PaymentChoice, Services};
use koogallery_core::scheduler;
use koogallery_core::{CoreError, Store};
use serde::Serialize;

use crate::args::images::{AgencyCommand, BillsCommand, EcsCommand, EcsConfigArgs, ImageCommand, ProvisionArgs};
use crate::output::{count, table, truncate, Output, Zone};
use crate::Failure;

const NAME_WIDTH: usize = 32;

/// Fires what is due up to the store's now: hourly billing, and in time order with it every
/// timer that moves money (a refund paid before an hour is billed).
fn bill_due(store: &mut Store) -> Result<(), Failure> {
    scheduler::catch_up(store, &Services::system())?;
    Ok(())
}

fn configuration(store: &Store, args: EcsConfigArgs) -> Result<EcsConfiguration, Failure> {
    let edition = match args.edition {
        Some(code) => code,
        None => product::show(store.conn(), &args.product)?
            .editions
            .first()
            .map(|e| e.code.clone())
            .ok_or_else(|| CoreError::invalid(format!("edition: {} has no edition to buy", args.product)))?,
    };
    Ok(EcsConfiguration {
        product_id: args.product,
        edition,
        billing: args.billing,
        period: args.period,
        duration: args.duration,
        quantity: args.quantity,
        flavour: args.flavour,
        eip_bandwidth_mbps: args.eip,
    })
}

/// The first line of standard input, without its line ending.
fn read_password() -> Result<LoginPassword, Failure> {
    let mut line = String::new();
    io::stdin().lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\n', '\r']).to_string();
    if password.is_empty() {
        return Err(CoreError::invalid(
            "password: type the ECS login password on standard input (e.g. from a password manager or `read -s`)",
        )
        .into());
    }
    Ok(LoginPassword::new(password))
}

fn request(store: &Store, args: ProvisionArgs) -> Result<ProvisionRequest, Failure> {
    let network = match (args.vpc, args.new_vpc_name, args.new_vpc_cidr) {
        (Some(vpc_id), _, _) => {
            let subnet_id = match args.subnet {
                Some(id) => id,
                None => cloud::vpcs(store.conn())?
                    .into_iter()
                    .find(|v| v.id == vpc_id)
                    .and_then(|v| v.subnets.first().map(|s| s.id))
                    .ok_or_else(|| CoreError::invalid(format!("network: this account has no VPC {vpc_id}")))?,
            };
            NetworkChoice::Existing { vpc_id, subnet_id }
        }
        (None, Some(vpc_name), Some(vpc_cidr)) => {
            NetworkChoice::New { vpc_name, vpc_cidr, subnet_cidr: args.new_subnet_cidr }
        }
        _ => {
            return Err(CoreError::invalid(
                "network: choose a VPC with --vpc ID, or create one with --new-vpc-name and --new-vpc-cidr",
            )
            .into())
        }
    };
    let security_group = match (args.security_group, args.new_security_group) {
        (Some(security_group_id), _) => SecurityGroupChoice::Existing { security_group_id },
        (None, Some(name)) => SecurityGroupChoice::New { name, ports: args.ports },
        (None, None) => SecurityGroupChoice::Recommended,
    };
    let payment = match (args.card, args.credit) {
        (Some(card_id), _) => Some(PaymentChoice::Card { card_id }),
        (None, true) => Some(PaymentChoice::Credit),
        (None, false) => None,
    };
    let configuration = configuration(store, args.configuration)?;
    Ok(ProvisionRequest {
        mode: args.mode,
        configuration,
        network,
        security_group,
        name: args.name,
        password: read_password()?,
        accept_agreements: args.accept_agreements,
        payment,
        idempotency_key: args.idempotency_key,
    })
}

pub fn image(store: &mut Store, command: ImageCommand, out: &Output) -> Result<(), Failure> {
    match command {
        ImageCommand::Provision(args) => {
            bill_due(store)?;
            let request = request(store, *args)?;
            let made = images::provision(store, &Services::system(), &request)?;
            out.show(&made, || provisioned_text(&made))?;
        }
        ImageCommand::Fees(args) => {
            let configuration = configuration(store, args)?;
            let fees = images::fees(store.conn(), &configuration)?;
            out.show(&fees, || fees_text(&fees))?;
        }
        ImageCommand::Flavours => {
            let list = cloud::flavours(store.conn())?;
            out.show(&list, || {
                let mut rows = vec![["FLAVOUR", "VCPUS", "MEMORY", "HOUR", "MONTH", "YEAR"].map(String::from).to_vec()];
                rows.extend(list.iter().map(|f| {
                    vec![
                        f.id.clone(),
                        f.vcpus.to_string(),
                        format!("{} GiB", f.memory_gib),
                        f.hourly_price.clone(),
                        f.monthly_price.clone(),
                        f.yearly_price.clone(),
                    ]
                }));
                table(&rows).join("\n")
            })?;
        }
    }
    Ok(())
}

fn fees_text(fees: &ProvisionFees) -> String {
    let mut lines: Vec<String> = fees.quote.lines.iter().map(|l| format!("  {:>10}  {}", l.amount, l.label)).collect();
    lines.push(format!("Total:   {} {}", fees.quote.total, fees.quote.per));
    lines.push(format!("Due now: {}", fees.due_now));
    if let Some(note) = &fees.quote.note {
        lines.push(note.clone());
    }
    lines.join("\n")
}

fn provisioned_text(made: &ProvisionResult) -> String {
    let order = &made.order.order;
    let mut lines =
        vec![format!("Order {}: {} ({}), {}", order.id, order.product_name, order.product_id, order.status)];
    lines.extend(made.order.quote.lines.iter().map(|l| format!("  {:>10}  {}", l.amount, l.label)));
    let paid = if order.reference_only { "for reference only" } else { "charged now" };
    lines.push(format!("Total:   {} {} ({} {paid})", made.order.quote.total, made.order.quote.per, order.amount));
    lines.extend(made.instances.iter().map(instance_line));
    lines.join("\n")
}

fn instance_line(i: &EcsInstance) -> String {
    let eip = i.eip_address.as_deref().map(|a| format!(", EIP {a}")).unwrap_or_default();
    format!("ECS {} {}: {}, {} on {}{eip}", i.id, i.name, i.state, i.product_name, i.flavour)
}

/// The account's networks, as the wizard offers them.
#[derive(Serialize)]
struct Networks {
    vpcs: Vec<Vpc>,
    security_groups: Vec<SecurityGroup>,
}

pub fn ecs(store: &mut Store, command: EcsCommand, out: &Output) -> Result<(), Failure> {
    let services = Services::system();
    let changed = match command {
        EcsCommand::List => {
            bill_due(store)?;
            let list = images::list(store.conn())?;
            out.show(&list, || listing(&list))?;
            return Ok(());
        }
        EcsCommand::Networks => {
            let networks =
                Networks { vpcs: cloud::vpcs(store.conn())?, security_groups: cloud::security_groups(store.conn())? };
            out.show(&networks, || networks_text(&networks))?;
            return Ok(());
        }
        EcsCommand::Show { id } => {
            bill_due(store)?;
            images::show(store.conn(), id)?
        }
        EcsCommand::Stop { id } => images::stop(store, &services, id)?,
        EcsCommand::Start { id } => images::start(store, &services, id)?,
        EcsCommand::Delete { id } => images::delete(store, &services, id)?,
        EcsCommand::ReplaceDisk { id, image, edition } => {
            images::replace_disk(store, &services, id, &image, edition.as_deref())?
        }
    };
    out.show(&changed, || instance_text(&changed, out.zone()))?;
    Ok(())
}

fn listing(list: &[EcsInstance]) -> String {
    if list.is_empty() {
        return "No ECS instances yet.".to_string();
    }
    let mut rows = vec![["ID", "NAME", "STATE", "IMAGE", "FLAVOUR", "BILLING", "EIP"].map(String::from).to_vec()];
    rows.extend(list.iter().map(|i| {
        vec![
            i.id.to_string(),
            i.name.clone(),
            i.state.to_string(),
            truncate(&i.product_name, NAME_WIDTH),
            i.flavour.clone(),
            i.billing.to_string(),
            i.eip_address.clone().unwrap_or_default(),
        ]
    }));
    let mut lines = table(&rows);
    lines.push(count(list.len() as u32, "instance"));
    lines.join("\n")
}

fn instance_text(i: &EcsInstance, zone: Zone) -> String {
    let mut lines = vec![
        instance_line(i),
        format!("Image:     {} ({}), {} edition; log in as {}", i.product_name, i.product_id, i.edition, i.login_user),
        format!("Network:   VPC {}, subnet {}, security group {}", i.vpc, i.subnet, i.security_group),
        format!("Billing:   {} by {}; order {}", i.billing, i.payment, i.order_id),
    ];
    if let Some(expires) = &i.expires_at {
        lines.push(format!("Expires:   {}", zone.at(expires)));
    }
    if let Some(since) = &i.billing_since {
        lines.push(format!("Billed by the hour since {}", zone.at(since)));
    }
    if i.arrears != "0.00" {
        lines.push(format!("Arrears:   {} (kg account topup, then kg ecs start {})", i.arrears, i.id));
    }
    lines.join("\n")
}

fn networks_text(n: &Networks) -> String {
    let mut lines = Vec::new();
    if n.vpcs.is_empty() {
        lines.push("No VPC yet: create one with --new-vpc-name and --new-vpc-cidr.".to_string());
    }
    for vpc in &n.vpcs {
        lines.push(format!("VPC {} {} ({})", vpc.id, vpc.name, vpc.cidr));
        lines.extend(vpc.subnets.iter().map(|s| format!("  subnet {} {} ({})", s.id, s.name, s.cidr)));
    }
    for group in &n.security_groups {
        let ports: Vec<String> = group.ports.iter().map(ToString::to_string).collect();
        lines.push(format!("Security group {} {} (ports {})", group.id, group.name, ports.join(", ")));
    }
    lines.join("\n")
}

pub fn bills(store: &mut Store, command: BillsCommand, out: &Output) -> Result<(), Failure> {
    match command {
        BillsCommand::List => {
            bill_due(store)?;
            let list = images::list_charges(store.conn())?;
            out.show(&list, || bills_text(&list, out.zone()))?;
        }
    }
    Ok(())
}

fn bills_text(list: &[HourlyCharge], zone: Zone) -> String {
    if list.is_empty() {
        return "No hourly charges yet.".to_string();
    }
    let mut rows = vec![["HOUR FROM", "ECS", "ITEM", "AMOUNT", "STATUS"].map(String::from).to_vec()];
    rows.extend(list.iter().map(|c| {
        let status = match c.status {
            images::ChargeStatus::Paid => "paid",
            images::ChargeStatus::Unpaid => "unpaid",
            images::ChargeStatus::ReferenceOnly => "for reference only",
        };
        vec![
            zone.at(&c.block_start),
            format!("{} {}", c.instance_id, c.instance_name),
            truncate(&c.label, 48),
            c.amount.clone(),
            status.to_string(),
        ]
    }));
    let mut lines = table(&rows);
    lines.push(count(list.len() as u32, "hourly charge"));
    lines.join("\n")
}

/// The agencies, and what quick provisioning still needs.
#[derive(Serialize)]
struct Agencies {
    agencies: Vec<Agency>,
    pending: Vec<AgencyToAuthorize>,
}

pub fn agency(store: &mut Store, command: AgencyCommand, out: &Output) -> Result<(), Failure> {
    match command {
        AgencyCommand::List => {}
        AgencyCommand::Authorize { purpose } => {
            let now = store.clock(&SystemClock)?.now;
            agencies::authorize(store, now, purpose)?;
        }
        AgencyCommand::Delete { name } => {
            agencies::delete(store, &name)?;
        }
    }
    let shown = Agencies {
        agencies: agencies::list(store.conn())?,
        pending: agencies::pending(store.conn(), Purpose::QuickProvisioning)?,
    };
    out.show(&shown, || agencies_text(&shown))?;
    Ok(())
}

fn agencies_text(shown: &Agencies) -> String {
    let mut lines = Vec::new();
    if shown.agencies.is_empty() {
        lines.push("No agencies.".to_string());
    }
    for a in &shown.agencies {
        let status = match a.status {
            agencies::AgencyStatus::Active => "active".to_string(),
            agencies::AgencyStatus::Outdated => "policy changed: authorize again".to_string(),
            agencies::AgencyStatus::Retired => format!("retired: delete it (kg agency delete {})", a.name),
        };
        lines.push(format!("{}  {}  {status}", a.name, a.delegatee));
    }
    for p in &shown.pending {
        lines.push(format!(
            "Quick provisioning needs {} ({}, policy {} v{}): {}",
            p.name,
            p.delegatee,
            p.policy,
            p.policy_version,
            p.actions.join(", ")
        ));
    }
    lines.join("\n")
}
