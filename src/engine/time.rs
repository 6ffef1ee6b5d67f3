//! ENet's time base: a wrapping `u32` count of milliseconds.
//!
//! Comparisons follow upstream's `ENET_TIME_*` rule: a time more than
//! [`OVERFLOW`] (one day) "behind" another is taken to be ahead of it, so
//! comparisons stay right across the 49-day wrap of the counter.

/// Differences of at least this many milliseconds count as wrap-around.
pub const OVERFLOW: u32 = 86_400_000;

/// `a` is earlier than `b`.
pub fn less(a: u32, b: u32) -> bool {
    a.wrapping_sub(b) >= OVERFLOW
}

/// `a` is later than `b`.
pub fn greater(a: u32, b: u32) -> bool {
    b.wrapping_sub(a) >= OVERFLOW
}

/// `a` is not later than `b`.
pub fn less_equal(a: u32, b: u32) -> bool {
    !greater(a, b)
}

/// `a` is not earlier than `b`.
pub fn greater_equal(a: u32, b: u32) -> bool {
    !less(a, b)
}

/// The distance between `a` and `b` in milliseconds, in either direction.
pub fn difference(a: u32, b: u32) -> u32 {
    if a.wrapping_sub(b) >= OVERFLOW {
        b.wrapping_sub(a)
    } else {
        a.wrapping_sub(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparisons_hold_across_the_wrap() {
        let before_wrap = u32::MAX - 10;
        let after_wrap = 5;
        assert!(less(before_wrap, after_wrap));
        assert!(greater(after_wrap, before_wrap));
        assert_eq!(difference(after_wrap, before_wrap), 16);
        assert_eq!(difference(before_wrap, after_wrap), 16);
        assert!(less_equal(7, 7) && greater_equal(7, 7));
        assert!(!less(7, 7) && !greater(7, 7));
        assert!(less(100, 200) && greater(200, 100));
    }
}
