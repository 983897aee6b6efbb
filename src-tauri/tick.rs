//! The app's periodic tick: every few seconds it fires the timers due (so that a completion or
//! a refund happens while the app stays open) and, when the window is in the background,
//! turns the current role's new messages into desktop notifications (R-AFT-4).
//!
//! Messages are written by the core wherever an event happens (this app, `kg`, a sync); the
//! tick only notices the ones it has not seen. It never notifies of messages that existed when
//! the app started.
//!
//! On a seller's copy the tick also syncs (R-SYNC-4): soon after the seller acts, every 30 s
//! while the marketplace answers, and less and less often while it does not
//! (`sync::next_sync_in`).

use std::time::{Duration, Instant};

use koogallery_core::orders::Services;
use koogallery_core::{messages, sync};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::AppState;

const EVERY: Duration = Duration::from_secs(5);

pub fn start<R: Runtime>(app: AppHandle<R>) {
    std::thread::spawn(move || {
        let mut seen =
            app.state::<AppState>().store().ok().and_then(|s| messages::latest_id(s.conn()).ok()).unwrap_or(0);
        let mut syncing = AutoSync::default();
        loop {
            std::thread::sleep(EVERY);
            let state = app.state::<AppState>();
            syncing.tick(&state);
            let fresh = {
                let Ok(mut store) = state.store() else { continue };
                let _ = koogallery_core::scheduler::catch_up(&mut store, &Services::system());
                let latest = messages::latest_id(store.conn()).unwrap_or(seen);
                let fresh = messages::unread_since(store.conn(), seen).unwrap_or_default();
                seen = latest;
                fresh
            };
            let windows = app.webview_windows();
            let focused = windows.is_empty() || windows.values().any(|w| w.is_focused().unwrap_or(true));
            if focused {
                continue;
            }
            for message in fresh {
                let _ = app.notification().builder().title(&message.title).body(&message.body).show();
            }
        }
    });
}

/// When the copy syncs next, and how many attempts in a row found the marketplace silent.
#[derive(Default)]
struct AutoSync {
    failures: u32,
    next: Option<Instant>,
}

impl AutoSync {
    fn tick(&mut self, state: &AppState) {
        let waiting = match state.store().and_then(|s| Ok(sync::status(s.conn())?)) {
            Ok(Some(status)) => !status.waiting.is_empty(),
            _ => return,
        };
        let due = self.next.is_none_or(|next| Instant::now() >= next);
        // What the seller just did goes at once when the marketplace was answering.
        if !due && (!waiting || self.failures > 0) {
            return;
        }
        let reached = matches!(crate::commands::sync::round(state), Ok(round) if round.unreachable.is_none());
        self.failures = if reached { 0 } else { self.failures.saturating_add(1) };
        self.next = Some(Instant::now() + sync::next_sync_in(self.failures));
    }
}
