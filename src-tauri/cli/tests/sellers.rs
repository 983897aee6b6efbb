//! `kg seller` on the real binary (R-SYNC-5): the operations manager enrols a seller's laptop
//! with a one-time code, lists the laptops and revokes one; any other role is refused, and so
//! is a seller the marketplace does not have.

mod common;

use common::Db;

fn demo() -> Db {
    let db = Db::new();
    assert_eq!(db.kg(&["demo", "reset"]).status, 0);
    db
}

#[test]
fn r_sync_5_the_operations_manager_issues_enrolment_codes_and_no_other_role_can() {
    let db = demo();
    assert_eq!(db.kg(&["seller", "enrol", "bluepine-stack", "--json"]).code(1), "forbidden");
    assert_eq!(db.kg(&["role", "operations"]).status, 0);
    let code = db.kg(&["seller", "enrol", "bluepine-stack", "--json"]).json();
    let text = code["code"].as_str().unwrap();
    assert_eq!((text.len(), text.matches('-').count()), (14, 2), "{code}");
    assert_eq!(code["seller_id"], "bluepine-stack");
    let human = db.kg(&["seller", "enrol", "bluepine-stack"]);
    assert!(human.stdout.starts_with("Enrolment code for bluepine-stack: "), "{}", human.stdout);
    assert_ne!(human.stdout, code["code"].to_string(), "each code is new");

    assert_eq!(db.kg(&["seller", "enrol", "no-such-seller", "--json"]).code(1), "not_found");
    assert_eq!(db.kg(&["seller", "devices", "--json"]).json(), serde_json::json!([]));
    assert!(db.kg(&["seller", "devices"]).stdout.contains("No laptop is enrolled"));
    assert_eq!(db.kg(&["seller", "revoke", "7", "--json"]).code(1), "not_found");
    db.kg(&["seller", "revoke", "seven"]).refused(2);
    db.kg(&["seller", "enrol"]).refused(2);
}
