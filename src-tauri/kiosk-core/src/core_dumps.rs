//! No core dumps of a kiosk process: a dump of its memory would hold the secret key, client
//! secrets and what a customer's session left behind, in a file (or systemd-coredump's store)
//! that outlives the process and that IT may send to anyone for a diagnosis.
//!
//! Called first thing at start, before any secret is read. Linux: the core size limit is set
//! to zero (soft and hard, so nothing later raises it) and the process is marked not dumpable,
//! which also holds when `core_pattern` pipes dumps to a helper that ignores the limit.
//! macOS: the limit. Windows has no core dumps; its error reports' heap dumps are a machine
//! setting IT controls (see docs/it-guide.md), not something a process can refuse without
//! `unsafe` code, which this workspace forbids.

/// Forbids core dumps of this process; what could not be done is returned for the log.
pub fn forbid() -> Result<(), String> {
    #[cfg(unix)]
    {
        use nix::sys::resource::{setrlimit, Resource};
        setrlimit(Resource::RLIMIT_CORE, 0, 0).map_err(|e| format!("core size limit: {e}"))?;
    }
    #[cfg(target_os = "linux")]
    nix::sys::prctl::set_dumpable(false).map_err(|e| format!("not dumpable: {e}"))?;
    Ok(())
}

#[cfg(test)]
#[cfg(target_os = "linux")]
mod tests {
    #[test]
    fn after_forbid_this_process_cannot_dump_core() {
        super::forbid().unwrap();
        let limits = std::fs::read_to_string("/proc/self/limits").unwrap();
        let core = limits
            .lines()
            .find(|l| l.starts_with("Max core file size"))
            .unwrap();
        let fields: Vec<&str> = core.split_whitespace().collect();
        assert_eq!(&fields[4..6], ["0", "0"], "{core}");
        assert!(!nix::sys::prctl::get_dumpable().unwrap());
    }
}
