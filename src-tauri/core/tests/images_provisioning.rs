//! Provisioning an image with its ECS (R-IMG, R-BUY-5, R-BUY-6, R-BUY-3's idempotency, R-AGY,
//! R-IMG-3 at rest, R-MT-4, R-MT-5), and the ECS console's state machine.

mod common;

use common::act_for;
use common::images::*;
use koogallery_core::agencies::{self, Purpose};
use koogallery_core::images::{
    self, EcsAction, InstanceState, LoginPassword, NetworkChoice, ProvisionMode, SecurityGroupChoice,
};
use koogallery_core::orders::{self, OrderStatus, PaymentChoice};
use koogallery_core::paging::PageRequest;
use koogallery_core::{accounts, ledger, ErrorCode, Store};

fn balance(store: &Store) -> String {
    accounts::show(store.conn()).unwrap().balance.unwrap()
}

fn lines(fees: &koogallery_core::images::ProvisionFees) -> Vec<(String, String)> {
    fees.quote.lines.iter().map(|l| (l.label.clone(), l.amount.clone())).collect()
}

#[test]
fn r_buy_5_the_fee_shown_is_the_images_plus_the_ecss_itemised() {
    let store = image_store();
    let ppu = images::fees(store.conn(), &ppu_request("k").configuration).unwrap();
    assert_eq!(
        lines(&ppu),
        [
            ("Image: Standard edition, $0.12 per hour".to_string(), "0.12".to_string()),
            ("ECS s6.large.2, $0.08 per hour".to_string(), "0.08".to_string()),
        ]
    );
    assert_eq!((ppu.quote.total.as_str(), ppu.due_now.as_str(), ppu.hourly), ("0.20", "0.00", true));

    let mut yearly = monthly_request("k", 3).configuration;
    yearly.quantity = Some(2);
    yearly.eip_bandwidth_mbps = Some(5);
    let fees = images::fees(store.conn(), &yearly).unwrap();
    assert_eq!(
        lines(&fees),
        [
            ("Image: 2 × Standard edition, 3 months × $29.00".to_string(), "174.00".to_string()),
            ("2 × ECS s6.large.2, $40.00 × 3 months".to_string(), "240.00".to_string()),
            ("2 × EIP 5 Mbit/s, $25.00 × 3 months".to_string(), "150.00".to_string()),
        ]
    );
    assert_eq!((fees.quote.total.as_str(), fees.due_now.as_str(), fees.hourly), ("564.00", "564.00", false));
    assert_eq!(fees.quote.per, "for 3 months");
}

#[test]
fn r_buy_5_pay_per_use_in_a_new_vpc_creates_everything_and_charges_nothing_up_front() {
    let mut store = image_store();
    top_up(&mut store, "10");
    let made = provision_at(&mut store, after(0), &ppu_request("k1")).unwrap();
    assert_eq!(made.order.order.status, OrderStatus::Completed);
    assert_eq!(made.order.order.amount, "0.00");
    assert!(made.order.ledger.is_empty(), "nothing charged up front");
    assert_eq!(balance(&store), "10.00");
    let [instance] = made.instances.as_slice() else { panic!("{:?}", made.instances) };
    assert_eq!(
        (instance.name.as_str(), instance.state, instance.login_user.as_str()),
        ("db-1", InstanceState::Running, "root")
    );
    assert_eq!(instance.vpc, "vpc-shop");
    assert_eq!(instance.subnet, "vpc-shop-subnet (10.0.0.0/24)", "the VPC's first /24 by default");
    assert_eq!(instance.security_group, "sg-mysql-image", "the seller's recommended group");
    assert_eq!(instance.billing_since.as_deref(), Some(T0));
    assert_eq!(instance.expires_at, None);
    let vpcs = koogallery_core::cloud::vpcs(store.conn()).unwrap();
    assert_eq!(vpcs.len(), 1);
    assert_eq!(vpcs[0].cidr, "10.0.0.0/16");
    assert_eq!(images::list(store.conn()).unwrap().len(), 1);
    assert_eq!(count(&store, "purchased_apps"), 1, "shown in Purchased Apps");
}

#[test]
fn r_img_yearly_monthly_fees_are_deducted_when_the_resources_are_created() {
    let mut store = image_store();
    top_up(&mut store, "500");
    let mut request = monthly_request("k1", 3);
    request.configuration.eip_bandwidth_mbps = Some(5);
    let made = provision_at(&mut store, after(0), &request).unwrap();
    // 87.00 image + 120.00 ECS + 75.00 EIP.
    assert_eq!(made.order.order.amount, "282.00");
    assert_eq!(balance(&store), "218.00");
    let entries: Vec<(&str, &str)> =
        made.order.ledger.iter().map(|l| (l.ledger_account.as_str(), l.amount.as_str())).collect();
    assert_eq!(
        entries,
        [
            ("buyer_balance:acme-prepaid", "-282.00"),
            ("seller_sales:test-seller", "87.00"),
            ("cloud:resources", "195.00")
        ]
    );
    let instance = &made.instances[0];
    // R-MT-4: bought 2 March at 10:00 UTC for three months: ends 2 June at 23:59:59.
    assert_eq!(instance.expires_at.as_deref(), Some("2026-06-02T23:59:59Z"));
    assert_eq!(instance.billing_since, None, "nothing metered");
    assert!(instance.eip_address.as_deref().unwrap().starts_with("198.18."));
    assert_ledger_balanced(&store);
}

#[test]
fn r_buy_6_a_failed_purchase_is_cancelled_and_leaves_no_resource() {
    type Setup = fn(&mut Store) -> koogallery_core::images::ProvisionRequest;
    let cases: [(&str, Setup, ErrorCode); 5] = [
        (
            "declined card",
            |store| {
                act_for(store, "borealis-postpaid");
                let mut request = monthly_request("k1", 1);
                request.payment = Some(PaymentChoice::Card { card_id: 2 });
                request
            },
            ErrorCode::PaymentDeclined,
        ),
        (
            "declined card, pay-per-use",
            |store| {
                act_for(store, "borealis-postpaid");
                let mut request = ppu_request("k1");
                request.payment = Some(PaymentChoice::Card { card_id: 2 });
                request
            },
            ErrorCode::PaymentDeclined,
        ),
        (
            "insufficient balance",
            |store| {
                top_up(store, "50");
                monthly_request("k1", 3)
            },
            ErrorCode::InsufficientBalance,
        ),
        (
            "a balance short of the first hour",
            |store| {
                top_up(store, "0.19");
                ppu_request("k1")
            },
            ErrorCode::InsufficientBalance,
        ),
        (
            "the cloud fails while creating the EIP, after the VPC and the payment",
            |store| {
                top_up(store, "500");
                store
                    .conn()
                    .execute_batch(
                        "CREATE TEMP TRIGGER outage BEFORE INSERT ON eips BEGIN SELECT RAISE(ABORT, 'EIP pool exhausted'); END;",
                    )
                    .unwrap();
                let mut request = monthly_request("k1", 1);
                request.configuration.eip_bandwidth_mbps = Some(5);
                request
            },
            ErrorCode::Storage,
        ),
    ];
    for (case, setup, code) in cases {
        let mut store = image_store();
        let request = setup(&mut store);
        let before = count(&store, "ledger_entries");
        let err = provision_at(&mut store, after(0), &request).unwrap_err();
        assert_eq!(err.code(), code, "{case}: {err}");
        let order = orders::show(store.conn(), 1).unwrap();
        assert_eq!(order.order.status, OrderStatus::Cancelled, "{case}");
        assert!(order.order.failure.is_some(), "{case}");
        for table in ["ecs_instances", "vpcs", "subnets", "security_groups", "eips", "metering_runs", "purchased_apps"]
        {
            assert_eq!(count(&store, table), 0, "{case}: {table}");
        }
        assert_eq!(count(&store, "ledger_entries"), before, "{case}: nothing charged");
        assert_ledger_balanced(&store);
        // The same key answers as it did (a failure that was not the payment's as a
        // conflict, as checkout does), without charging.
        let again = provision_at(&mut store, after(1), &request).unwrap_err();
        let expected = if code == ErrorCode::Storage { ErrorCode::Conflict } else { code };
        assert_eq!(again.code(), expected, "{case}: {again}");
        assert!(again.to_string().contains("was cancelled and nothing was charged"), "{again}");
        assert_eq!(count(&store, "orders"), 1);
    }
}

#[test]
fn r_buy_3_submitting_twice_provisions_and_charges_once() {
    let mut store = image_store();
    top_up(&mut store, "200");
    let first = provision_at(&mut store, after(0), &monthly_request("k1", 1)).unwrap();
    let again = provision_at(&mut store, after(5), &monthly_request("k1", 1)).unwrap();
    assert_eq!(again, first);
    assert_eq!(count(&store, "ecs_instances"), 1);
    assert_eq!(balance(&store), "131.00", "69.00 once");
    // A different password is not a different purchase: it is never compared or kept.
    let mut other_password = monthly_request("k1", 1);
    other_password.password = LoginPassword::new("Other-Pass-99");
    assert_eq!(provision_at(&mut store, after(6), &other_password).unwrap(), first);
    let conflict = provision_at(&mut store, after(7), &monthly_request("k1", 2)).unwrap_err();
    assert_eq!(conflict.code(), ErrorCode::Conflict);
    // A submission refused before it is recorded leaves its key free.
    let mut unticked = monthly_request("k2", 1);
    unticked.accept_agreements = false;
    assert_eq!(provision_at(&mut store, after(8), &unticked).unwrap_err().code(), ErrorCode::InvalidInput);
    let mut fixed = unticked.clone();
    fixed.accept_agreements = true;
    fixed.network = NetworkChoice::Existing { vpc_id: 1, subnet_id: 1 };
    fixed.security_group = SecurityGroupChoice::Existing { security_group_id: 1 };
    provision_at(&mut store, after(9), &fixed).unwrap();
    assert_eq!(count(&store, "ecs_instances"), 2);
}

#[test]
fn r_img_every_field_is_checked_and_a_refusal_writes_nothing() {
    type Spoil = fn(&mut koogallery_core::images::ProvisionRequest);
    let cases: &[(Spoil, &str)] = &[
        (|r| r.accept_agreements = false, "agreements: "),
        (|r| r.configuration.product_id = "crm".into(), "product: "),
        (|r| r.configuration.edition = "gold".into(), "edition: "),
        (|r| r.configuration.flavour = "x1.huge".into(), "flavour: "),
        (|r| r.configuration.duration = Some(2), "duration: "),
        (|r| r.configuration.period = Some("month".parse().unwrap()), "period: "),
        (|r| r.configuration.quantity = Some(21), "quantity: "),
        (|r| r.configuration.eip_bandwidth_mbps = Some(0), "EIP bandwidth: "),
        (|r| r.name = Some("my db".into()), "ECS name: "),
        (|r| r.password = LoginPassword::new("root-Pass-1"), "password: "),
        (|r| r.password = LoginPassword::new("short1!"), "password: "),
        (|r| r.network = NetworkChoice::Existing { vpc_id: 9, subnet_id: 9 }, "network: "),
        (
            |r| {
                r.network =
                    NetworkChoice::New { vpc_name: "v".into(), vpc_cidr: "8.8.0.0/16".into(), subnet_cidr: None }
            },
            "VPC CIDR: ",
        ),
        (
            |r| {
                r.network = NetworkChoice::New {
                    vpc_name: "v".into(),
                    vpc_cidr: "10.0.0.0/16".into(),
                    subnet_cidr: Some("10.1.0.0/24".into()),
                }
            },
            "subnet CIDR: ",
        ),
        (
            |r| {
                r.network =
                    NetworkChoice::New { vpc_name: "a b".into(), vpc_cidr: "10.0.0.0/16".into(), subnet_cidr: None }
            },
            "VPC name: ",
        ),
        (|r| r.security_group = SecurityGroupChoice::Existing { security_group_id: 7 }, "security group: "),
        (|r| r.security_group = SecurityGroupChoice::New { name: "web".into(), ports: vec![0] }, "ports: "),
        (|r| r.payment = Some(PaymentChoice::Credit), "payment: "),
        (|r| r.idempotency_key = "bad key".into(), "idempotency key: "),
    ];
    for (spoil, field) in cases {
        let mut store = image_store();
        top_up(&mut store, "100");
        let mut request = ppu_request("k1");
        spoil(&mut request);
        let err = provision_at(&mut store, after(0), &request).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{field}: {err}");
        assert!(err.to_string().starts_with(field), "{field}: {err}");
        assert_eq!(count(&store, "orders"), 0, "{field}");
        assert_eq!(count(&store, "image_provisionings"), 0, "{field}");
    }
}

#[test]
fn r_img_3_windows_images_log_in_as_administrator() {
    let mut store = image_store();
    top_up(&mut store, "100");
    let mut request = ppu_request("k1");
    request.configuration.product_id = "iis-image".into();
    request.password = LoginPassword::new("Administrator-1");
    let err = provision_at(&mut store, after(0), &request).unwrap_err();
    assert!(err.to_string().contains("Administrator"), "{err}");
    request.password = LoginPassword::new("root-Is-Fine-1");
    let made = provision_at(&mut store, after(0), &request).unwrap();
    assert_eq!(made.instances[0].login_user, "Administrator");
    assert_eq!(made.instances[0].security_group, "sg-iis-image");
}

#[test]
fn r_agy_quick_provisioning_asks_for_authorization_first() {
    let mut store = image_store();
    top_up(&mut store, "100");
    let mut request = ppu_request("k1");
    request.mode = ProvisionMode::Quick;
    let err = provision_at(&mut store, after(0), &request).unwrap_err();
    assert_eq!(err.code(), ErrorCode::AuthorizationRequired, "{err}");
    assert!(err.to_string().contains("mkp_rfs_agency_trust"), "{err}");
    assert_eq!(count(&store, "orders"), 0);
    agencies::authorize(&mut store, after(0), Purpose::QuickProvisioning).unwrap();
    provision_at(&mut store, after(0), &request).unwrap();
    // Custom provisioning needs none.
    agencies::delete(&mut store, "mkp_agency_trust").unwrap();
    let mut custom = ppu_request("k2");
    custom.network = NetworkChoice::Existing { vpc_id: 1, subnet_id: 1 };
    provision_at(&mut store, after(0), &custom).unwrap();
    let mut quick = custom.clone();
    quick.mode = ProvisionMode::Quick;
    quick.idempotency_key = "k3".into();
    assert_eq!(provision_at(&mut store, after(0), &quick).unwrap_err().code(), ErrorCode::AuthorizationRequired);
}

#[test]
fn r_img_3_the_login_password_is_not_in_the_data_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kg.db");
    let mut store = Store::open(&path).unwrap();
    let seeded = image_store();
    drop(seeded);
    common::buying_catalog(&mut store);
    common::buyers_of_each_kind(&store);
    koogallery_core::cloud::recommend_security_group(store.conn(), "mysql-image", "sg-mysql-image", &[22]).unwrap();
    top_up(&mut store, "100");
    provision_at(&mut store, after(0), &ppu_request("k1")).unwrap();
    let hash: String = store.conn().query_row("SELECT password_hash FROM ecs_instances", [], |r| r.get(0)).unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    store.conn().query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
    drop(store);
    for file in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(file.unwrap().path()).unwrap();
        assert!(!bytes.windows(PASSWORD.len()).any(|w| w == PASSWORD.as_bytes()), "the password is in the file");
    }
}

#[test]
fn r_bill_1_a_reseller_customer_provisions_for_reference_only() {
    let mut store = image_store();
    act_for(&store, "cedar-reseller");
    let made = provision_at(&mut store, after(0), &monthly_request("k1", 1)).unwrap();
    assert!(made.order.order.reference_only);
    assert_eq!(made.order.order.amount, "69.00");
    assert!(made.order.ledger.is_empty());
    assert_eq!(count(&store, "ledger_entries"), 0);
}

#[test]
fn r_img_the_demo_mysql_image_is_provisionable_in_both_modes() {
    let mut store = Store::open_in_memory().unwrap();
    koogallery_core::demo::reset(&mut store).unwrap();
    assert!(koogallery_core::cloud::vpcs(store.conn()).unwrap().is_empty(), "the prepaid account has no VPC");
    let mut request = ppu_request("k1");
    request.configuration.product_id = "mysql-8-database-image".into();
    let made = provision_at(&mut store, after(0), &request).unwrap();
    assert_eq!(made.instances[0].security_group, "sg-mysql-8-database-image");
    assert_eq!(made.order.quote.total, "0.20", "0.12 image + 0.08 ECS an hour");

    let mut quick = monthly_request("k2", 1);
    quick.configuration.product_id = "mysql-8-database-image".into();
    quick.mode = ProvisionMode::Quick;
    let mine = &koogallery_core::cloud::vpcs(store.conn()).unwrap()[0];
    quick.network = NetworkChoice::Existing { vpc_id: mine.id, subnet_id: mine.subnets[0].id };
    assert_eq!(provision_at(&mut store, after(0), &quick).unwrap_err().code(), ErrorCode::AuthorizationRequired);
    agencies::authorize(&mut store, after(0), Purpose::QuickProvisioning).unwrap();
    let made = provision_at(&mut store, after(0), &quick).unwrap();
    assert_eq!(made.order.order.amount, "69.00");

    // The postpaid account has a VPC of its own to choose.
    act_for(&store, "borealis-postpaid");
    let vpcs = koogallery_core::cloud::vpcs(store.conn()).unwrap();
    assert_eq!(vpcs[0].name, "vpc-default");
    let mut custom = monthly_request("k3", 1);
    custom.configuration.product_id = "mysql-8-database-image".into();
    custom.network = NetworkChoice::Existing { vpc_id: vpcs[0].id, subnet_id: vpcs[0].subnets[0].id };
    let made = provision_at(&mut store, after(0), &custom).unwrap();
    assert_eq!(made.order.order.payment, "Visa •••• 4242");
    assert_ledger_balanced(&store);
}

#[test]
fn r_img_the_instance_state_machine_allows_exactly_these_moves() {
    use EcsAction::*;
    use InstanceState::*;
    let legal = [
        (Running, Stop, Stopped),
        (Running, Delete, Deleted),
        (Running, ReplaceDisk, Running),
        (Running, Suspend, Suspended),
        (Stopped, Start, Running),
        (Stopped, Delete, Deleted),
        (Stopped, ReplaceDisk, Stopped),
        (Stopped, Suspend, Suspended),
        (Suspended, Start, Running),
        (Suspended, Delete, Deleted),
    ];
    for state in InstanceState::ALL {
        for action in EcsAction::ALL {
            let expected = legal.iter().find(|(s, a, _)| *s == state && *a == action).map(|(_, _, to)| *to);
            assert_eq!(state.after(action), expected, "{state:?} + {action:?}");
        }
    }
}

#[test]
fn r_img_console_actions_follow_the_state_machine_and_deleted_is_final() {
    let mut store = image_store();
    top_up(&mut store, "100");
    let id = provision_at(&mut store, after(0), &ppu_request("k1")).unwrap().instances[0].id;
    let act = |store: &mut Store, minutes: i64, action: EcsAction| {
        with_clock(after(minutes), |s| match action {
            EcsAction::Stop => images::stop(store, s, id),
            EcsAction::Start => images::start(store, s, id),
            EcsAction::Delete => images::delete(store, s, id),
            EcsAction::ReplaceDisk => images::replace_disk(store, s, id, "mysql-image", None),
            EcsAction::Suspend => unreachable!(),
        })
    };
    assert_eq!(act(&mut store, 1, EcsAction::Start).unwrap_err().code(), ErrorCode::Conflict, "already running");
    assert_eq!(act(&mut store, 2, EcsAction::Stop).unwrap().state, InstanceState::Stopped);
    assert_eq!(act(&mut store, 3, EcsAction::Stop).unwrap_err().code(), ErrorCode::Conflict);
    assert_eq!(act(&mut store, 4, EcsAction::ReplaceDisk).unwrap().state, InstanceState::Stopped);
    assert_eq!(act(&mut store, 5, EcsAction::Start).unwrap().state, InstanceState::Running);
    let deleted = act(&mut store, 6, EcsAction::Delete).unwrap();
    assert_eq!((deleted.state, deleted.billing_since), (InstanceState::Deleted, None));
    assert!(koogallery_core::cloud::eips(store.conn()).unwrap().is_empty());
    for action in [EcsAction::Stop, EcsAction::Start, EcsAction::Delete, EcsAction::ReplaceDisk] {
        let err = act(&mut store, 7, action).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Conflict, "{action:?}");
        assert!(err.to_string().contains("deleted"), "{err}");
    }
    act_for(&store, "borealis-postpaid");
    assert_eq!(images::show(store.conn(), id).unwrap_err().code(), ErrorCode::NotFound, "another account's");
    assert!(ledger::unbalanced(store.conn()).unwrap().is_empty());
}

#[test]
fn r_img_3_the_forms_check_the_password_for_the_images_own_login_user() {
    let store = image_store();
    let check = |product: &str, password: &str| {
        images::check_for_product(store.conn(), product, &LoginPassword::new(password)).unwrap()
    };
    assert!(check("mysql-image", PASSWORD).acceptable);
    let rooted = check("mysql-image", "Toor-2026!x");
    assert!(!rooted.acceptable, "root reversed is refused on a Linux image");
    assert!(check("iis-image", "Toor-2026!x").acceptable, "a Windows image logs in as Administrator");
    assert!(!check("iis-image", "xAdministrator1").acceptable);
    let err = images::check_for_product(store.conn(), "no-such-image", &LoginPassword::new(PASSWORD)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[test]
fn r_buy_5_the_forms_see_the_accounts_networks_and_the_sellers_recommended_group() {
    let mut store = image_store();
    let before = koogallery_core::cloud::networks(store.conn(), "mysql-image").unwrap();
    assert!(before.vpcs.is_empty() && before.security_groups.is_empty());
    assert_eq!(before.recommended.as_ref().map(|g| g.name.as_str()), Some("sg-mysql-image"));
    top_up(&mut store, "10");
    provision_at(&mut store, after(0), &ppu_request("k1")).unwrap();
    let after_made = koogallery_core::cloud::networks(store.conn(), "mysql-image").unwrap();
    assert_eq!(after_made.vpcs.len(), 1);
    assert_eq!(after_made.security_groups.len(), 1);
}

#[test]
fn r_img_4_the_console_and_the_bills_bill_what_is_due_before_they_are_read() {
    let mut store = image_store();
    top_up(&mut store, "10");
    provision_at(&mut store, after(0), &ppu_request("k1")).unwrap();
    let listed =
        with_clock(after(90), |services| images::console(&mut store, services, PageRequest::default())).unwrap();
    assert_eq!((listed.items.len(), listed.total), (1, 1));
    let all = PageRequest::new(0, 100);
    let charges = with_clock(after(90), |services| images::charges(&mut store, services, all)).unwrap();
    assert_eq!(
        (charges.items.len(), charges.total),
        (4, 4),
        "two started hours of the ECS and of the image: {charges:?}"
    );
    let again = with_clock(after(90), |services| images::charges(&mut store, services, all)).unwrap();
    assert_eq!(again, charges, "reading again bills nothing twice");
}
