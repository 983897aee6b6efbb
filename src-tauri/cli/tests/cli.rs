//! `kg` as a script sees it: the real binary, its stdout, stderr and exit status, each test
//! on a data file of its own so that none can disturb another or the machine's own store.

mod common;

use common::{items, kg_with, Db, Run};
use serde_json::Value;

fn ids(value: &Value) -> Vec<&str> {
    items(value).iter().map(|item| item["id"].as_str().unwrap()).collect()
}

#[test]
fn a_reset_demo_store_is_searchable_as_json_and_as_text() {
    let db = Db::new();
    let reset = db.kg(&["demo", "reset"]);
    assert_eq!(reset.status, 0, "{}", reset.stderr);
    assert!(reset.stdout.starts_with("Demo store ready: "), "{}", reset.stdout);
    assert_eq!(reset.stdout.lines().count(), 1, "no product refused: {}", reset.stdout);

    let found = db.kg(&["catalog", "search", "mysql", "--json"]).json();
    for item in items(&found) {
        for field in ["id", "name", "seller", "category", "delivery", "billing_modes"] {
            assert!(!item[field].is_null(), "{field} missing from {item}");
        }
    }
    let found_ids = ids(&found);
    assert!(found_ids.contains(&"mysql-8-database-image"), "{found_ids:?}");
    assert!(found_ids.contains(&"mysql-ha-cluster-image"), "{found_ids:?}");
    assert!(found[0]["name"].as_str().unwrap().contains("MySQL"), "{}", found[0]);

    // --json before the command, and several words joined into one query.
    let two_words = db.kg(&["--json", "catalog", "search", "mysql", "cluster"]).json();
    assert_eq!(ids(&two_words)[0], "mysql-ha-cluster-image");

    let text = db.kg(&["catalog", "search", "mysql"]);
    assert_eq!(text.status, 0, "{}", text.stderr);
    let lines: Vec<&str> = text.stdout.lines().collect();
    assert!(lines[0].starts_with("ID") && lines[0].contains("PRICE"), "{}", text.stdout);
    assert!(lines.iter().any(|l| l.starts_with("mysql-8-database-image") && l.contains("from 0.12/hour")));
    let last = format!("{n} of {n} products", n = found_ids.len());
    assert_eq!(lines.last(), Some(&last.as_str()));
}

#[test]
fn filters_narrow_the_search_and_bad_filters_are_refused() {
    // The first command fills the new data file with the demo catalog.
    let db = Db::new();

    let saas = db.kg(&["catalog", "search", "--delivery", "saas", "--json"]).json();
    assert!(items(&saas).len() > 10, "{} SaaS products", items(&saas).len());
    assert!(items(&saas).iter().all(|p| p["delivery"] == "saas"), "{saas}");

    let services = db.kg(&["catalog", "search", "--delivery", "professional-service", "--json"]).json();
    assert!(!items(&services).is_empty());
    assert!(items(&services).iter().all(|p| p["delivery"] == "professional_service"));

    let hourly = db.kg(&["catalog", "search", "--billing", "pay_per_use", "--json"]).json();
    assert!(!items(&hourly).is_empty());
    for product in items(&hourly) {
        let modes = product["billing_modes"].as_array().unwrap();
        assert!(modes.iter().any(|m| m == "pay_per_use"), "{product}");
    }

    let tools = db.kg(&["catalog", "search", "--category", "developer-tools", "--json"]).json();
    assert!(items(&tools).len() > 3);
    assert!(items(&tools).iter().all(|p| p["category"] == "developer-tools"));

    let three = db.kg(&["catalog", "search", "--category", "developer-tools", "--limit", "3", "--json"]).json();
    assert_eq!(ids(&three), ids(&tools)[..3]);
    let page = db.kg(&["catalog", "search", "--category", "developer-tools", "--limit", "3", "--offset", "3"]);
    assert!(page.stdout.ends_with(&format!("3 of {} products\n", items(&tools).len())), "{}", page.stdout);

    let zero = db.kg(&["catalog", "search", "--limit", "0"]);
    assert!(zero.refused(2).contains("limit"), "{}", zero.stderr);
    let games = db.kg(&["catalog", "search", "--category", "games"]);
    let message = games.refused(2);
    assert!(message.starts_with("kg: ") && message.contains("category") && message.contains("games"), "{message}");
}

#[test]
fn a_bad_value_is_refused_by_name_before_the_data_file_is_touched() {
    let db = Db::new();
    let rental = db.kg(&["catalog", "search", "--delivery", "rental"]);
    let message = rental.refused(2);
    assert!(message.starts_with("kg: invalid value 'rental' for '--delivery <METHOD>'"), "{message}");
    assert!(message.contains("professional_service"), "the choices are listed: {message}");

    let billing = db.kg(&["--json", "catalog", "search", "--billing", "rental"]);
    assert!(billing.refused(2).contains("--billing <MODE>"), "{}", billing.stderr);

    assert!(!db.path.exists(), "no data file is created for a command that was refused");
}

#[test]
fn help_and_version_print_normally() {
    let help = kg_with(None, &["catalog", "search", "--help"]);
    assert_eq!(help.status, 0);
    assert!(help.stdout.contains("--delivery <METHOD>") && help.stdout.contains("saas"), "{}", help.stdout);
    let version = kg_with(None, &["--version"]);
    assert_eq!(version.status, 0);
    assert!(version.stdout.starts_with("kg "), "{}", version.stdout);
}

#[test]
fn a_product_shows_its_editions_and_an_unknown_one_is_not_found() {
    let db = Db::new();
    let crm = db.kg(&["product", "show", "crm-saas", "--json"]).json();
    assert_eq!(crm["summary"]["id"], "crm-saas");
    let editions = crm["editions"].as_array().unwrap();
    assert!(!editions.is_empty());
    for edition in editions {
        let plans = edition["plans"].as_array().unwrap();
        assert!(
            plans.iter().any(|p| p["pricing"] == "tiered" && p["tiers"].as_array().unwrap().len() > 1),
            "{edition}"
        );
    }

    let text = db.kg(&["product", "show", "crm-saas"]);
    assert_eq!(text.status, 0, "{}", text.stderr);
    for expected in ["Harborline CRM (crm-saas)", "Business software › CRM", "Editions:", "1–10 users: ", "Support:"]
    {
        assert!(text.stdout.contains(expected), "{expected:?} missing from:\n{}", text.stdout);
    }

    let nope = db.kg(&["product", "show", "nope"]);
    assert!(nope.refused(1).contains("not found"), "{}", nope.stderr);

    let nope = db.kg(&["product", "show", "nope", "--json"]);
    let error: Value = serde_json::from_str(nope.refused(1)).expect("a JSON error line");
    assert_eq!(error["code"], "not_found");
    assert!(error["message"].as_str().unwrap().contains("nope"), "{error}");
}

#[test]
fn a_user_guide_is_saved_here_into_a_folder_or_to_a_file() {
    let db = Db::new();
    let work = tempfile::tempdir().unwrap();
    let here = work.path();

    let first = db.kg_in(here, &["product", "guide", "crm-saas"]);
    assert_eq!(first.status, 0, "{}", first.stderr);
    assert_eq!(
        first.stdout.trim_end(),
        format!("Saved the user guide of crm-saas to {}", here.join("crm-saas.pdf").display())
    );
    let pdf = std::fs::read(here.join("crm-saas.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));

    // Again in the same folder: a new name, the first file untouched.
    let again = db.kg_in(here, &["product", "guide", "crm-saas", "--json"]).json();
    assert_eq!(again, serde_json::json!({ "product_id": "crm-saas", "path": here.join("crm-saas (1).pdf") }));

    // --output a folder: into it, under its own name; a file: exactly there.
    std::fs::create_dir(here.join("guides")).unwrap();
    let into = db.kg(&["product", "guide", "crm-saas", "--output", here.join("guides").to_str().unwrap(), "--json"]);
    assert_eq!(into.json()["path"], serde_json::json!(here.join("guides").join("crm-saas.pdf")));
    let file = here.join("harborline.pdf");
    std::fs::write(&file, b"old").unwrap();
    let exact = db.kg(&["product", "guide", "crm-saas", "-o", file.to_str().unwrap()]);
    assert_eq!(exact.status, 0, "{}", exact.stderr);
    assert_eq!(std::fs::read(&file).unwrap(), pdf);
    assert_eq!(std::fs::read(here.join("crm-saas.pdf")).unwrap(), pdf);

    let none = db.kg_in(here, &["product", "guide", "agile-pmo-workshop"]);
    assert!(none.refused(1).contains("user guide of product agile-pmo-workshop was not found"), "{}", none.stderr);
    let unknown = db.kg_in(here, &["product", "guide", "nope", "--json"]);
    assert_eq!(serde_json::from_str::<Value>(unknown.refused(1)).unwrap()["code"], "not_found");
    let written = std::fs::read_dir(here).unwrap().count();
    assert_eq!(written, 4, "crm-saas.pdf, crm-saas (1).pdf, guides/ and harborline.pdf");
}

#[test]
fn a_configuration_is_quoted_line_by_line_and_a_bad_one_is_refused_by_field() {
    let db = Db::new();
    let args = ["product", "quote", "crm-saas", "--edition", "professional", "--billing", "yearly-monthly"];
    let yearly = db.kg(&[&args[..], &["--period", "year", "--users", "25", "--json"]].concat()).json();
    assert_eq!(yearly["total"], "2700.00");
    assert_eq!(yearly["per"], "for 1 year");
    let amounts: Vec<&str> =
        yearly["lines"].as_array().unwrap().iter().map(|l| l["amount"].as_str().unwrap()).collect();
    assert_eq!(amounts, ["3240.00", "-540.00"]);
    assert_eq!(yearly["lines"][1]["label"], "Yearly price: 2 months free");

    let text =
        db.kg(&[&args[..], &["--period", "month", "--duration", "3", "--users", "25", "--quantity", "2"]].concat());
    assert_eq!(text.status, 0, "{}", text.stderr);
    let lines: Vec<&str> = text.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "2 × Professional, per user: 25 users, tiered: 10 × $12.00 + 15 × $10.00 per month, 3 months  1620.00"
    );
    assert!(lines[1].starts_with("Total for 3 months  ") && lines[1].ends_with(" 1620.00"), "{}", text.stdout);
    assert_eq!(lines[1].chars().count(), lines[0].chars().count(), "amounts line up:\n{}", text.stdout);

    let no_users = db.kg(&[&args[..], &["--period", "month"]].concat());
    assert!(no_users.refused(2).starts_with("kg: users: "), "{}", no_users.stderr);

    let bad = db.kg(&[&args[..], &["--period", "month", "--users", "5", "--duration", "40", "--json"]].concat());
    let error: Value = serde_json::from_str(bad.refused(2)).expect("a JSON error line");
    assert_eq!(error["code"], "invalid_input");
    assert!(error["message"].as_str().unwrap().starts_with("duration: "), "{error}");

    let period = db.kg(&[&args[..], &["--period", "fortnight"]].concat());
    assert!(period.refused(2).contains("--period <PERIOD>"), "{}", period.stderr);
}

#[test]
fn the_demo_clock_is_set_advanced_and_reset() {
    let db = Db::new();
    let reading = |run: Run| -> (String, bool) {
        let value = run.json();
        (value["now"].as_str().unwrap().to_string(), value["demo"].as_bool().unwrap())
    };

    // The text is in the demo buyer's zone, New York, still on EST (UTC−5) before 8 March
    // 2026: 09:00 UTC is 04:00 there, on 1 March and 5 days later alike.
    let set = db.kg(&["clock", "set", "2026-03-01T09:00:00Z"]);
    assert_eq!(set.status, 0, "{}", set.stderr);
    assert!(set.stdout.contains("2026-03-01T04:00:00-05:00"), "{}", set.stdout);
    let advanced = db.kg(&["clock", "advance", "5d"]);
    assert!(advanced.stdout.contains("2026-03-06T04:00:00-05:00"), "{}", advanced.stdout);
    assert_eq!(reading(db.kg(&["clock", "show", "--json"])), ("2026-03-06T09:00:00Z".to_string(), true));
    assert_eq!(reading(db.kg(&["clock", "advance", "3h", "--json"])), ("2026-03-06T12:00:00Z".to_string(), true));

    let soon = db.kg(&["clock", "advance", "soon"]);
    assert!(soon.refused(2).contains("not a duration"), "{}", soon.stderr);
    let never = db.kg(&["clock", "advance", "0s"]);
    assert!(never.refused(2).contains("positive"), "{}", never.stderr);
    assert_eq!(reading(db.kg(&["clock", "show", "--json"])).0, "2026-03-06T12:00:00Z", "refusals change nothing");

    let reset = db.kg(&["clock", "reset"]);
    assert!(reset.stdout.contains("machine clock"), "{}", reset.stdout);
    assert!(!reading(db.kg(&["clock", "show", "--json"])).1);
}

#[test]
fn kg_db_is_used_without_db_and_db_wins_over_it() {
    let from_env = Db::new();
    let from_flag = Db::new();

    let set = kg_with(Some(&from_env.path), &["clock", "set", "2030-01-01T00:00:00Z"]);
    assert_eq!(set.status, 0, "{}", set.stderr);
    assert!(from_env.path.exists());
    assert_eq!(from_env.kg(&["clock", "show", "--json"]).json()["demo"], true);

    let flag = kg_with(
        Some(&from_env.path),
        &["--db", from_flag.path.to_str().unwrap(), "clock", "set", "2031-01-01T00:00:00Z"],
    );
    assert_eq!(flag.status, 0, "{}", flag.stderr);
    assert_eq!(from_flag.kg(&["clock", "show", "--json"]).json()["now"], "2031-01-01T00:00:00Z");
    assert_eq!(
        from_env.kg(&["clock", "show", "--json"]).json()["now"],
        "2030-01-01T00:00:00Z",
        "KG_DB's file untouched"
    );
}

#[test]
fn a_data_file_from_a_newer_koogallery_is_refused_and_left_alone() {
    let db = Db::new();
    {
        let conn = rusqlite::Connection::open(&db.path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;").unwrap();
    }

    let search = db.kg(&["catalog", "search", "mysql"]);
    assert!(search.refused(1).contains("written by a newer KooGallery"), "{}", search.stderr);
    let reset = db.kg(&["demo", "reset", "--json"]);
    let error: Value = serde_json::from_str(reset.refused(1)).expect("a JSON error line");
    assert_eq!(error["code"], "store_too_new");

    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let version: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, 99);
}

#[test]
fn sorting_price_bounds_supervision_and_suggestions() {
    let db = Db::new();
    let cheapest = db.kg(&["catalog", "search", "--sort", "price_asc", "--max-price", "20", "--json"]).json();
    assert!(!items(&cheapest).is_empty());
    let dearest = db.kg(&["catalog", "search", "--sort", "price_desc", "--limit", "1", "--json"]).json();
    let all = db.kg(&["catalog", "search", "--sort", "price_asc", "--limit", "500", "--json"]).json();
    assert_eq!(ids(&dearest)[0], *ids(&all).last().unwrap(), "price_desc starts where price_asc ends");

    let supervised = db.kg(&["catalog", "search", "--supervised", "true", "--json"]).json();
    assert!(items(&supervised).iter().all(|p| p["supervised"] == true));
    let ubuntu = db.kg(&["catalog", "search", "--os", "Ubuntu 22.04 64bit", "--json"]).json();
    assert!(items(&ubuntu).iter().all(|p| p["delivery"] == "image"));
    assert!(ids(&ubuntu).contains(&"mysql-8-database-image"));

    let typo = db.kg(&["catalog", "search", "wordprss"]);
    assert_eq!(typo.status, 0);
    assert!(typo.stdout.contains("Did you mean: wordpress?"), "{}", typo.stdout);

    let bad_sort = db.kg(&["catalog", "search", "--sort", "cheapest"]);
    assert!(bad_sort.refused(2).contains("--sort"));
    let bad_price = db.kg(&["catalog", "search", "--min-price", "ten"]);
    assert!(bad_price.refused(2).contains("minimum price"));
}

#[test]
fn generated_products_add_to_the_catalog() {
    let db = Db::new();
    let before = db.kg(&["catalog", "search", "--limit", "1"]).stdout;
    let added = db.kg(&["demo", "generate", "--products", "300", "--json"]).json();
    assert_eq!(added["products"], 300);
    let after = db.kg(&["catalog", "search", "--limit", "1"]).stdout;
    let total =
        |text: &str| -> u32 { text.lines().last().unwrap().split_whitespace().nth(2).unwrap().parse().unwrap() };
    assert_eq!(total(&after), total(&before) + 300);
    assert!(db.kg(&["demo", "generate", "--products", "0"]).refused(2).contains("--products"));
}

#[test]
fn favorites_are_added_listed_and_removed() {
    let db = Db::new();
    let added = db
        .kg(&[
            "favorites",
            "add",
            "crm-saas",
            "--edition",
            "professional",
            "--billing",
            "yearly-monthly",
            "--period",
            "month",
            "--duration",
            "3",
            "--users",
            "25",
            "--json",
        ])
        .json();
    assert_eq!(added["product"]["id"], "crm-saas");
    assert_eq!(added["spec"]["users"], 25);

    let text = db.kg(&[
        "favorites",
        "add",
        "mysql-8-database-image",
        "--edition",
        "standard",
        "--billing",
        "pay_per_use",
        "--period",
        "hour",
    ]);
    assert_eq!(text.status, 0, "{}", text.stderr);
    assert!(text.stdout.contains("Standard · pay-per-use · 1 hour"), "{}", text.stdout);

    let list = db.kg(&["favorites", "list", "--json"]).json();
    assert_eq!(
        list.as_array().unwrap().iter().map(|f| f["product"]["id"].as_str().unwrap()).collect::<Vec<_>>(),
        ["mysql-8-database-image", "crm-saas"]
    );
    let list = db.kg(&["favorites", "list"]);
    assert!(list.stdout.contains("· yearly/monthly · 3 months · 25 users"), "{}", list.stdout);
    assert!(list.stdout.contains("2 saved products"), "{}", list.stdout);

    let users_missing = db.kg(&[
        "favorites",
        "add",
        "crm-saas",
        "--edition",
        "professional",
        "--billing",
        "yearly_monthly",
        "--period",
        "month",
    ]);
    assert!(users_missing.refused(2).contains("give the number of users"), "{}", users_missing.stderr);
    let bad_period =
        db.kg(&["favorites", "add", "crm-saas", "--edition", "x", "--billing", "yearly_monthly", "--period", "week"]);
    assert!(bad_period.refused(2).contains("--period"), "{}", bad_period.stderr);

    assert_eq!(db.kg(&["favorites", "remove", "crm-saas"]).status, 0);
    let again = db.kg(&["favorites", "remove", "crm-saas", "--json"]);
    let error: Value = serde_json::from_str(again.refused(1)).expect("a JSON error line");
    assert_eq!(error["code"], "not_found");
    assert_eq!(db.kg(&["favorites", "list", "--json"]).json().as_array().unwrap().len(), 1);
}

#[test]
fn requirements_are_submitted_and_listed_and_a_bad_field_is_named() {
    let db = Db::new();
    let empty = db.kg(&["requirements", "list"]);
    assert!(empty.stdout.contains("No requirements sent yet."), "{}", empty.stdout);

    let form = |email: &str| {
        vec![
            "requirements".to_string(),
            "submit".into(),
            "--requirement".into(),
            "A hosted FHIR server with audit logs".into(),
            "--company".into(),
            "Acme Retail".into(),
            "--contact".into(),
            "Dana Smith".into(),
            "--phone".into(),
            "+1 202 555 0101".into(),
            "--email".into(),
            email.into(),
            "--search-text".into(),
            "fhir".into(),
        ]
    };
    let args = form("dana@acme-retail.example");
    let mut json = args.iter().map(String::as_str).collect::<Vec<_>>();
    json.push("--json");
    let kept = db.kg(&json).json();
    assert_eq!(kept["search_text"], "fhir");
    assert_eq!(kept["account_id"], "acme-prepaid");

    let bad = form("dana at acme");
    let refused = db.kg(&bad.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(refused.refused(2).contains("the email address"), "{}", refused.stderr);

    let list = db.kg(&["requirements", "list"]);
    assert!(list.stdout.contains("Acme Retail") && list.stdout.contains("1 requirement"), "{}", list.stdout);
    assert_eq!(db.kg(&["requirements", "list", "--json"]).json().as_array().unwrap().len(), 1);
}
