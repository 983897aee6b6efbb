//! R-AGY: the agencies quick provisioning and template deployment need.

mod common;

use chrono::{DateTime, Utc};
use common::images::{image_store, instant, T0};
use koogallery_core::agencies::{self, AgencyStatus, Purpose};
use koogallery_core::{ErrorCode, Store};

fn now() -> DateTime<Utc> {
    instant(T0)
}

fn statuses(store: &Store) -> Vec<(String, AgencyStatus)> {
    agencies::list(store.conn()).unwrap().into_iter().map(|a| (a.name, a.status)).collect()
}

#[test]
fn r_agy_quick_provisioning_needs_both_agencies_and_template_deployment_one() {
    let mut store = image_store();
    let pending = agencies::pending(store.conn(), Purpose::QuickProvisioning).unwrap();
    let names: Vec<&str> = pending.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["mkp_agency_trust", "mkp_rfs_agency_trust"]);
    assert_eq!(pending[0].policy, "mkp_deployment_policy");
    assert_eq!(pending[1].policy, "mkp_rfs_deployment_policy");
    assert!(pending[0].actions.iter().any(|a| a == "ecs:servers:create"), "actions are shown before agreeing");
    let err = agencies::require(store.conn(), Purpose::QuickProvisioning).unwrap_err();
    assert_eq!(err.code(), ErrorCode::AuthorizationRequired);
    assert!(err.to_string().contains("mkp_agency_trust") && err.to_string().contains("mkp_rfs_agency_trust"), "{err}");
    let template = agencies::require(store.conn(), Purpose::TemplateDeployment).unwrap_err();
    assert!(!template.to_string().contains("mkp_rfs_agency_trust"), "{template}");

    agencies::authorize(&mut store, now(), Purpose::TemplateDeployment).unwrap();
    assert!(agencies::require(store.conn(), Purpose::TemplateDeployment).is_ok());
    assert_eq!(agencies::pending(store.conn(), Purpose::QuickProvisioning).unwrap().len(), 1);

    let list = agencies::authorize(&mut store, now(), Purpose::QuickProvisioning).unwrap();
    assert!(list.iter().all(|a| a.status == AgencyStatus::Active), "{list:?}");
    assert!(agencies::require(store.conn(), Purpose::QuickProvisioning).is_ok());
}

#[test]
fn r_agy_deleting_an_agency_cancels_it_at_once_and_it_is_asked_again() {
    let mut store = image_store();
    agencies::authorize(&mut store, now(), Purpose::QuickProvisioning).unwrap();
    agencies::delete(&mut store, "mkp_rfs_agency_trust").unwrap();
    let err = agencies::require(store.conn(), Purpose::QuickProvisioning).unwrap_err();
    assert_eq!(err.code(), ErrorCode::AuthorizationRequired);
    assert!(
        err.to_string().contains("mkp_rfs_agency_trust") && !err.to_string().contains("mkp_agency_trust ("),
        "{err}"
    );
    assert!(agencies::require(store.conn(), Purpose::TemplateDeployment).is_ok(), "the other one still stands");
    let missing = agencies::delete(&mut store, "mkp_rfs_agency_trust").unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound);
}

#[test]
fn r_agy_a_policy_version_change_asks_again() {
    let mut store = image_store();
    agencies::authorize(&mut store, now(), Purpose::QuickProvisioning).unwrap();
    // The buyer agreed to version 1 of the deployment policy; this release ships version 2.
    store.conn().execute("UPDATE agencies SET policy_version = 1 WHERE name = 'mkp_agency_trust'", []).unwrap();
    assert!(statuses(&store).contains(&("mkp_agency_trust".into(), AgencyStatus::Outdated)));
    let pending = agencies::pending(store.conn(), Purpose::TemplateDeployment).unwrap();
    assert!(pending[0].outdated);
    let err = agencies::require(store.conn(), Purpose::TemplateDeployment).unwrap_err();
    assert!(err.to_string().contains("changed since it was agreed"), "{err}");
    agencies::authorize(&mut store, now(), Purpose::TemplateDeployment).unwrap();
    assert!(agencies::require(store.conn(), Purpose::QuickProvisioning).is_ok());
}

#[test]
fn r_agy_retired_agencies_are_flagged_for_deletion_where_present() {
    let mut store = image_store();
    for name in agencies::RETIRED {
        agencies::seed_retired(store.conn(), "borealis-postpaid", name, T0).unwrap();
    }
    common::act_for(&store, "borealis-postpaid");
    let flagged = statuses(&store);
    assert_eq!(flagged.len(), 4);
    assert!(flagged.iter().all(|(_, s)| *s == AgencyStatus::Retired));
    agencies::delete(&mut store, "mkp_obs_trust").unwrap();
    assert_eq!(statuses(&store).len(), 3);
    common::act_for(&store, "acme-prepaid");
    assert!(statuses(&store).is_empty(), "only where present");
}

#[test]
fn r_agy_the_demo_postpaid_account_has_retired_agencies_and_the_prepaid_none() {
    let mut store = Store::open_in_memory().unwrap();
    koogallery_core::demo::reset(&mut store).unwrap();
    assert!(statuses(&store).is_empty());
    common::act_for(&store, "borealis-postpaid");
    let names: Vec<String> =
        statuses(&store).into_iter().filter(|(_, s)| *s == AgencyStatus::Retired).map(|(n, _)| n).collect();
    assert_eq!(names, ["mkp_ims_trust", "mkp_obs_trust"]);
}
