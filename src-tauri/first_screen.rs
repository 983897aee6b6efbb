//! A window is shown once its first screen is drawn.
//!
//! A window shown as soon as it is made maps blank, and then waits for WebKit's web process to
//! start, the page's script to load and run, and the first screen's answers to come, before the
//! screen a person came for is drawn: a blank window and then a jump. Made hidden, the window
//! goes through all that unseen, beside WebKit's own start, and the page shows it when its
//! first screen is laid out (`ui/src/lib/startup/firstScreen.ts`): the first frame a person
//! sees is the finished screen. Should the page never say so (a script that failed to load),
//! the window is shown after [`AT_THE_LATEST`] all the same.
//!
//! A window opened in place of another (`window.rs`) closes that one when it is shown, so that
//! the screen is never without a window.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use tauri::{Manager, Runtime, State, WebviewWindow};

use crate::ApiError;

/// The longest a window stays hidden when its page does not say it is drawn.
pub const AT_THE_LATEST: Duration = Duration::from_secs(3);

type Show = Box<dyn FnOnce() + Send>;

/// The windows waiting for their first screen, by label, each with the number it was made
/// under: a label comes back when windows take turns, and a late deadline of an earlier window
/// must not show a later one.
#[derive(Default)]
pub struct FirstScreen {
    waiting: Mutex<HashMap<String, (u64, Show)>>,
    made: AtomicU64,
}

impl FirstScreen {
    /// `window`, made hidden, is shown when its page says so, or after [`AT_THE_LATEST`]; then
    /// `replacing`, if any, is closed.
    pub fn hidden_until_drawn<R: Runtime>(&self, window: WebviewWindow<R>, replacing: Option<WebviewWindow<R>>) {
        let number = self.made.fetch_add(1, Ordering::SeqCst);
        let label = window.label().to_string();
        let app = window.app_handle().clone();
        let show: Show = Box::new(move || {
            let _ = window.show();
            if let Some(old) = replacing {
                let _ = window.set_focus();
                // Destroyed, not closed: a kiosk refuses to close, and this is not a visitor.
                let _ = crate::memory::let_go_of_page(&old);
                let _ = old.destroy();
                // What the old page held in this process is freed once the event loop has
                // destroyed its window, a moment later.
                std::thread::spawn(|| {
                    std::thread::sleep(Duration::from_secs(1));
                    crate::memory::give_back_freed();
                });
            }
        });
        self.waiting.lock().unwrap_or_else(|e| e.into_inner()).insert(label.clone(), (number, show));
        std::thread::spawn(move || {
            std::thread::sleep(AT_THE_LATEST);
            app.state::<FirstScreen>().show(&label, Some(number));
        });
    }

    /// Shows the window labelled `label` if it is waiting (and is the one made as `number`,
    /// when given).
    fn show(&self, label: &str, number: Option<u64>) {
        let show = {
            let mut waiting = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
            match waiting.get(label) {
                Some((made, _)) if number.is_none_or(|n| n == *made) => waiting.remove(label),
                _ => None,
            }
        };
        if let Some((_, show)) = show {
            show();
        }
    }
}

/// The page's first screen is laid out: its window is shown (again, it is harmless).
#[tauri::command]
#[specta::specta]
pub async fn first_screen_drawn<R: Runtime>(
    window: WebviewWindow<R>,
    first_screen: State<'_, FirstScreen>,
) -> Result<(), ApiError> {
    first_screen.show(window.label(), None);
    crate::memory::give_back_freed();
    Ok(())
}
