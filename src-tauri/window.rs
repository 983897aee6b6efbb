//! The app's window, and the new one a demo stand opens for each visitor.
//!
//! `tauri.conf.json` describes the window but does not open it: the app opens it as `main`, or,
//! for a kiosk, as `kiosk`, full screen and without decorations, with rights of its own.
//!
//! A demo stand started over for the next visitor (R-DEMO-1) also gets a new page, in a new web
//! process. WebKit's web process keeps memory from screen to screen that neither the page nor
//! the app can make it give back (its own allocators' mappings, in steps of 1 to 3 MiB): over a
//! day of visitors it only grows (`docs/benchmarks.md`, the soak). So the reset opens a second
//! window beside the first, hidden, with a web process of its own; once its first screen is
//! drawn it is shown and the old window is closed, its process with it. The visitor sees the
//! old screen until the new home is ready, and whatever the last session left behind goes away
//! with the process. The two windows take turns between two labels, which the capabilities
//! both name.

use tauri::{AppHandle, LogicalPosition, LogicalSize, Manager, Runtime, WebviewWindow, WebviewWindowBuilder};

use crate::first_screen::FirstScreen;
use crate::Kiosk;

/// The labels of the app's window as people use it, granted every command of the app.
pub const MAIN_WINDOWS: [&str; 2] = ["main", "main-next"];
/// The labels of a kiosk's window, granted only what the demo needs (`tauri.conf.json`,
/// capability `kiosk-window`): no file saved on the stand's disk, no card number, no
/// marketplace.
pub const KIOSK_WINDOWS: [&str; 2] = ["kiosk", "kiosk-next"];

/// Opens the app's first window, hidden until its first screen is drawn.
pub fn open_first<R: Runtime>(app: &AppHandle<R>, kiosk: &Kiosk) -> tauri::Result<()> {
    let labels = if kiosk.is_on() { KIOSK_WINDOWS } else { MAIN_WINDOWS };
    open(app, kiosk.is_on(), labels[0], None)
}

/// Opens a new window, with a web process of its own, to take `old`'s place once its first
/// screen is drawn; true when one is on its way. Opens none while one already is (a second
/// reset before the first one's page was drawn): that one is as new.
pub fn open_in_place_of<R: Runtime>(old: &WebviewWindow<R>) -> tauri::Result<bool> {
    let app = old.app_handle();
    let Some(label) = other_label(old.label()) else {
        return Ok(false);
    };
    if app.get_webview_window(label).is_none() {
        open(app, app.state::<Kiosk>().is_on(), label, Some(old.clone()))?;
    }
    Ok(true)
}

/// The label the window that replaces one labelled `label` takes; none for a window the app
/// did not open as its own.
fn other_label(label: &str) -> Option<&'static str> {
    [MAIN_WINDOWS, KIOSK_WINDOWS].into_iter().find_map(|[first, second]| match label {
        l if l == first => Some(second),
        l if l == second => Some(first),
        _ => None,
    })
}

fn open<R: Runtime>(
    app: &AppHandle<R>,
    kiosk: bool,
    label: &str,
    replacing: Option<WebviewWindow<R>>,
) -> tauri::Result<()> {
    let mut config = app.config().app.windows.first().cloned().unwrap_or_default();
    config.label = label.into();
    if kiosk {
        config.fullscreen = true;
        config.decorations = false;
    }
    // Shown by its page once the first screen is drawn (`first_screen.rs`).
    config.visible = false;
    let mut builder = WebviewWindowBuilder::from_config(app, &config)?;
    if let (Some(old), false) = (&replacing, kiosk) {
        // Where and as large as the person left the window.
        let scale = old.scale_factor()?;
        let position: LogicalPosition<f64> = old.outer_position()?.to_logical(scale);
        let size: LogicalSize<f64> = old.inner_size()?.to_logical(scale);
        builder =
            builder.position(position.x, position.y).inner_size(size.width, size.height).maximized(old.is_maximized()?);
    }
    let window = builder.build()?;
    crate::memory::keep_only_the_page(&window)?;
    app.state::<FirstScreen>().hidden_until_drawn(window, replacing);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_window_is_replaced_by_the_other_of_its_pair_and_back() {
        assert_eq!(other_label("main"), Some("main-next"));
        assert_eq!(other_label("main-next"), Some("main"));
        assert_eq!(other_label("kiosk"), Some("kiosk-next"));
        assert_eq!(other_label("kiosk-next"), Some("kiosk"));
        assert_eq!(other_label("settings"), None, "not a window of the app's own");
    }
}
