//! `kg account`, `kg order` and `kg apps`: buying from a terminal, with the same checkout,
//! the same idempotency keys and the same ledger as the app.

use koogallery_core::accounts::{self, Account, AccountKind};
use koogallery_core::apps::{self, PurchasedApp};
use koogallery_core::catalog::pricing::QuoteRequest;
use koogallery_core::clock::SystemClock;
use koogallery_core::orders::{self, CheckoutRequest, Order, OrderDetail, OrderStatus, PaymentChoice, Services};
use koogallery_core::payments::simulated::SimulatedProvider;
use koogallery_core::{time_zone, CoreError, Store};
use serde::Serialize;

use super::favorites::configuration_words;
use crate::args::accounts::AccountCommand;
use crate::args::buying::{AppsCommand, OrderCommand, PlaceArgs};
use crate::output::{count, table, truncate, Output, Zone};
use crate::Failure;

const NAME_WIDTH: usize = 32;

pub fn account(store: &mut Store, command: AccountCommand, out: &Output) -> Result<(), Failure> {
    let account = match command {
        AccountCommand::Show => accounts::show(store.conn())?,
        AccountCommand::Use { id } => accounts::switch(store, &id)?,
        AccountCommand::Topup { amount } => accounts::top_up(store, &SystemClock, &amount)?,
        AccountCommand::AddCard => {
            let mut number = String::new();
            std::io::stdin().read_line(&mut number).map_err(|source| CoreError::Io {
                context: "reading the card number from standard input".into(),
                source,
            })?;
            accounts::add_card_to_current(store, &SimulatedProvider, &SystemClock, number.trim())?
        }
        AccountCommand::RequestCredit => accounts::request_credit(store)?,
        AccountCommand::TimeZone { zone } => time_zone::change(store, &SystemClock, &zone)?,
    };
    out.show(&account, || account_text(&account))?;
    Ok(())
}

fn account_text(account: &Account) -> String {
    let kind = match account.kind {
        AccountKind::DirectPrepaid => "direct prepaid",
        AccountKind::DirectPostpaid => "direct postpaid",
        AccountKind::ResellerCustomer => "reseller customer (amounts are for reference only)",
    };
    let mut lines = vec![
        format!("{} ({})", account.name, account.id),
        format!("Kind:     {kind}"),
        format!("Contact:  {} · {} · IAM user {}", account.email, account.mobile, account.iam_user),
        format!("Time zone: {}", account.time_zone),
    ];
    if let Some(balance) = &account.balance {
        lines.push(format!("Balance:  {balance}"));
    }
    for card in &account.cards {
        lines.push(format!("Card {}:   {}", card.id, card.masked));
    }
    if let Some(credit) = &account.credit {
        lines.push(if credit.enabled {
            format!("Credit:   {} available of {} ({} used)", credit.available, credit.limit, credit.used)
        } else {
            "Credit:   not enabled".to_string()
        });
    }
    lines.join("\n")
}

pub fn order(store: &mut Store, command: OrderCommand, out: &Output) -> Result<(), Failure> {
    match command {
        OrderCommand::Place(args) => {
            let placed = orders::place(store, &Services::system(), &checkout(args))?;
            out.show(&placed, || detail_text(&placed, out.zone()))?;
        }
        OrderCommand::List => {
            let list = orders::list(store.conn())?;
            out.show(&list, || listing(&list, false, None, out.zone()))?;
        }
        OrderCommand::Received { status } => {
            let list = orders::received(store.conn(), status)?;
            out.show(&list, || listing(&list, true, status, out.zone()))?;
        }
        OrderCommand::All { status } => {
            let list = orders::all(store.conn(), status)?;
            out.show(&list, || listing(&list, true, status, out.zone()))?;
        }
        OrderCommand::Show { id } => {
            let detail = orders::show(store.conn(), id)?;
            out.show(&detail, || detail_text(&detail, out.zone()))?;
        }
    }
    Ok(())
}

fn checkout(args: PlaceArgs) -> CheckoutRequest {
    let payment = match (args.card, args.credit) {
        (Some(card_id), _) => Some(PaymentChoice::Card { card_id }),
        (None, true) => Some(PaymentChoice::Credit),
        (None, false) => None,
    };
    CheckoutRequest {
        configuration: QuoteRequest {
            product_id: args.product,
            edition: args.edition,
            billing: args.billing,
            period: args.period,
            duration: args.duration,
            users: args.users,
            quantity: args.quantity,
        },
        accept_terms: args.accept_terms,
        authorize_seller: args.authorize_seller,
        payment,
        idempotency_key: args.idempotency_key,
    }
}

/// "49.00 from Prepaid balance", or "147.00 for reference only".
fn paid_with(order: &Order) -> String {
    if order.reference_only {
        format!("{} for reference only", order.amount)
    } else {
        format!("{} by {}", order.amount, order.payment)
    }
}

fn words(order: &Order) -> String {
    let mut text = configuration_words(&order.edition_name, order.billing, order.period, order.duration, order.users);
    if order.quantity > 1 {
        text = format!("{} × {text}", order.quantity);
    }
    text
}

/// My Orders as a table; a seller's or operations' list also names each order's buyer.
fn listing(list: &[Order], with_buyer: bool, status: Option<OrderStatus>, zone: Zone) -> String {
    if list.is_empty() {
        return status
            .map_or_else(|| "No orders yet.".to_string(), |s| format!("No {} orders.", s.as_str().replace('_', " ")));
    }
    let mut header = vec!["ID", "STATUS", "PRODUCT", "SPECIFICATION", "AMOUNT", "PLACED"];
    if with_buyer {
        header.insert(1, "BUYER");
    }
    let mut rows = vec![header.into_iter().map(String::from).collect::<Vec<_>>()];
    rows.extend(list.iter().map(|o| {
        let mut row = vec![
            o.id.to_string(),
            o.status.to_string(),
            truncate(&o.product_name, NAME_WIDTH),
            words(o),
            paid_with(o),
            zone.at(&o.created_at),
        ];
        if with_buyer {
            row.insert(1, truncate(&o.buyer_name, NAME_WIDTH));
        }
        row
    }));
    let mut lines = table(&rows);
    lines.push(count(list.len() as u32, "order"));
    lines.join("\n")
}

fn detail_text(detail: &OrderDetail, zone: Zone) -> String {
    let order = &detail.order;
    let mut lines = vec![
        format!("Order {}: {} ({}), {}", order.id, order.product_name, order.product_id, order.status),
        format!("Seller:  {}", order.seller_name),
        format!("Bought:  {}", words(order)),
    ];
    lines.extend(detail.quote.lines.iter().map(|l| format!("  {:>10}  {}", l.amount, l.label)));
    lines.push(format!("Total:   {}", paid_with(order)));
    if let Some(failure) = &order.failure {
        lines.push(format!("Failure: {}", zone.words(failure)));
    }
    lines.push("History:".to_string());
    lines.extend(detail.events.iter().map(|e| match &e.note {
        Some(note) => format!("  {}  {}: {}", zone.at(&e.at), e.status, zone.words(note)),
        None => format!("  {}  {}", zone.at(&e.at), e.status),
    }));
    if !detail.ledger.is_empty() {
        lines.push("Ledger:".to_string());
        lines.extend(
            detail.ledger.iter().map(|l| format!("  #{} {:>10}  {}", l.transaction_id, l.amount, l.ledger_account)),
        );
    }
    lines.join("\n")
}

/// An app with its password, when it was asked for.
#[derive(Serialize)]
struct Revealed<'a> {
    #[serde(flatten)]
    app: &'a PurchasedApp,
    #[serde(skip_serializing_if = "Option::is_none")]
    password: Option<&'a str>,
}

pub fn apps(store: &Store, command: AppsCommand, out: &Output) -> Result<(), Failure> {
    match command {
        AppsCommand::List => {
            let list = apps::list(store.conn())?;
            out.show(&list, || apps_listing(&list, out.zone()))?;
        }
        AppsCommand::Show { id, reveal_password } => {
            let app = apps::show(store.conn(), id)?;
            let password =
                if reveal_password { Some(apps::reveal_password(store.conn(), store.secret_key(), id)?) } else { None };
            let shown = Revealed { app: &app, password: password.as_ref().map(|p| p.expose()) };
            out.show(&shown, || app_text(&app, shown.password, out.zone()))?;
        }
    }
    Ok(())
}

fn apps_listing(list: &[PurchasedApp], zone: Zone) -> String {
    if list.is_empty() {
        return "No purchased apps yet.".to_string();
    }
    let mut rows = vec![["ORDER", "PRODUCT", "EDITION", "DELIVERY", "PURCHASED"].map(String::from).to_vec()];
    rows.extend(list.iter().map(|a| {
        vec![
            a.order_id.to_string(),
            truncate(&a.product_name, NAME_WIDTH),
            a.edition_name.clone(),
            a.delivery.to_string(),
            zone.at(&a.purchased_at),
        ]
    }));
    let mut lines = table(&rows);
    lines.push(count(list.len() as u32, "purchased app"));
    lines.join("\n")
}

fn app_text(app: &PurchasedApp, password: Option<&str>, zone: Zone) -> String {
    let mut lines = vec![
        format!("{} ({}), {} edition, order {}", app.product_name, app.product_id, app.edition_name, app.order_id),
        format!("Purchased: {}", zone.at(&app.purchased_at)),
    ];
    if let Some(saas) = &app.saas {
        lines.push(format!("User name:      {}", saas.user_name));
        lines.push(format!(
            "Password:       {}",
            password.unwrap_or("•••••••• (kg apps show ID --reveal-password shows it)")
        ));
        lines.push(format!("Management URL: {}", saas.management_url));
        lines.push(format!("Front-end URL:  {}", saas.front_end_url));
    }
    if let Some(guide) = &app.user_guide {
        lines.push(format!("User guide:     {} ({} bytes)", guide.file_name, guide.size_bytes));
    }
    lines.push(format!("Seller:         {}", app.seller.name));
    if let Some(support) = &app.seller.support {
        lines.push(format!("Contact us:     {} · {} · {}", support.email, support.phone, support.hours));
    }
    lines.join("\n")
}
