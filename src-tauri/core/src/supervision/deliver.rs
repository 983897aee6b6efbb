//! The seller delivers: proof (PDF documents, PNG or JPEG screenshots), the actual enabling
//! time if it gives one, and for SaaS the application information that Purchased Apps shows
//! once the flow completes (R-USE, R-SUP). The initial password is sealed before it is stored.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::operation::{text, Delivery, Effect};
use super::{proof, Flow, OperationDetails};
use crate::catalog::model::DeliveryMethod;
use crate::messages::{self, Recipient};
use crate::store::secrets::SecretKey;
use crate::timers;
use crate::{clock, CoreError, Result};

const MAX_FIELD_CHARS: usize = 200;
const MAX_URL_CHARS: usize = 2000;
const PASSWORD_CHARS: std::ops::RangeInclusive<usize> = 8..=128;

fn url(what: &str, value: &str) -> Result<String> {
    let value = value.trim();
    let scheme = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://"));
    match scheme {
        Some(rest) if !rest.is_empty() && value.len() <= MAX_URL_CHARS && !value.contains(char::is_whitespace) => {
            Ok(value.to_string())
        }
        _ => Err(CoreError::invalid(format!(
            "{what}: must be an http:// or https:// address, e.g. https://crm.example/manage"
        ))),
    }
}

pub(super) fn deliver(
    tx: &Connection,
    key: &SecretKey,
    flow: &Flow,
    delivery: &Delivery,
    at: DateTime<Utc>,
) -> Result<Effect> {
    let remark = delivery.remark.as_deref().filter(|r| !r.trim().is_empty()).map(|r| text("remark", r)).transpose()?;
    if delivery.proof.is_empty() {
        return Err(CoreError::invalid(
            "proof: attach at least one document (PDF) or screenshot (PNG or JPEG) of the delivery",
        ));
    }
    let files = proof::prepare(&delivery.proof, "proof")?;
    let enabled_at = match delivery.enabled_at.as_deref().filter(|t| !t.trim().is_empty()) {
        None => None,
        Some(t) => {
            let enabled = clock::parse_instant(t).map_err(|e| CoreError::invalid(format!("enabling time: {e}")))?;
            let paid = super::instant(&flow.created_at)?;
            if enabled < paid || enabled > at {
                return Err(CoreError::invalid(format!(
                    "enabling time: must be between the payment ({}) and now ({})",
                    flow.created_at,
                    timers::text(at)
                )));
            }
            Some(timers::text(enabled))
        }
    };
    let mut details = OperationDetails { enabled_at: enabled_at.clone(), ..OperationDetails::default() };
    match (flow.delivery, &delivery.app) {
        (DeliveryMethod::Saas, None) => {
            return Err(CoreError::invalid(
                "application: a SaaS delivery gives the user name, initial password, management URL and front-end URL",
            ))
        }
        (DeliveryMethod::Saas, Some(app)) => {
            let user = text("user name", &app.user_name)?;
            if user.chars().count() > MAX_FIELD_CHARS {
                return Err(CoreError::invalid(format!("user name: at most {MAX_FIELD_CHARS} characters")));
            }
            let length = app.initial_password.expose().chars().count();
            if !PASSWORD_CHARS.contains(&length)
                || app.initial_password.expose().trim() != app.initial_password.expose()
            {
                return Err(CoreError::invalid(format!(
                    "initial password: {} to {} characters, without spaces at either end",
                    PASSWORD_CHARS.start(),
                    PASSWORD_CHARS.end()
                )));
            }
            let management = url("management URL", &app.management_url)?;
            let front_end = url("front-end URL", &app.front_end_url)?;
            let sealed = key.seal(&app.initial_password)?;
            tx.prepare_cached(
                "INSERT INTO purchased_apps (order_id, user_name, password_nonce, password_cipher, management_url, front_end_url)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (order_id) DO UPDATE SET user_name = excluded.user_name,
                    password_nonce = excluded.password_nonce, password_cipher = excluded.password_cipher,
                    management_url = excluded.management_url, front_end_url = excluded.front_end_url",
            )?
            .execute(params![flow.order_id, user, sealed.nonce, sealed.cipher, management, front_end])?;
            details.app_user_name = Some(user);
            details.management_url = Some(management);
            details.front_end_url = Some(front_end);
        }
        (_, Some(_)) => {
            return Err(CoreError::invalid("application: only a SaaS delivery carries application information"))
        }
        (_, None) => {}
    }
    let at_text = timers::text(at);
    tx.prepare_cached("UPDATE service_flows SET enabled_at = ?2 WHERE order_id = ?1")?
        .execute(params![flow.order_id, enabled_at])?;
    messages::send(
        tx,
        &Recipient::buyer(&flow.account_id),
        "delivered",
        Some(flow.order_id),
        &format!("Order {}: delivered", flow.order_id),
        &format!(
            "{} delivered {} with {} proof file{}. Check it in Service Supervision, then accept or reject it.",
            flow.seller_name,
            flow.product_name,
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        ),
        &at_text,
    )?;
    Ok(Effect { remark, details, files })
}
