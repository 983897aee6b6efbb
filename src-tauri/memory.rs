//! How much the webview keeps in memory.
//!
//! WebKit's default cache model is a web browser's: it keeps decoded pictures, scripts and
//! whole pages in memory to go back and forth between sites quickly. The app is one page that
//! reads its pictures from its own store through `media:`, in a few milliseconds; what the
//! browser's caches keep only grows the web process as a person browses products, which on an
//! unattended stand goes on all day. The "document viewer" model keeps no memory cache of
//! resources and no back/forward pages.

/// Asks WebKit to keep only what the page on screen needs. Nothing happens off Linux, or
/// under Tauri's mock runtime, which has no webview.
pub fn keep_only_the_page<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) -> tauri::Result<()> {
    window.with_webview(|webview| {
        #[cfg(target_os = "linux")]
        {
            use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
            if let Some(context) = webview.inner().context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = webview;
    })
}
