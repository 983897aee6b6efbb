//! How the webview paints on Linux, where it matters for speed.
//!
//! WebKitGTK composites every frame with OpenGL. On a machine with no GPU (a virtual machine, a
//! remote desktop, a kiosk without graphics drivers, Xvfb) that OpenGL is Mesa's software
//! rasteriser, llvmpipe, and compositing a changed 1280×800 frame through it costs 25 to 45 ms of
//! processor time: the frame rate of the search screen falls to 20–25 frames a second while its
//! results change, and each keystroke waits for those frames (`docs/benchmarks.md`, "Keystroke to
//! painted results"). Painting without compositing, into a shared buffer, costs a few
//! milliseconds on the same machine. So where there is no GPU to composite with, the webview is
//! told never to use hardware acceleration; where there is one, WebKit keeps its own choice.

use tauri::{Runtime, WebviewWindow};

/// Whether this machine has a GPU that WebKit could composite with: a DRM render node.
#[cfg(target_os = "linux")]
pub fn has_render_node(dri: &std::path::Path) -> bool {
    std::fs::read_dir(dri)
        .map(|entries| entries.flatten().any(|entry| entry.file_name().to_string_lossy().starts_with("renderD")))
        .unwrap_or(false)
}

/// Paints without compositing where compositing would be done in software. Nothing is changed
/// elsewhere, or when WebKit's own variable already decides (`WEBKIT_DISABLE_COMPOSITING_MODE`).
pub fn paint_in_software_without_gpu<R: Runtime>(window: &WebviewWindow<R>) {
    #[cfg(target_os = "linux")]
    {
        if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_some()
            || has_render_node(std::path::Path::new("/dev/dri"))
        {
            return;
        }
        // A failure leaves WebKit's default: slower frames, nothing else.
        let _ = window.with_webview(|webview| {
            use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
            if let Some(settings) = WebViewExt::settings(&webview.inner()) {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::has_render_node;

    #[test]
    fn a_render_node_is_a_gpu_and_a_card_alone_or_no_folder_is_not() {
        let dri = tempfile::tempdir().unwrap();
        assert!(!has_render_node(&dri.path().join("missing")), "no /dev/dri at all");
        assert!(!has_render_node(dri.path()), "an empty /dev/dri");
        std::fs::write(dri.path().join("card0"), "").unwrap();
        assert!(!has_render_node(dri.path()), "a display card without a render node");
        std::fs::write(dri.path().join("renderD128"), "").unwrap();
        assert!(has_render_node(dri.path()), "a render node");
    }
}
