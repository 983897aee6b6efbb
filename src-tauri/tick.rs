//! The app's periodic tick: every few seconds it fires the timers due (so that a completion or
//! a refund happens while the app stays open) and, when the window is in the background,
//! turns the current role's new messages into desktop notifications (R-AFT-4).
//!
//! Messages are written by the core wherever an event happens (this app, `kg`, a sync); the
//! tick only notices the ones it has not seen. It never notifies of messages that existed when
//! the app started.

use std::time::Duration;

use koogallery_core::messages;
use koogallery_core::orders::Services;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::AppState;

const EVERY: Duration = Duration::from_secs(5);

pub fn start<R: Runtime>(app: AppHandle<R>) {
    std::thread::spawn(move || {
        let mut seen =
            app.state::<AppState>().store().ok().and_then(|s| messages::latest_id(s.conn()).ok()).unwrap_or(0);
        loop {
            std::thread::sleep(EVERY);
            let state = app.state::<AppState>();
            let fresh = {
                let Ok(mut store) = state.store() else { continue };
                let _ = koogallery_core::scheduler::catch_up(&mut store, &Services::system());
                let latest = messages::latest_id(store.conn()).unwrap_or(seen);
                let fresh = messages::unread_since(store.conn(), seen).unwrap_or_default();
                seen = latest;
                fresh
            };
            let focused = app.get_webview_window("main").and_then(|w| w.is_focused().ok()).unwrap_or(true);
            if focused {
                continue;
            }
            for message in fresh {
                let _ = app.notification().builder().title(&message.title).body(&message.body).show();
            }
        }
    });
}
