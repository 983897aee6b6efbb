//! `kg subscription` and `kg autorenew`: Billing Center > Renewals from a terminal, over the
//! same core as the app. Every command first fires the timers due by the store's time, so that
//! a subscription is read as it stands (expired, in grace, renewed automatically).

use chrono::{DateTime, Utc};
use koogallery_core::catalog::model::BillingPeriod;
use koogallery_core::clock::SystemClock;
use koogallery_core::orders::Services;
use koogallery_core::subscriptions::upgrade::{self, UpgradeQuote, UpgradeRequest};
use koogallery_core::subscriptions::{
    self, AutoRenewChoice, RenewRequest, Renewal, RenewalsPage, RenewalsQuery, RenewalsTab, SubscriptionDetail,
    SubscriptionState, TimelineEvent,
};
use koogallery_core::{scheduler, CoreError, Store};

use crate::args::subscriptions::{AutorenewCommand, RenewalLength, SubscriptionCommand, UpgradeCommand};
use crate::output::{table, truncate, Output, Zone};
use crate::Failure;

fn caught_up(store: &mut Store) -> Result<DateTime<Utc>, Failure> {
    scheduler::catch_up(store, &Services::system())?;
    Ok(store.clock(&SystemClock)?.now)
}

fn length(length: RenewalLength) -> (BillingPeriod, u32) {
    match (length.months, length.years) {
        (Some(months), _) => (BillingPeriod::Month, months),
        (None, Some(years)) => (BillingPeriod::Year, years),
        // clap requires one of the two.
        (None, None) => (BillingPeriod::Month, 0),
    }
}

fn state(state: SubscriptionState) -> &'static str {
    match state {
        SubscriptionState::Active => "active",
        SubscriptionState::Grace => "in grace (usable)",
        SubscriptionState::Retention => "in retention (frozen)",
        SubscriptionState::Released => "released",
        SubscriptionState::Cancelled => "cancelled",
    }
}

fn list_text(page: &RenewalsPage, zone: Zone) -> String {
    let list = &page.items;
    if list.is_empty() {
        let all = page.tabs.iter().find(|t| t.tab == RenewalsTab::All).map_or(0, |t| t.count);
        return if all == 0 {
            "No subscriptions: yearly/monthly purchases appear here.".to_string()
        } else if page.total > 0 {
            format!("Nothing past {}: this tab holds {}.", page.offset, page.total)
        } else {
            "No subscription in this tab.".to_string()
        };
    }
    let mut rows = vec![vec![
        "ID".to_string(),
        "PRODUCT".into(),
        "STATE".into(),
        "EXPIRES".into(),
        "DAYS LEFT".into(),
        "AUTO-RENEWAL".into(),
    ]];
    for s in list {
        rows.push(vec![
            s.id.to_string(),
            truncate(&s.product_name, 32),
            state(s.state).into(),
            zone.at(&s.expires_at),
            s.days_left.to_string(),
            s.next_auto_renewal.as_deref().map_or_else(|| "off".to_string(), |at| format!("on, next {}", zone.at(at))),
        ]);
    }
    let mut lines = table(&rows);
    let last = page.offset + list.len() as u32;
    lines.push(format!("{}–{last} of {}", page.offset + 1, page.total));
    if last < page.total {
        lines.push(format!("More: --offset {last}"));
    }
    lines.join("\n")
}

fn timeline_text(events: &[TimelineEvent], zone: Zone) -> String {
    if events.is_empty() {
        return "Nothing more will happen to it.".to_string();
    }
    events
        .iter()
        .map(|e| format!("{}  {:<8} {}", zone.at(&e.at), e.rule, zone.words(&e.what)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn renewal_text(r: &Renewal, zone: Zone) -> String {
    match r.status.as_str() {
        "failed" => {
            format!("{} renewal {} failed: {}", r.kind, r.id, zone.words(r.failure.as_deref().unwrap_or("declined")))
        }
        _ => format!(
            "{} renewal {}: {} {}{} for {}, expiry {} → {}",
            r.kind,
            r.id,
            r.duration,
            r.period.as_str(),
            if r.duration == 1 { "" } else { "s" },
            r.amount,
            zone.at(&r.from_expiry),
            zone.at(&r.to_expiry)
        ),
    }
}

fn detail_text(d: &SubscriptionDetail, zone: Zone) -> String {
    let s = &d.subscription;
    let mut lines = vec![
        format!("Subscription {} (order {}): {}", s.id, s.order_id, s.product_name),
        format!("{}, expires {} ({} days left)", state(s.state), zone.at(&s.expires_at), s.days_left),
        format!("Grace ends {}, released {}", zone.at(&s.grace_ends_at), zone.at(&s.released_at)),
    ];
    lines.push(match &s.next_auto_renewal {
        Some(at) => format!("Automatic renewal on: next charge {}", zone.at(at)),
        None => "Automatic renewal off".to_string(),
    });
    lines.push(String::new());
    lines.push("Timeline:".into());
    lines.push(timeline_text(&d.timeline, zone));
    if !d.renewals.is_empty() {
        lines.push(String::new());
        lines.push("Renewals:".into());
        lines.extend(d.renewals.iter().map(|r| renewal_text(r, zone)));
    }
    lines.join("\n")
}

pub fn subscription(store: &mut Store, command: SubscriptionCommand, out: &Output) -> Result<(), Failure> {
    let now = caught_up(store)?;
    match command {
        SubscriptionCommand::List { tab, product, limit, offset } => {
            let query = RenewalsQuery { tab, product, limit, offset };
            let page = subscriptions::renewals(store.conn(), now, &query)?;
            out.show(&page, || list_text(&page, out.zone()))?;
        }
        SubscriptionCommand::Show { id } => {
            let detail = subscriptions::show(store.conn(), id, now)?;
            out.show(&detail, || detail_text(&detail, out.zone()))?;
        }
        SubscriptionCommand::Timeline { id } => {
            let timeline = subscriptions::show(store.conn(), id, now)?.timeline;
            out.show(&timeline, || timeline_text(&timeline, out.zone()))?;
        }
        SubscriptionCommand::Quote { id, length: l } => {
            let (period, duration) = length(l);
            let quote = subscriptions::quote_renewal(store.conn(), id, period, duration)?;
            out.show(&quote, || {
                format!(
                    "{} for {duration} {}: expiry {} → {}",
                    quote.amount,
                    period.as_str(),
                    out.zone().at(&quote.from_expiry),
                    out.zone().at(&quote.to_expiry)
                )
            })?;
        }
        SubscriptionCommand::Renew { id, length: l, idempotency_key } => {
            let (period, duration) = length(l);
            let request = RenewRequest { subscription_id: id, period, duration, idempotency_key };
            let renewal = subscriptions::renew(store, &Services::system(), &request)?;
            out.show(&renewal, || renewal_text(&renewal, out.zone()))?;
        }
    }
    Ok(())
}

pub fn autorenew(store: &mut Store, command: AutorenewCommand, out: &Output) -> Result<(), Failure> {
    let now = caught_up(store)?;
    let (id, choice) = match command {
        AutorenewCommand::On { id, period, date } => {
            let period = period
                .map(|p| match p.trim() {
                    "month" => Ok(BillingPeriod::Month),
                    "year" => Ok(BillingPeriod::Year),
                    other => Err(CoreError::invalid(format!("--period: {other:?} is not month or year"))),
                })
                .transpose()?;
            (id, AutoRenewChoice { enabled: true, period, date })
        }
        AutorenewCommand::Off { id } => (id, AutoRenewChoice { enabled: false, period: None, date: None }),
    };
    subscriptions::set_auto_renew(store, &Services::system(), id, &choice)?;
    let detail = subscriptions::show(store.conn(), id, now)?;
    out.show(&detail, || detail_text(&detail, out.zone()))?;
    Ok(())
}

fn fee_text(quote: &UpgradeQuote) -> String {
    let mut lines: Vec<String> =
        quote.lines.iter().map(|l| format!("{:<7} {:>10}  {}: {}", l.rule, l.amount, l.label, l.arithmetic)).collect();
    lines.push(format!(
        "Total {}: {} day{} left of {}",
        quote.total,
        quote.remaining_days,
        if quote.remaining_days == 1 { "" } else { "s" },
        quote.term_days
    ));
    lines.join("\n")
}

pub fn upgrade(store: &mut Store, command: UpgradeCommand, out: &Output) -> Result<(), Failure> {
    let now = caught_up(store)?;
    match command {
        UpgradeCommand::Quote { id, to } => {
            let quote = upgrade::quote(store.conn(), id, to.edition, to.users, now)?;
            out.show(&quote, || fee_text(&quote))?;
        }
        UpgradeCommand::Pay { id, to, idempotency_key } => {
            let request = UpgradeRequest { subscription_id: id, edition: to.edition, users: to.users, idempotency_key };
            let paid = upgrade::pay(store, &Services::system(), &request)?;
            out.show(&paid, || {
                format!("Upgraded to {}: {} paid\n{}", paid.quote.edition, paid.quote.total, fee_text(&paid.quote))
            })?;
        }
    }
    Ok(())
}
