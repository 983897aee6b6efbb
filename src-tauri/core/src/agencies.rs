//! Agencies (R-AGY): the buyer's authorization for KooGallery, and for quick provisioning the
//! Resource Formation Service, to act in its cloud account.
//!
//! An agency names a delegatee and a policy, and is kept with the version of the policy the
//! buyer agreed to. An action that needs agencies asks [`require`]: when one is missing, or
//! was agreed to at an older policy version, it is refused with `authorization_required` and
//! a message listing what must be agreed; [`pending`] gives the same list as data, with each
//! policy's actions, for the UI to show before the buyer agrees. [`authorize`] creates them;
//! [`delete`] cancels one at once. The retired agencies are listed, flagged for deletion.
//!
//! The policies and their versions are the marketplace's, so they live in the code; a new
//! release that changes a policy raises its version, and every buyer is asked again.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::{accounts, roles, CoreError, Result, Store};

/// A policy the buyer grants an agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub name: &'static str,
    pub version: u32,
    pub actions: &'static [&'static str],
}

/// An agency the marketplace asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgencySpec {
    pub name: &'static str,
    pub delegatee: &'static str,
    pub policy: Policy,
}

pub const MKP_DEPLOYMENT_POLICY: Policy = Policy {
    name: "mkp_deployment_policy",
    version: 2,
    actions: &[
        "ecs:servers:create",
        "ecs:servers:get",
        "ecs:servers:list",
        "ecs:servers:start",
        "ecs:servers:stop",
        "ecs:servers:changeOS",
        "ecs:cloudServerFlavors:get",
        "evs:volumes:create",
        "evs:volumes:attach",
        "ims:images:get",
        "ims:images:list",
        "vpc:vpcs:create",
        "vpc:vpcs:get",
        "vpc:vpcs:list",
        "vpc:subnets:create",
        "vpc:subnets:get",
        "vpc:securityGroups:create",
        "vpc:securityGroups:get",
        "vpc:securityGroupRules:create",
        "vpc:publicIps:create",
        "vpc:publicIps:get",
        "vpc:bandwidths:get",
        "bss:order:pay",
    ],
};

pub const MKP_RFS_DEPLOYMENT_POLICY: Policy = Policy {
    name: "mkp_rfs_deployment_policy",
    version: 1,
    actions: &[
        "rf:stack:create",
        "rf:stack:get",
        "rf:stack:delete",
        "rf:stack:deployStack",
        "rf:stackEvent:list",
        "rf:stackOutput:list",
        "ecs:servers:create",
        "ecs:servers:get",
        "vpc:vpcs:create",
        "vpc:subnets:create",
        "vpc:securityGroups:create",
        "vpc:publicIps:create",
        "iam:agencies:pass",
    ],
};

pub const MKP_AGENCY_TRUST: AgencySpec = AgencySpec {
    name: "mkp_agency_trust",
    delegatee: "KooGallery system account (op_svc_mkp)",
    policy: MKP_DEPLOYMENT_POLICY,
};

pub const MKP_RFS_AGENCY_TRUST: AgencySpec = AgencySpec {
    name: "mkp_rfs_agency_trust",
    delegatee: "Resource Formation Service (op_svc_rf)",
    policy: MKP_RFS_DEPLOYMENT_POLICY,
};

/// Agencies of earlier versions of the marketplace, flagged for deletion where present.
pub const RETIRED: [&str; 4] = ["mkp_ims_trust", "mkp_admin_trust", "mkp_rf_admin_trust", "mkp_obs_trust"];

/// What the buyer is doing that needs agencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    QuickProvisioning,
    TemplateDeployment,
}

impl Purpose {
    /// Quick provisioning goes through the Resource Formation Service, so it needs its agency
    /// as well; template deployment needs KooGallery's only.
    pub fn needs(self) -> &'static [AgencySpec] {
        match self {
            Purpose::QuickProvisioning => &[MKP_AGENCY_TRUST, MKP_RFS_AGENCY_TRUST],
            Purpose::TemplateDeployment => &[MKP_AGENCY_TRUST],
        }
    }

    fn words(self) -> &'static str {
        match self {
            Purpose::QuickProvisioning => "quick provisioning",
            Purpose::TemplateDeployment => "template deployment",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AgencyStatus {
    /// Granted at the policy's current version.
    Active,
    /// Granted at an older policy version: it must be agreed again.
    Outdated,
    /// One of [`RETIRED`]: flagged for deletion.
    Retired,
}

/// An agency in the buyer's account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Agency {
    pub name: String,
    pub delegatee: String,
    pub policy: Option<String>,
    pub policy_version: Option<u32>,
    pub status: AgencyStatus,
    pub created_at: String,
}

/// An agency to agree to, with its policy's actions to show first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgencyToAuthorize {
    pub name: String,
    pub delegatee: String,
    pub policy: String,
    pub policy_version: u32,
    pub actions: Vec<String>,
    /// Granted before at an older policy version (rather than never granted or deleted).
    pub outdated: bool,
}

fn spec(name: &str) -> Option<AgencySpec> {
    [MKP_AGENCY_TRUST, MKP_RFS_AGENCY_TRUST].into_iter().find(|s| s.name == name)
}

/// The current account's agencies, by name.
pub fn list(conn: &Connection) -> Result<Vec<Agency>> {
    let account = accounts::current(conn)?;
    conn.prepare_cached(
        "SELECT name, delegatee, policy, policy_version, created_at FROM agencies WHERE account_id = ?1 ORDER BY name",
    )?
    .query_map([&account], |r| {
        let name: String = r.get(0)?;
        let version: Option<u32> = r.get(3)?;
        let status = if RETIRED.contains(&name.as_str()) {
            AgencyStatus::Retired
        } else {
            match spec(&name) {
                Some(s) if version.is_some_and(|v| v >= s.policy.version) => AgencyStatus::Active,
                _ => AgencyStatus::Outdated,
            }
        };
        Ok(Agency {
            name,
            delegatee: r.get(1)?,
            policy: r.get(2)?,
            policy_version: version,
            status,
            created_at: r.get(4)?,
        })
    })?
    .collect::<rusqlite::Result<Vec<_>>>()
    .map_err(Into::into)
}

/// What the current account must still agree to before `purpose`: agencies missing, or
/// granted at an older policy version. Empty when it may go ahead.
pub fn pending(conn: &Connection, purpose: Purpose) -> Result<Vec<AgencyToAuthorize>> {
    let held = list(conn)?;
    Ok(purpose
        .needs()
        .iter()
        .filter_map(|spec| {
            let status = held.iter().find(|a| a.name == spec.name).map(|a| a.status);
            (status != Some(AgencyStatus::Active)).then(|| AgencyToAuthorize {
                name: spec.name.to_string(),
                delegatee: spec.delegatee.to_string(),
                policy: spec.policy.name.to_string(),
                policy_version: spec.policy.version,
                actions: spec.policy.actions.iter().map(ToString::to_string).collect(),
                outdated: status == Some(AgencyStatus::Outdated),
            })
        })
        .collect())
}

/// Refuses with `authorization_required`, naming what must be agreed, unless the current
/// account holds every agency `purpose` needs at its current policy version.
pub fn require(conn: &Connection, purpose: Purpose) -> Result<()> {
    let missing = pending(conn, purpose)?;
    if missing.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = missing
        .iter()
        .map(|a| {
            let again = if a.outdated { ", changed since it was agreed" } else { "" };
            format!("{} ({} with policy {} version {}{again})", a.name, a.delegatee, a.policy, a.policy_version)
        })
        .collect();
    Err(CoreError::AuthorizationRequired(format!(
        "{} needs your authorization: agree to {} (kg agency authorize, after reading the actions with kg agency list)",
        purpose.words(),
        names.join(" and ")
    )))
}

/// Grants the agencies `purpose` needs, at their policies' current versions; agencies
/// already active are left as they are. Returns the account's agencies.
pub fn authorize(store: &mut Store, now: DateTime<Utc>, purpose: Purpose) -> Result<Vec<Agency>> {
    let at = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    store.write(|tx| {
        roles::require_buyer(tx, "authorize agencies")?;
        let account = accounts::current(tx)?;
        for spec in purpose.needs() {
            tx.prepare_cached(
                "INSERT INTO agencies (account_id, name, delegatee, policy, policy_version, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (account_id, name) DO UPDATE SET delegatee = excluded.delegatee, policy = excluded.policy,
                     policy_version = excluded.policy_version, created_at = excluded.created_at
                 WHERE agencies.policy_version IS NULL OR agencies.policy_version < excluded.policy_version",
            )?
            .execute(params![
                account,
                spec.name,
                spec.delegatee,
                spec.policy.name,
                spec.policy.version,
                at
            ])?;
        }
        list(tx)
    })
}

/// [`authorize`] at the store's "now" (the demo clock when set).
pub fn authorize_now(store: &mut Store, clock: &dyn crate::clock::Clock, purpose: Purpose) -> Result<Vec<Agency>> {
    let now = store.clock(clock)?.now;
    authorize(store, now, purpose)
}

/// Deletes the agency `name` from the current account at once: what needs it stops working
/// until it is authorized again. An agency the account does not hold is not found.
pub fn delete(store: &mut Store, name: &str) -> Result<Vec<Agency>> {
    store.write(|tx| {
        roles::require_buyer(tx, "delete an agency")?;
        let account = accounts::current(tx)?;
        let gone = tx
            .prepare_cached("DELETE FROM agencies WHERE account_id = ?1 AND name = ?2")?
            .execute(params![account, name])?;
        if gone == 0 {
            return Err(CoreError::not_found(format!("the agency {name:?} in this account")));
        }
        list(tx)
    })
}

/// Seeds an agency as an earlier version of the marketplace left it (demo data, tests).
pub fn seed_retired(conn: &Connection, account: &str, name: &str, at: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO agencies (account_id, name, delegatee, created_at) VALUES (?1, ?2, 'KooGallery (retired)', ?3)",
    )?
    .execute(params![account, name, at])?;
    Ok(())
}
