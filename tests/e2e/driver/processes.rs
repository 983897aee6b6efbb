//! The app's processes as the system sees them (`/proc`): its own, and those it started
//! (WebKit's web and network processes).

use std::time::{Duration, Instant};

/// The app's own process: the one started on the test's data folder `folder`.
pub fn app_process(folder: &std::path::Path) -> u32 {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Some(&pid) = app_processes_on(folder).first() {
            return pid;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("no app process runs on {}", folder.display());
}

/// The app processes running now on the data folder `folder`.
pub fn app_processes_on(folder: &std::path::Path) -> Vec<u32> {
    let wanted = format!("KG_DB={}", folder.join("kg.db").display());
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
        let is_app = std::fs::read_link(format!("/proc/{pid}/exe"))
            .is_ok_and(|exe| exe.file_name().is_some_and(|n| n.to_string_lossy().starts_with("koogallery-desktop")));
        if is_app && environ.split(|&b| b == 0).any(|var| var == wanted.as_bytes()) {
            found.push(pid);
        }
    }
    found
}

/// `root` and every process it started, and they started, in turn.
pub fn tree(root: u32) -> Vec<u32> {
    let mut parents = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
        // The parent is the second field after the command's closing parenthesis.
        let after = &stat[stat.rfind(')').map_or(0, |i| i + 2)..];
        if let Some(parent) = after.split_whitespace().nth(1).and_then(|p| p.parse::<u32>().ok()) {
            parents.push((pid, parent));
        }
    }
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(parents.iter().filter(|(_, p)| *p == parent).map(|(pid, _)| *pid));
        i += 1;
    }
    tree
}

/// The WebKit web processes under `root`: those that run the app's pages.
pub fn web_processes(root: u32) -> Vec<u32> {
    tree(root)
        .into_iter()
        .filter(|pid| {
            // The kernel keeps 15 characters of a process's name.
            std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|name| name.starts_with("WebKitWebProces"))
        })
        .collect()
}
