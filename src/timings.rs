//! Stage timings on stderr when `LOA_TIMINGS` is set (for profiling; see
//! bench/README.md). Costs nothing when unset.

use std::time::Instant;

pub struct Timer {
    on: bool,
    start: Instant,
}

impl Timer {
    pub fn new() -> Timer {
        Timer {
            on: std::env::var_os("LOA_TIMINGS").is_some(),
            start: Instant::now(),
        }
    }

    /// Print the time since the last lap (or the start) under `stage`.
    pub fn lap(&mut self, stage: &str) {
        if self.on {
            eprintln!(
                "loa: {stage:<8} {:>8.1} ms  {}",
                self.start.elapsed().as_secs_f64() * 1000.0,
                memory()
            );
            self.start = Instant::now();
        }
    }
}

/// Resident and peak memory (Linux), e.g. "rss 212 MB, peak 260 MB".
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches(" kB").parse::<u64>().ok())
            .map_or(String::from("?"), |kb| format!("{} MB", kb / 1024))
    };
    format!("rss {}, peak {}", field("VmRSS:"), field("VmHWM:"))
}

impl Default for Timer {
    fn default() -> Timer {
        Timer::new()
    }
}
