//! How the webview paints on Linux, where it matters for speed.
//!
//! WebKitGTK composites every frame with OpenGL. On a machine with no GPU (a virtual machine, a
//! remote desktop, a kiosk without graphics drivers, Xvfb) that OpenGL is Mesa's software
//! rasteriser, llvmpipe, and compositing a changed 1280×800 frame through it costs 25 to 45 ms of
//! processor time: the frame rate of the search screen falls to 20–25 frames a second while its
//! results change, and each keystroke waits for those frames (`docs/benchmarks.md`, "Keystroke to
//! painted results"). Painting without compositing, into a shared buffer, costs a few
//! milliseconds on the same machine. So where there is no GPU to composite with, WebKit is told
//! not to composite; where there is one, WebKit keeps its own choice.
//!
//! The choice is made through WebKit's own variable, before the first webview exists: switching
//! a webview that has started painting (its hardware acceleration policy) left it without
//! animation frames when the switch came after the page's first paint.

/// Whether this machine has a GPU that WebKit could composite with: a DRM render node.
#[cfg(target_os = "linux")]
pub fn has_render_node(dri: &std::path::Path) -> bool {
    std::fs::read_dir(dri)
        .map(|entries| entries.flatten().any(|entry| entry.file_name().to_string_lossy().starts_with("renderD")))
        .unwrap_or(false)
}

/// Paints without compositing where compositing would be done in software. Nothing is changed
/// elsewhere, or when the variable is already set (by the person, who knows their machine).
/// Must run before any webview is created, while the process has one thread.
pub fn paint_in_software_without_gpu() {
    #[cfg(target_os = "linux")]
    {
        const VARIABLE: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
        if std::env::var_os(VARIABLE).is_none() && !has_render_node(std::path::Path::new("/dev/dri")) {
            std::env::set_var(VARIABLE, "1");
        }
    }
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
