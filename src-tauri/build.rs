// The app's own commands, declared so that capabilities can grant them one by one
// (tauri.conf.json grants the main window exactly these).
const COMMANDS: &[&str] = &[
    "catalog_home",
    "catalog_search",
    "product_show",
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
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run the Tauri build script");
}
