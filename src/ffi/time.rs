//! The millisecond clock exports.

use crate::sys;

/// Milliseconds since the time origin; wraps around.
#[no_mangle]
pub extern "C" fn enet_time_get() -> u32 {
    sys::time::get()
}

/// Sets the time origin so that `enet_time_get()` returns `now` at this instant.
#[no_mangle]
pub extern "C" fn enet_time_set(now: u32) {
    sys::time::set(now)
}
