//! How many files the app may have open at once.
//!
//! A desktop session starts programs with a soft limit of 1,024 open files, under a hard limit
//! each program may raise it to (524,288 under systemd). The app itself keeps a few dozen. A
//! demo stand runs for days and opens a page for each visitor: a file that any library keeps
//! for each page, as WebKit did until the app let go of the replaced webviews
//! (`memory::let_go_of_page`), would at the soft limit stop the stand after about a thousand
//! visitors, with no crash for the kiosk's supervisor to see. Raised to the hard limit, a stand
//! outlasts any trade show. The app's event loops (GLib's, tokio's) wait with `poll` and
//! `epoll`, not `select`, which stops at 1,024.

/// The highest the app raises the limit to, whatever the hard limit: a hard limit of
/// "unlimited" is refused for open files, and this is a thousand times what the app needs.
#[cfg(target_os = "linux")]
const AT_MOST: u64 = 1 << 20;

/// Raises this process's soft limit on open files to its hard limit (at most [`AT_MOST`]), and
/// returns the limit now in force. WebKit's processes, started after, inherit it.
#[cfg(target_os = "linux")]
pub fn raise_to_the_hard_limit() -> std::io::Result<u64> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: `getrlimit` fills the struct it is given, which lives for the call.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    let wanted = limit.rlim_max.min(AT_MOST);
    if limit.rlim_cur < wanted {
        let raised = libc::rlimit { rlim_cur: wanted, rlim_max: limit.rlim_max };
        // SAFETY: as above; a soft limit at or under the hard one is always allowed.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        limit = raised;
    }
    Ok(limit.rlim_cur)
}

/// Nothing to raise off Linux.
#[cfg(not(target_os = "linux"))]
pub fn raise_to_the_hard_limit() -> std::io::Result<u64> {
    Ok(0)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    fn soft_and_hard() -> (u64, u64) {
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: as in the module.
        assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) }, 0);
        (limit.rlim_cur, limit.rlim_max)
    }

    /// Run again in a process of its own: lowering the limit would stop the other tests of
    /// this process from opening files.
    #[test]
    fn the_soft_limit_on_open_files_is_raised_to_the_hard_one() {
        if !crate::in_a_process_of_its_own("open_files::tests::the_soft_limit_on_open_files_is_raised_to_the_hard_one")
        {
            return;
        }
        // Started as a session starts programs: a soft limit of 256 under the hard one.
        let (_, hard) = soft_and_hard();
        let lowered = libc::rlimit { rlim_cur: 256.min(hard), rlim_max: hard };
        // SAFETY: as in the module; lowering the soft limit is always allowed.
        assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &lowered) }, 0);

        let raised = super::raise_to_the_hard_limit().unwrap();
        assert_eq!(raised, hard.min(super::AT_MOST));
        assert_eq!(soft_and_hard(), (raised, hard), "the hard limit stays where it was");
        assert!(hard <= 256 || raised > 256, "raised from 256 to {raised} (hard {hard})");
    }
}
