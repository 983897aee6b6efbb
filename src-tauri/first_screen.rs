//! The window is shown once its first screen is drawn.
//!
//! A window shown as soon as it is made maps blank, and then waits for WebKit's web process to
//! start, the page's script to load and run, and the first screen's answers to come, before the
//! screen a person came for is drawn: a blank window and then a jump. Made hidden, the window
//! goes through all that unseen, beside WebKit's own start, and the page shows it when its
//! first screen is laid out (`ui/src/lib/startup/firstScreen.ts`): the first frame a person
//! sees is the finished screen. Should the page never say so (a script that failed to load),
//! the window is shown after [`AT_THE_LATEST`] all the same.

use std::sync::OnceLock;
use std::time::Duration;

use tauri::{Runtime, State, WebviewWindow};

use crate::ApiError;

/// The longest a window stays hidden when its page does not say it is drawn.
pub const AT_THE_LATEST: Duration = Duration::from_secs(3);

/// How the app's window is shown; set once the window is made (none under the mock runtime).
#[derive(Default)]
pub struct FirstScreen {
    show: OnceLock<Box<dyn Fn() + Send + Sync>>,
}

impl FirstScreen {
    /// `window`, made hidden, is shown when its page says so, or after [`AT_THE_LATEST`].
    pub fn hidden_until_drawn<R: Runtime>(&self, window: WebviewWindow<R>) {
        let later = window.clone();
        std::thread::spawn(move || {
            std::thread::sleep(AT_THE_LATEST);
            if !later.is_visible().unwrap_or(true) {
                let _ = later.show();
            }
        });
        let _ = self.show.set(Box::new(move || {
            let _ = window.show();
        }));
    }

    fn drawn(&self) {
        if let Some(show) = self.show.get() {
            show();
        }
    }
}

/// The page's first screen is laid out: the window is shown (again, it is harmless).
#[tauri::command]
#[specta::specta]
pub async fn first_screen_drawn(first_screen: State<'_, FirstScreen>) -> Result<(), ApiError> {
    first_screen.drawn();
    crate::memory::give_back_freed();
    Ok(())
}
