//! The KooGallery desktop shell: a thin Tauri layer over `koogallery-core`.
//!
//! It opens the store, registers the commands (each a one-line delegation to the core), serves
//! product pictures over the `media:` scheme, and nothing more: no SQL and no business rule
//! lives here.

pub mod bindings;
pub mod commands;
mod error;
mod first_screen;
mod kiosk;
mod media;
mod memory;
mod open_files;
mod rendering;
mod security;
mod state;
mod tick;
mod window;

pub use error::ApiError;
pub use kiosk::Kiosk;
pub use state::AppState;

use koogallery_core::orders::Services;
use tauri::{Manager, Runtime};

/// The commands the UI can call: their handler, and what their TypeScript bindings are made of.
///
/// A command that takes its window is generic over the runtime: its types are the same on any,
/// and the handler takes the runtime of the app it serves.
fn ui_commands<R: Runtime>() -> tauri_specta::Commands<R> {
    tauri_specta::collect_commands![
        commands::catalog::catalog_home,
        commands::catalog::catalog_search,
        commands::catalog::product_show,
        commands::catalog::seller_show,
        commands::catalog::product_quote,
        commands::catalog::product_guide_save,
        commands::favorites::favorite_save,
        commands::favorites::favorite_remove,
        commands::favorites::favorites_list,
        commands::requirements::requirement_submit,
        commands::requirements::requirements_list,
        commands::buying::account_show,
        commands::buying::account_switch,
        commands::buying::account_top_up,
        commands::buying::order_place,
        commands::buying::orders_list,
        commands::buying::order_show,
        commands::buying::apps_list,
        commands::buying::app_show,
        commands::buying::app_reveal_password,
        commands::buying::account_add_card,
        commands::buying::account_request_credit,
        commands::buying::account_set_time_zone,
        commands::buying::orders_received,
        commands::buying::orders_all,
        commands::roles::role_show,
        commands::roles::role_switch,
        commands::images::ecs_flavours,
        commands::images::ecs_networks,
        commands::images::image_fees,
        commands::images::image_password_check,
        commands::images::image_provision,
        commands::images::ecs_list,
        commands::images::ecs_show,
        commands::images::ecs_stop,
        commands::images::ecs_start,
        commands::images::ecs_delete,
        commands::images::ecs_replace_disk,
        commands::images::bills_list,
        commands::images::agencies_list,
        commands::images::agencies_pending,
        commands::images::agencies_authorize,
        commands::images::agency_delete,
        commands::supervision::supervision_list,
        commands::supervision::supervision_show,
        commands::supervision::supervision_act,
        commands::supervision::supervision_queue,
        commands::supervision::appeals_list,
        commands::supervision::supervision_verify,
        commands::supervision::supervision_export,
        commands::supervision::supervision_attachment_save,
        commands::supervision::unsubscriptions_list,
        commands::supervision::unsubscribe_quote,
        commands::supervision::unsubscribe_request,
        commands::supervision::unsubscribe_standard_quote,
        commands::supervision::unsubscribe_standard,
        commands::supervision::unsubscriptions_received,
        commands::supervision::unsubscribe_review,
        commands::supervision::messages_list,
        commands::supervision::messages_unread,
        commands::supervision::messages_read,
        commands::subscriptions::subscriptions_of_orders,
        commands::subscriptions::subscriptions_renewals,
        commands::subscriptions::subscription_show,
        commands::subscriptions::subscription_renewal_quote,
        commands::subscriptions::subscription_renew,
        commands::subscriptions::subscription_auto_renew,
        commands::subscriptions::subscription_upgrade_quote,
        commands::subscriptions::subscription_upgrade,
        commands::after_sales::invoice_orders,
        commands::after_sales::invoices_list,
        commands::after_sales::invoice_show,
        commands::after_sales::invoice_request,
        commands::after_sales::invoice_issue,
        commands::after_sales::invoice_reissue,
        commands::after_sales::invoice_save,
        commands::after_sales::tickets_list,
        commands::after_sales::ticket_show,
        commands::after_sales::ticket_open,
        commands::after_sales::ticket_answer,
        commands::after_sales::ticket_close,
        commands::after_sales::ticket_attachment_save,
        commands::sync::sync_status,
        commands::sync::sync_now,
        commands::sync::sync_conflicts,
        commands::sync::sync_connect,
        commands::sync::sync_enrol,
        commands::sync::sync_devices,
        commands::sync::sync_revoke,
        commands::demo::demo_status,
        commands::demo::demo_reset::<tauri::Wry>,
        commands::demo::demo_travel,
        commands::demo::demo_undo,
        kiosk::kiosk_status,
        kiosk::kiosk_leave,
        first_screen::first_screen_drawn::<tauri::Wry>,
    ]
}

/// The TypeScript bindings of the commands (`bindings.rs`). Only the bindings are made from it:
/// describing every command's types walks the code of every type the commands take and give,
/// which the running app has no use for.
pub fn specta_builder<R: Runtime>() -> tauri_specta::Builder<R> {
    tauri_specta::Builder::<R>::new()
        .error_handling(tauri_specta::ErrorHandlingMode::Result)
        // Outputs are only serialised and inputs only deserialised: one TypeScript type each.
        .disable_serde_phases()
        .commands(ui_commands())
}

/// Everything the app is, on any runtime: the real webview, or Tauri's mock runtime in tests.
pub fn app_builder<R: Runtime>(builder: tauri::Builder<R>, state: AppState, kiosk: Kiosk) -> tauri::Builder<R> {
    let handler = ui_commands::<R>().0;
    builder
        .manage(state)
        .manage(kiosk)
        .manage(first_screen::FirstScreen::default())
        .invoke_handler(move |invoke| handler(invoke))
        .register_asynchronous_uri_scheme_protocol("media", |ctx, request, responder| {
            let app = ctx.app_handle().clone();
            tauri::async_runtime::spawn_blocking(move || {
                responder.respond(media::respond(&app.state::<AppState>(), request.uri().path()));
            });
        })
}

/// Runs the desktop app on the store named by `KG_DB`, or the default data file; with `--demo`
/// on the demo sandbox beside it, and with `--kiosk` as an unattended stand's kiosk.
pub fn run() {
    memory::one_heap();
    // Without it the app runs all the same, under the limit the session gave.
    if let Err(e) = open_files::raise_to_the_hard_limit() {
        eprintln!("KooGallery could not raise its limit on open files: {e}");
    }
    rendering::paint_in_software_without_gpu();
    memory::interpret_scripts();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let kiosk_mode = args.iter().any(|arg| arg == "--kiosk");
    let kiosk = if kiosk_mode {
        // The PIN is read once and not kept in the environment of what the app starts.
        let pin = std::env::var("KG_KIOSK_PIN").unwrap_or_default();
        std::env::remove_var("KG_KIOSK_PIN");
        Kiosk::with_pin(&pin).unwrap_or_else(|e| {
            eprintln!("KooGallery cannot run as a kiosk: {e}");
            std::process::exit(2);
        })
    } else {
        Kiosk::default()
    };
    // Demo mode (R-DEMO): the sandbox beside the data file, at its first state.
    let demo = kiosk_mode || args.iter().any(|arg| arg == "--demo");
    let opened = if demo { AppState::open_demo() } else { AppState::open_default() };
    let state = match opened {
        Ok(state) => state,
        Err(e) => {
            eprintln!("KooGallery cannot open its data file: {e}");
            std::process::exit(1);
        }
    };
    app_builder(tauri::Builder::default(), state, kiosk)
        .plugin(tauri_plugin_notification::init())
        .on_window_event(|window, event| {
            // A kiosk's window stays open for visitors: only the PIN lets it close.
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                if !window.state::<Kiosk>().may_close() {
                    api.prevent_close();
                }
            }
        })
        .setup(|app| {
            let kiosk = app.state::<Kiosk>();
            window::open_first(app.handle(), &kiosk)?;
            if kiosk.is_on() {
                let handle = app.handle().clone();
                kiosk.on_leave(move || handle.exit(0));
            }
            // The search index of a large catalog takes a moment to build: do it while the
            // window loads rather than on the buyer's first keystroke. A failure here is left
            // for the first search, which builds again and reports it. Then fire every timer
            // due while the app was closed (completions, refunds, the hours of pay-per-use
            // images); the screens catch up again before they read, so a failure here only
            // delays them.
            let app = app.handle().clone();
            tick::start(app.clone());
            tauri::async_runtime::spawn_blocking(move || {
                if let Ok(store) = app.state::<AppState>().store() {
                    let _ = koogallery_core::catalog::search::prepare(&store);
                }
                if let Ok(mut store) = app.state::<AppState>().store() {
                    let _ = koogallery_core::scheduler::catch_up(&mut store, &Services::system());
                }
            });
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the KooGallery window could not be started");
}

/// For a test that changes something process-wide (a limit, the allocator's settings): runs
/// the test named `test` again in a process of its own, waits for it and fails if it failed.
/// Returns true in that process, where the test's body runs; false in the one that started it.
#[cfg(test)]
pub(crate) fn in_a_process_of_its_own(test: &str) -> bool {
    const ALONE: &str = "KG_TEST_ALONE";
    if std::env::var_os(ALONE).is_some() {
        return true;
    }
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--test-threads=1", "--nocapture"])
        .env(ALONE, "1")
        .status()
        .unwrap();
    assert!(status.success(), "{test}, run alone: {status}");
    false
}
