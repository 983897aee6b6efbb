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

#[test]
fn r_aft_2_kg_seller_show_gives_a_sellers_contact_support_hours_and_products() {
    let db = demo();
    let page = db.kg(&["seller", "show", "dolphin-data", "--json"]).json();
    assert_eq!(page["seller"]["name"], "Dolphin Data Systems");
    assert_eq!(page["seller"]["email"], "support@dolphindata.example");
    assert_eq!(page["support_hours"], "Mon-Fri 09:00-18:00 (UTC-8)");
    let products = page["products"].as_array().unwrap();
    assert_eq!(products.len() as u64, page["product_count"].as_u64().unwrap());
    assert!(products.iter().all(|p| p["seller_id"] == "dolphin-data"), "{products:?}");

    let human = db.kg(&["seller", "show", "dolphin-data"]).stdout;
    assert!(human.starts_with("Dolphin Data Systems (dolphin-data)\n"), "{human}");
    assert!(human.contains("Support:  Mon-Fri 09:00-18:00 (UTC-8)"), "{human}");
    assert!(human.contains(&format!("{} of {} products", products.len(), products.len())), "{human}");

    assert_eq!(db.kg(&["seller", "show", "no-such-seller", "--json"]).code(1), "not_found");
    assert_eq!(db.kg(&["seller", "show", " ", "--json"]).code(2), "invalid_input");
}
