//! Product requirements (R-AFT): every field's bounds, and that a refused form stores nothing.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::{act_for, with_buyers};
use koogallery_core::clock::FixedClock;
use koogallery_core::requirements::{self, RequirementForm};
use koogallery_core::{ErrorCode, Store};

fn at(minutes: i64) -> FixedClock {
    let start: DateTime<Utc> = "2026-03-01T09:00:00Z".parse().unwrap();
    FixedClock(start + Duration::minutes(minutes))
}

fn store() -> Store {
    with_buyers(Store::open_in_memory().unwrap())
}

fn form() -> RequirementForm {
    RequirementForm {
        requirement: "A hosted FHIR server with audit logs".into(),
        company: "Acme Retail".into(),
        contact: "Dana Smith".into(),
        phone: "+1 (202) 555-0101".into(),
        email: "dana@acme-retail.example".into(),
        search_text: Some("fhir server".into()),
    }
}

fn count(store: &Store) -> i64 {
    store.conn().query_row("SELECT count(*) FROM requirements", [], |r| r.get(0)).unwrap()
}

/// Submits `form()` changed by `change`; on a refusal, checks that nothing was stored.
fn submit(change: impl FnOnce(&mut RequirementForm)) -> Result<RequirementForm, String> {
    let mut store = store();
    let mut form = form();
    change(&mut form);
    match requirements::submit(&mut store, &at(0), &form) {
        Ok(kept) => Ok(RequirementForm {
            requirement: kept.requirement,
            company: kept.company,
            contact: kept.contact,
            phone: kept.phone,
            email: kept.email,
            search_text: kept.search_text,
        }),
        Err(err) => {
            assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
            assert_eq!(count(&store), 0, "a refused requirement stores nothing");
            Err(err.to_string())
        }
    }
}

type Field = fn(&mut RequirementForm) -> &mut String;

fn fields() -> [(&'static str, Field); 5] {
    [
        ("the requirement", |f| &mut f.requirement),
        ("the company", |f| &mut f.company),
        ("the contact name", |f| &mut f.contact),
        ("the phone number", |f| &mut f.phone),
        ("the email address", |f| &mut f.email),
    ]
}

/// Refused values of one field, with a fragment of the message.
fn check_refused(field: usize, cases: &[(&str, &str)]) {
    let (name, get) = fields()[field];
    for (value, fragment) in cases {
        let err = submit(|f| *get(f) = value.to_string()).expect_err(value);
        assert!(err.starts_with(name), "{value:?}: the message names the field: {err}");
        assert!(err.contains(fragment), "{value:?}: {err}");
    }
}

fn check_accepted(field: usize, cases: &[(&str, &str)]) {
    let (_, get) = fields()[field];
    for (value, kept) in cases {
        let mut saved = submit(|f| *get(f) = value.to_string()).unwrap_or_else(|e| panic!("{value:?}: {e}"));
        assert_eq!(get(&mut saved), kept, "{value:?}");
    }
}

#[test]
fn r_aft_requirement_is_10_to_2000_characters_after_trimming() {
    let long = "x".repeat(2000);
    let too_long = "x".repeat(2001);
    check_refused(0, &[("", "required"), ("   \n ", "required"), ("too short", "10 to 2000"), (&too_long, "2001")]);
    check_accepted(0, &[("  ten chars!  ", "ten chars!"), (&long, &long), ("Données ébauchées", "Données ébauchées")]);
}

#[test]
fn r_aft_company_is_1_to_120_characters() {
    let long = "c".repeat(120);
    check_refused(1, &[("", "required"), ("  ", "required"), (&"c".repeat(121), "1 to 120")]);
    check_accepted(1, &[("X", "X"), (" Acme ", "Acme"), (&long, &long)]);
}

#[test]
fn r_aft_contact_name_is_1_to_80_characters() {
    let long = "n".repeat(80);
    check_refused(2, &[("", "required"), (&"n".repeat(81), "1 to 80")]);
    check_accepted(2, &[("Li", "Li"), (&long, &long)]);
}

#[test]
fn r_aft_phone_is_6_to_30_characters_with_at_least_6_digits() {
    check_refused(
        3,
        &[
            ("", "required"),
            ("12345", "6 to 30"),
            (&"1".repeat(31), "6 to 30"),
            ("+1 555 0101 ext 3", "not 'e'"),
            ("555.0101.22", "not '.'"),
            ("(+1) - 55", "at least 6 digits"),
        ],
    );
    check_accepted(
        3,
        &[("123456", "123456"), (" +1 (202) 555-0101 ", "+1 (202) 555-0101"), (&"1".repeat(30), &"1".repeat(30))],
    );
}

#[test]
fn r_aft_email_is_a_plausible_address() {
    let refused = [
        "",
        "dana",
        "dana@",
        "@acme.example",
        "dana@acme",
        "dana@@acme.example",
        "dana@acme@example.com",
        "da na@acme.example",
        "dana@acme .example",
        "dana@.acme.example",
        "dana@acme..example",
        "dana@acme.example.",
        "dana@-acme.example",
        "dana@acme.c",
        "dana@10.0.0.1",
        ".dana@acme.example",
        "da..na@acme.example",
        "dana<x>@acme.example",
    ];
    let cases: Vec<(&str, &str)> = refused.iter().map(|e| (*e, if e.is_empty() { "required" } else { "" })).collect();
    check_refused(4, &cases);
    check_accepted(
        4,
        &[
            ("dana@acme.example", "dana@acme.example"),
            (" Dana.Smith+kg@mail.acme-retail.co.uk ", "Dana.Smith+kg@mail.acme-retail.co.uk"),
            ("o'brien@example.ie", "o'brien@example.ie"),
            ("zoë@bücher.de", "zoë@bücher.de"),
        ],
    );
}

#[test]
fn r_aft_the_search_text_is_optional_and_kept_trimmed() {
    assert_eq!(submit(|f| f.search_text = None).unwrap().search_text, None);
    assert_eq!(submit(|f| f.search_text = Some("   ".into())).unwrap().search_text, None);
    assert_eq!(submit(|f| f.search_text = Some(" fhir ".into())).unwrap().search_text.as_deref(), Some("fhir"));
    let err = submit(|f| f.search_text = Some("s".repeat(201))).unwrap_err();
    assert!(err.starts_with("the search text"), "{err}");
}

#[test]
fn r_aft_requirements_are_kept_per_account_newest_first() {
    let mut store = store();
    let first = requirements::submit(&mut store, &at(0), &form()).unwrap();
    assert_eq!(first.account_id, "acme-prepaid");
    assert_eq!(first.submitted_at, "2026-03-01T09:00:00Z");
    let mut second = form();
    second.requirement = "A second, different requirement".into();
    second.search_text = None;
    let second = requirements::submit(&mut store, &at(5), &second).unwrap();

    let listed = requirements::list(store.conn()).unwrap();
    assert_eq!(listed, [second.clone(), first]);

    act_for(&store, "borealis-postpaid");
    assert!(requirements::list(store.conn()).unwrap().is_empty());
}

#[test]
fn without_a_buyer_account_nothing_is_stored() {
    let mut store = Store::open_in_memory().unwrap();
    let err = requirements::submit(&mut store, &at(0), &form()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(count(&store), 0);
}

#[test]
fn r_aft_a_requirement_is_a_buyers_and_is_refused_to_the_operations_manager() {
    use koogallery_core::roles::{self, RoleChoice};
    let mut store = store();
    roles::switch(&mut store, &RoleChoice::OperationsManager).unwrap();
    let refused = requirements::submit(&mut store, &at(0), &form()).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Forbidden);
    assert_eq!(count(&store), 0);
}
