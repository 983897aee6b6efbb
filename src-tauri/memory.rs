//! How much the webview keeps in memory.
//!
//! WebKit's default cache model is a web browser's: it keeps decoded pictures, scripts and
//! whole pages in memory to go back and forth between sites quickly. The app is one page that
//! reads its pictures from its own store through `media:`, in a few milliseconds; what the
//! browser's caches keep only grows the web process as a person browses products, which on an
//! unattended stand goes on all day. The "document viewer" model keeps no memory cache of
//! resources and no back/forward pages.
//!
//! Nor does its JavaScript engine compile the page's scripts to machine code. JavaScriptCore's
//! just-in-time compilers keep, for every function that runs often, its compiled code and the
//! profiles they compile from, and compile again as a person goes from screen to screen: over a
//! soak of the demo stand they were most of what the web process grew by (`docs/benchmarks.md`).
//! The app's scripts draw screens from answers the core has already computed; interpreted, they
//! still follow every keystroke and switch role within their targets.
//!
//! The app's own process gives back what it freed at the two moments it goes quiet: once the
//! first screen is drawn, and when the demo stand is reset for the next visitor. glibc keeps
//! freed memory in its heaps for the next allocation and returns to the system only what lies
//! at a heap's end. A visitor's session (the store copied back by the reset, the snapshot an
//! undo needs, a year of the time machine) frees tens of megabytes in the middle of them, which
//! the process would otherwise hold all day.
//!
//! And its threads share one heap. glibc gives each new thread that allocates a heap (an arena)
//! of its own, up to eight per core, so that a server's threads never wait on each other to
//! allocate. The app's work is serialised on its store, and each arena kept the peak of a
//! visitor's session on the thread that ran it, scattered among what was still in use there:
//! over a soak of the demo stand the app's process grew with them (`docs/benchmarks.md`).

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

/// Lets go of the webview of `window`, about to be destroyed. Nothing happens off Linux, or
/// under Tauri's mock runtime.
///
/// Tauri's webview library receives the page's commands through a handler on the webview's
/// user content manager, and that handler holds the webview: webview, manager, handler, webview
/// again. Destroying the window closes its page and ends its web process, but that circle kept
/// the webview in the app's process, with the manager, the page's scripts (some 26 KiB) and a
/// file WebKit keeps open for each page. A demo stand opens a window for each visitor
/// (`window.rs`), so each visitor left that much behind, and a thousand visitors a thousand open
/// files. Taking the handler off breaks the circle: the webview is finalized with its window.
/// The window must not need its page's commands any more.
pub fn let_go_of_page<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) -> tauri::Result<()> {
    window.with_webview(|webview| {
        #[cfg(target_os = "linux")]
        {
            use webkit2gtk::glib::{
                gobject_ffi, subclass::signal::SignalId, translate::IntoGlib, ObjectType, StaticType,
            };
            use webkit2gtk::{UserContentManager, WebViewExt};
            let Some(manager) = webview.inner().user_content_manager() else {
                return;
            };
            let Some(signal) = SignalId::lookup("script-message-received", UserContentManager::static_type()) else {
                return;
            };
            // One handler at a time, found by its signal alone: asked to disconnect by the
            // signal alone, GLib before 2.78 (Debian 12 has 2.74) matches nothing.
            // SAFETY: `manager` is a live GObject for the whole call, and each id is one of its
            // handlers, just found; disconnecting only drops the handler's closure (and what it
            // holds), which is all this is for.
            unsafe {
                let instance = manager.as_ptr().cast();
                loop {
                    let handler = gobject_ffi::g_signal_handler_find(
                        instance,
                        gobject_ffi::G_SIGNAL_MATCH_ID,
                        signal.into_glib(),
                        0,
                        std::ptr::null_mut(),
                        std::ptr::null_mut(),
                        std::ptr::null_mut(),
                    );
                    if handler == 0 {
                        break;
                    }
                    gobject_ffi::g_signal_handler_disconnect(instance, handler);
                }
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = webview;
    })
}

/// The variable through which JavaScriptCore reads its `useJIT` option, in every process of
/// WebKit's that the app starts.
const JIT_VARIABLE: &str = "JSC_useJIT";

/// What `JSC_useJIT` is set to: off, unless the person running the app chose (they know their
/// machine).
fn jit_setting(chosen: Option<std::ffi::OsString>) -> Option<&'static str> {
    chosen.is_none().then_some("0")
}

/// Runs the page's scripts in JavaScriptCore's interpreter. Must run before any webview is
/// created, while the process has one thread: WebKit's web process inherits the environment.
pub fn interpret_scripts() {
    if let Some(value) = jit_setting(std::env::var_os(JIT_VARIABLE)) {
        std::env::set_var(JIT_VARIABLE, value);
    }
}

/// Has every thread of this process allocate from the one heap. Must run before the process
/// starts a thread; a no-op off glibc.
pub fn one_heap() {
    // SAFETY: `mallopt` sets one of glibc's tunables; `M_ARENA_MAX` only bounds the arenas made
    // from now on.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

/// Returns to the system the memory this process has freed. Takes a few milliseconds; call it
/// when the app has just finished a burst of work, not on every command.
pub fn give_back_freed() {
    // SAFETY: `malloc_trim` only walks glibc's own heaps, under their locks, and releases pages
    // that hold no allocation; it is safe to call from any thread at any time.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::jit_setting;

    #[test]
    fn scripts_are_interpreted_unless_the_person_chose_otherwise() {
        assert_eq!(jit_setting(None), Some("0"));
        assert_eq!(jit_setting(Some("1".into())), None, "a choice of the person's is kept");
        assert_eq!(jit_setting(Some("0".into())), None);
    }

    /// The pages of this process in memory, in bytes (`/proc/self/statm`, second field).
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn resident_bytes() -> usize {
        let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
        let pages: usize = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
        // SAFETY: sysconf reads a constant of the system.
        pages * unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as usize
    }

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn memory_freed_in_the_middle_of_the_heap_goes_back_to_the_system() {
        const MIB: usize = 1024 * 1024;
        // 64 MiB in small blocks, from the heap rather than mapped one by one, then all freed
        // but the last: that one keeps the heap's end in use, so only a trim can give the rest
        // back, as after a visitor's session.
        let mut blocks: Vec<Vec<u8>> = (0..64 * 1024).map(|i| vec![(i % 251) as u8; 1024]).collect();
        let last = blocks.pop().unwrap();
        drop(blocks);
        let before = resident_bytes();
        super::give_back_freed();
        let after = resident_bytes();
        assert!(
            before.saturating_sub(after) > 32 * MIB,
            "{} MiB resident before, {} MiB after",
            before / MIB,
            after / MIB
        );
        assert_eq!(last[0], ((64 * 1024 - 1) % 251) as u8);
    }

    /// The heaps (arenas) glibc keeps in this process, as `malloc_info` lists them.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn heaps() -> usize {
        let mut buffer: *mut libc::c_char = std::ptr::null_mut();
        let mut length: libc::size_t = 0;
        // SAFETY: the stream writes into a buffer glibc allocates and sizes; it is read once
        // closed, and freed after.
        let report = unsafe {
            let stream = libc::open_memstream(&mut buffer, &mut length);
            assert!(!stream.is_null());
            libc::malloc_info(0, stream);
            libc::fclose(stream);
            let report = std::slice::from_raw_parts(buffer as *const u8, length).to_vec();
            libc::free(buffer.cast());
            report
        };
        String::from_utf8(report).unwrap().matches("<heap nr=").count()
    }

    /// Run again in a process of its own, where no thread has allocated yet but the test's: a
    /// new thread then makes a heap of its own unless told not to.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn threads_started_after_it_allocate_from_the_heaps_there_are() {
        if !crate::in_a_process_of_its_own("memory::tests::threads_started_after_it_allocate_from_the_heaps_there_are")
        {
            return;
        }
        super::one_heap();
        let before = heaps();
        let threads: Vec<_> =
            (0..8).map(|i| std::thread::spawn(move || std::hint::black_box(vec![i as u8; 64 * 1024]).len())).collect();
        let allocated: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
        assert_eq!(allocated, 8 * 64 * 1024);
        assert_eq!(heaps(), before, "eight threads made no heap of their own");
    }
}
