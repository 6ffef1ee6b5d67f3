//! The panic boundary: no Rust panic may unwind into a C caller.

use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs `body`; if it panics, returns `fallback` instead (the export's
/// documented error value). The panic message has already gone to stderr
/// through the default hook, which is the only report C callers can get.
pub(crate) fn boundary<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    // AssertUnwindSafe: after a panic we only return the fallback; no state
    // touched by `body` is observed again by this function.
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

#[cfg(test)]
mod tests {
    use super::boundary;

    #[test]
    fn a_panic_becomes_the_fallback_value() {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let value = boundary(-1, || -> i32 { panic!("boom") });
        std::panic::set_hook(hook);
        assert_eq!(value, -1);
        assert_eq!(boundary(-1, || 7), 7);
    }
}
