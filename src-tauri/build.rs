// The app's own commands, declared so that capabilities can grant them one by one
// (tauri.conf.json grants the main window exactly these).
const COMMANDS: &[&str] = &[
    "catalog_home",
    "catalog_search",
    "product_show",
    "seller_show",
    "product_quote",
    "product_guide_save",
    "favorite_save",
    "favorite_remove",
    "favorites_list",
    "requirement_submit",
    "requirements_list",
    "account_show",
    "account_switch",
    "account_top_up",
    "order_place",
    "orders_list",
    "order_show",
    "apps_list",
    "app_show",
    "app_reveal_password",
    "account_add_card",
    "account_request_credit",
    "account_set_time_zone",
    "orders_received",
    "orders_all",
    "role_show",
    "role_switch",
    "ecs_flavours",
    "ecs_networks",
    "image_fees",
    "image_password_check",
    "image_provision",
    "ecs_list",
    "ecs_show",
    "ecs_stop",
    "ecs_start",
    "ecs_delete",
    "ecs_replace_disk",
    "bills_list",
    "agencies_list",
    "agencies_pending",
    "agencies_authorize",
    "agency_delete",
    "supervision_list",
    "supervision_show",
    "supervision_act",
    "supervision_queue",
    "appeals_list",
    "supervision_verify",
    "supervision_export",
    "supervision_attachment_save",
    "unsubscriptions_list",
    "unsubscribe_quote",
    "unsubscribe_request",
    "unsubscribe_standard_quote",
    "unsubscribe_standard",
    "unsubscriptions_received",
    "unsubscribe_review",
    "messages_list",
    "messages_unread",
    "messages_read",
    "subscriptions_of_orders",
    "subscriptions_renewals",
    "subscription_show",
    "subscription_renewal_quote",
    "subscription_renew",
    "subscription_auto_renew",
    "subscription_upgrade_quote",
    "subscription_upgrade",
    "invoice_orders",
    "invoices_list",
    "invoice_show",
    "invoice_request",
    "invoice_issue",
    "invoice_reissue",
    "invoice_save",
    "tickets_list",
    "ticket_show",
    "ticket_open",
    "ticket_answer",
    "ticket_close",
    "ticket_attachment_save",
    "sync_status",
    "sync_now",
    "sync_conflicts",
    "sync_connect",
    "sync_enrol",
    "sync_devices",
    "sync_revoke",
    "demo_status",
    "demo_reset",
    "demo_travel",
    "demo_undo",
    "kiosk_status",
    "first_screen_drawn",
    "kiosk_leave",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run the Tauri build script");
    lay_out_start_code_first();
}

/// In a release build of the app, the functions a start runs (listed by
/// `scripts/startup-order.sh`) are placed first and together in the binary, so that a running
/// app keeps a few neighbouring pages of its code resident instead of pages from all over it.
/// The list names symbols as Rust's linker on x86-64 Linux (LLD) sees them; a name that is no
/// longer in the binary is skipped.
fn lay_out_start_code_first() {
    let order = std::path::Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("src-tauri/startup-order.txt");
    println!("cargo:rerun-if-changed={}", order.display());
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let lld = var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ARCH") == "x86_64"
        && var("CARGO_CFG_TARGET_ENV") == "gnu";
    if var("PROFILE") == "release" && lld && order.exists() {
        println!("cargo:rustc-link-arg-bin=koogallery-desktop=-Wl,--symbol-ordering-file={}", order.display());
        println!("cargo:rustc-link-arg-bin=koogallery-desktop=-Wl,--no-warn-symbol-ordering");
        // The relocations the loader applies at every start, packed (DT_RELR, glibc 2.36, as in
        // Debian 12): 1.4 MiB of them read at each launch and kept resident become a few KiB.
        println!("cargo:rustc-link-arg-bin=koogallery-desktop=-Wl,-z,pack-relative-relocs");
    }
}
