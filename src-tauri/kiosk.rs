//! Kiosk mode (R-DEMO-3), for a stand nobody watches: `--kiosk` runs demo mode full screen,
//! without window decorations, and the window cannot be closed by visitors; staff leave with
//! the PIN given in `KG_KIOSK_PIN` when the app started. The browser's own shortcuts (reload,
//! zoom, back, the context menu) are blocked by the UI when `kiosk_status` says so.
//!
//! The PIN is kept as its SHA-256 only and never logged; a wrong one waits a second before it
//! is refused, so that guessing at a stand takes hours.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

use koogallery_core::{CoreError, ErrorCode};
use sha2::{Digest, Sha256};
use tauri::State;

use crate::ApiError;

/// Whether the app runs as a kiosk, and how staff leave it.
#[derive(Default)]
pub struct Kiosk {
    pin: Option<[u8; 32]>,
    leaving: AtomicBool,
    /// Ends the app; set once the app runs (none under the mock runtime).
    exit: OnceLock<Box<dyn Fn() + Send + Sync>>,
}

impl Kiosk {
    /// A kiosk left with `pin`: 4 to 12 digits.
    pub fn with_pin(pin: &str) -> Result<Kiosk, CoreError> {
        if !(4..=12).contains(&pin.len()) || !pin.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CoreError::invalid("KG_KIOSK_PIN: the PIN that leaves the kiosk is 4 to 12 digits"));
        }
        Ok(Kiosk { pin: Some(Sha256::digest(pin.as_bytes()).into()), ..Kiosk::default() })
    }

    pub fn is_on(&self) -> bool {
        self.pin.is_some()
    }

    /// True while the window may close: not a kiosk, or staff gave the PIN.
    pub fn may_close(&self) -> bool {
        !self.is_on() || self.leaving.load(Ordering::SeqCst)
    }

    /// How the app is ended once staff gave the PIN.
    pub fn on_leave(&self, exit: impl Fn() + Send + Sync + 'static) {
        let _ = self.exit.set(Box::new(exit));
    }

    fn leave(&self, pin: &str) -> Result<(), ApiError> {
        let Some(expected) = self.pin else {
            return Err(ApiError { code: ErrorCode::Conflict, message: "the app is not a kiosk".into() });
        };
        let given: [u8; 32] = Sha256::digest(pin.trim().as_bytes()).into();
        if given != expected {
            std::thread::sleep(Duration::from_secs(1));
            return Err(ApiError { code: ErrorCode::Forbidden, message: "that is not the kiosk's PIN".into() });
        }
        self.leaving.store(true, Ordering::SeqCst);
        if let Some(exit) = self.exit.get() {
            exit();
        }
        Ok(())
    }
}

/// True when the app runs as a kiosk: the UI then blocks the browser's shortcuts.
#[tauri::command]
#[specta::specta]
pub async fn kiosk_status(kiosk: State<'_, Kiosk>) -> Result<bool, ApiError> {
    Ok(kiosk.is_on())
}

/// Staff leave the kiosk with its PIN: the app ends (the script that runs it does not start it
/// again after a deliberate exit).
#[tauri::command]
#[specta::specta]
pub async fn kiosk_leave(kiosk: State<'_, Kiosk>, pin: String) -> Result<(), ApiError> {
    kiosk.leave(&pin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_demo_3_only_the_pin_given_at_start_leaves_the_kiosk() {
        let kiosk = Kiosk::with_pin("2468").unwrap();
        assert!(kiosk.is_on() && !kiosk.may_close(), "visitors cannot close it");
        let left = std::sync::Arc::new(AtomicBool::new(false));
        let told = left.clone();
        kiosk.on_leave(move || told.store(true, Ordering::SeqCst));

        let wrong = kiosk.leave("1357").unwrap_err();
        assert_eq!(wrong.code, ErrorCode::Forbidden);
        assert!(!kiosk.may_close() && !left.load(Ordering::SeqCst));
        kiosk.leave(" 2468 ").unwrap();
        assert!(kiosk.may_close() && left.load(Ordering::SeqCst), "staff leave");
    }

    #[test]
    fn r_demo_3_a_pin_is_4_to_12_digits_and_a_plain_app_is_no_kiosk() {
        for bad in ["", "123", "1234567890123", "12a4", "12 34"] {
            assert_eq!(Kiosk::with_pin(bad).err().map(|e| e.code()), Some(ErrorCode::InvalidInput), "{bad:?}");
        }
        let plain = Kiosk::default();
        assert!(!plain.is_on() && plain.may_close());
        assert_eq!(plain.leave("2468").unwrap_err().code, ErrorCode::Conflict);
    }
}
