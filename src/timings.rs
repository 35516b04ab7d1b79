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
                "loa: {stage:<8} {:>8.1} ms",
                self.start.elapsed().as_secs_f64() * 1000.0
            );
            self.start = Instant::now();
        }
    }
}

impl Default for Timer {
    fn default() -> Timer {
        Timer::new()
    }
}
