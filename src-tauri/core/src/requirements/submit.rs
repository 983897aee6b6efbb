//! Checking and keeping a product requirement.
//!
//! Every field is trimmed; a refusal names the field first ("the phone number …"), so that a
//! form can show it beside the field, and stores nothing.

use chrono::SecondsFormat;
use rusqlite::params;

use super::{Requirement, RequirementForm};
use crate::clock::Clock;
use crate::{accounts, roles, CoreError, Result, Store};

/// Longest search text kept with a requirement, as long as a search may be.
const MAX_SEARCH_TEXT_CHARS: usize = 200;
/// RFC 5321's limit on a whole address.
const MAX_EMAIL_CHARS: usize = 254;

/// Keeps `form` for the current account, stamped with the store's time.
pub fn submit(store: &mut Store, clock: &dyn Clock, form: &RequirementForm) -> Result<Requirement> {
    let form = check(form)?;
    let now = store.clock(clock)?.now.to_rfc3339_opts(SecondsFormat::Secs, true);
    store.write(|tx| {
        roles::require_buyer(tx, "submit a product requirement")?;
        let account = accounts::current(tx)?;
        tx.prepare_cached(
            "INSERT INTO requirements
                 (account_id, requirement, company, contact, phone, email, search_text, submitted_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            account,
            form.requirement,
            form.company,
            form.contact,
            form.phone,
            form.email,
            form.search_text,
            now
        ])?;
        let id = u32::try_from(tx.last_insert_rowid())
            .map_err(|_| CoreError::Migration("the requirements table has run out of ids".into()))?;
        Ok(Requirement {
            id,
            account_id: account,
            requirement: form.requirement,
            company: form.company,
            contact: form.contact,
            phone: form.phone,
            email: form.email,
            search_text: form.search_text,
            submitted_at: now,
        })
    })
}

/// The form as it will be kept (trimmed, an empty search text dropped), or the first field
/// that is wrong and why.
pub fn check(form: &RequirementForm) -> Result<RequirementForm> {
    let requirement = length("the requirement", &form.requirement, 10, 2000)?;
    let company = length("the company", &form.company, 1, 120)?;
    let contact = length("the contact name", &form.contact, 1, 80)?;
    let phone = phone(&form.phone)?;
    let email = email(&form.email)?;
    let search_text = match form.search_text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => Some(length("the search text", text, 1, MAX_SEARCH_TEXT_CHARS)?),
        None => None,
    };
    Ok(RequirementForm { requirement, company, contact, phone, email, search_text })
}

pub(crate) fn length(field: &str, value: &str, min: usize, max: usize) -> Result<String> {
    let value = value.trim();
    let chars = value.chars().count();
    if chars == 0 {
        return Err(CoreError::invalid(format!("{field} is required")));
    }
    if chars < min || chars > max {
        return Err(CoreError::invalid(format!("{field} must be {min} to {max} characters long (it has {chars})")));
    }
    Ok(value.to_string())
}

fn phone(value: &str) -> Result<String> {
    let value = length("the phone number", value, 6, 30)?;
    if let Some(bad) = value.chars().find(|c| !(c.is_ascii_digit() || " +-()".contains(*c))) {
        return Err(CoreError::invalid(format!(
            "the phone number may hold only digits, spaces, +, -, ( and ), not {bad:?}"
        )));
    }
    if value.chars().filter(char::is_ascii_digit).count() < 6 {
        return Err(CoreError::invalid("the phone number must have at least 6 digits"));
    }
    Ok(value)
}

/// A plausible address: one `@`, a local part, and a domain of dot-separated labels of
/// letters, digits and hyphens, with no spaces anywhere. Whether it receives mail only
/// sending can tell.
pub(crate) fn email(value: &str) -> Result<String> {
    let value = length("the email address", value, 3, MAX_EMAIL_CHARS)?;
    let refuse = || CoreError::invalid(format!("the email address {value:?} is not an address like name@company.com"));
    if value.chars().any(char::is_whitespace) {
        return Err(refuse());
    }
    let (local, domain) = value.split_once('@').ok_or_else(refuse)?;
    if local.is_empty() || local.len() > 64 || domain.contains('@') {
        return Err(refuse());
    }
    let local_ok = local.chars().all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.chars().count() >= 2 && !tld.chars().all(|c| c.is_ascii_digit()));
    if !(local_ok && domain_ok) {
        return Err(refuse());
    }
    Ok(value)
}
