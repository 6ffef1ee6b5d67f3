//! ENet's millisecond clock: a wrapping `u32` with a settable origin.
//!
//! Upstream reads the wall clock; we read `CLOCK_MONOTONIC`, so the clock
//! never jumps when the system time is changed. Only differences and
//! `enet_time_set` are observable, and both behave as upstream: `set(t)`
//! makes `get()` return `t` now and count up from there.

use std::sync::atomic::{AtomicU32, Ordering};

/// The raw clock value at which ENet time is zero (upstream's `timeBase`).
static TIME_BASE: AtomicU32 = AtomicU32::new(0);

/// Milliseconds of the monotonic clock, truncated to 32 bits.
fn raw_milliseconds() -> u32 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec and CLOCK_MONOTONIC is
    // supported on every platform we build for; the call cannot fail then.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut now) };
    // Truncation is the point: ENet time is a wrapping 32-bit millisecond count.
    (now.tv_sec as u64)
        .wrapping_mul(1000)
        .wrapping_add(now.tv_nsec as u64 / 1_000_000) as u32
}

/// Current ENet time in milliseconds (wraps around after about 49 days).
pub fn get() -> u32 {
    raw_milliseconds().wrapping_sub(TIME_BASE.load(Ordering::Relaxed))
}

/// Makes [`get`] return `now` at this instant.
pub fn set(now: u32) {
    TIME_BASE.store(raw_milliseconds().wrapping_sub(now), Ordering::Relaxed);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_moves_the_origin_and_time_counts_up() {
        set(1_000);
        let first = get();
        assert!((1_000..1_100).contains(&first), "got {first}");
        std::thread::sleep(std::time::Duration::from_millis(20));
        let second = get();
        assert!(second.wrapping_sub(first) >= 20);
        set(u32::MAX - 5);
        let wrapped = get().wrapping_add(10);
        assert!(wrapped < 1_000, "time wraps around: {wrapped}");
    }
}
