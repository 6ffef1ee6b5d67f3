//! A per-thread cache of freed packet blocks.
//!
//! Every message costs two packets (the sender's and the receiver's), each
//! one `malloc` and one `free`. A stream frees and creates them in bursts of
//! a datagram's worth or more, which overflows glibc's own per-thread cache
//! (seven blocks per size) and sends most of them through its slower paths:
//! about a sixth of the instructions per message went there. This cache
//! keeps up to [`CACHED_PER_CLASS`] freed blocks of each of a few sizes per
//! thread and hands them to the next `enet_packet_create` on that thread.
//!
//! It only runs while the C library's allocator is in use: a program that
//! installs callbacks with `enet_initialize_with_callbacks` sees every
//! allocation and free as before (and can install `malloc`/`free`
//! themselves to get exactly that). Blocks always come from and go back to
//! `malloc`/`free`; a thread's cache is freed when the thread exits, and it
//! never holds more than a few tens of KiB.

use core::cell::Cell;
use core::ffi::c_void;
use core::ptr;

use super::callbacks::{default_allocator, enet_malloc};

/// Block sizes kept, smallest first: a packet struct (48 bytes) with up to
/// 16, 80, 208 or 464 bytes of its own data. Powers of two from
/// [`SMALLEST`], so a size's class is a bit count, not a search.
const CLASSES: [usize; 4] = [64, 128, 256, 512];
const SMALLEST: usize = CLASSES[0];

/// Blocks kept per size and thread (the most a burst reuses; more would
/// only hold memory).
const CACHED_PER_CLASS: usize = 64;

/// One size's stack of freed blocks. Cells, not a `RefCell<Vec>`: the cache
/// is touched twice per message, and a borrow flag, a growable vector and
/// their checks were most of its cost. Nothing here can be re-entered while
/// in use (no call out happens between reading and writing a cell).
struct Stack {
    len: Cell<usize>,
    blocks: [Cell<*mut c_void>; CACHED_PER_CLASS],
}

struct Cache {
    stacks: [Stack; CLASSES.len()],
}

impl Drop for Cache {
    fn drop(&mut self) {
        for stack in &self.stacks {
            for block in &stack.blocks[..stack.len.replace(0)] {
                // SAFETY: every cached block came from the C library's malloc
                // (the cache runs only with the default allocator) and is owned
                // by the cache alone.
                unsafe { libc::free(block.get()) };
            }
        }
    }
}

thread_local! {
    static CACHE: Cache = const {
        Cache {
            stacks: [const {
                Stack {
                    len: Cell::new(0),
                    blocks: [const { Cell::new(ptr::null_mut()) }; CACHED_PER_CLASS],
                }
            }; CLASSES.len()],
        }
    };
}

/// The smallest class holding `size` bytes (may be past the last class).
fn class_for_size(size: usize) -> usize {
    (usize::BITS - ((size.max(SMALLEST) - 1) / SMALLEST).leading_zeros()) as usize
}

/// The largest class a block of `usable` bytes (at least [`SMALLEST`]) can
/// serve.
fn class_for_block(usable: usize) -> usize {
    (usize::BITS - 1 - (usable / SMALLEST).leading_zeros()) as usize
}

/// A block of at least `size` bytes from `enet_malloc`: a cached one if the
/// default allocator is in use and one of the right size is waiting, else a
/// fresh one (rounded up to its size class, so that it can be cached once
/// freed). NULL if the allocation fails.
pub(crate) fn allocate(size: usize) -> *mut c_void {
    if !default_allocator() {
        return enet_malloc(size);
    }
    let class = class_for_size(size);
    let Some(&class_size) = CLASSES.get(class) else {
        return enet_malloc(size);
    };
    let cached = CACHE
        .try_with(|cache| {
            let stack = &cache.stacks[class];
            let len = stack.len.get();
            let top = len.checked_sub(1)?;
            stack.len.set(top);
            Some(stack.blocks[top].get())
        })
        .ok()
        .flatten();
    match cached {
        Some(block) => block,
        None => enet_malloc(class_size),
    }
}

/// Gives back a block from [`allocate`] (or from `enet_malloc`): kept for
/// reuse if the default allocator is in use, it is of a cached size and this
/// thread's cache has room; otherwise freed with `enet_free`.
///
/// # Safety
/// `block` came from `enet_malloc` (directly or through [`allocate`]), is
/// not NULL, and nothing uses it any more.
pub(crate) unsafe fn release(block: *mut c_void) {
    if default_allocator() {
        // SAFETY: with the default allocator, `block` is a live malloc block.
        let usable = unsafe { libc::malloc_usable_size(block) };
        // Blocks much larger than the last class are not kept (they would
        // hold memory for a small packet).
        if (SMALLEST..2 * CLASSES[CLASSES.len() - 1]).contains(&usable) {
            let class = class_for_block(usable).min(CLASSES.len() - 1);
            let kept = CACHE
                .try_with(|cache| {
                    let stack = &cache.stacks[class];
                    let len = stack.len.get();
                    let Some(slot) = stack.blocks.get(len) else {
                        return false;
                    };
                    slot.set(block);
                    stack.len.set(len + 1);
                    true
                })
                .unwrap_or(false);
            if kept {
                return;
            }
        }
    }
    // SAFETY: the caller's contract.
    unsafe { super::callbacks::enet_free(block) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freed_blocks_are_reused_on_the_same_thread_and_sized_right() {
        // Run on a fresh thread: its cache starts empty and is freed at exit.
        std::thread::spawn(|| {
            let first = allocate(100);
            assert!(!first.is_null());
            // SAFETY: a live block of at least 100 bytes, then given back.
            unsafe {
                assert!(libc::malloc_usable_size(first) >= 128);
                core::ptr::write_bytes(first.cast::<u8>(), 0xAB, 128);
                release(first);
            }
            let again = allocate(120);
            assert_eq!(again, first, "the freed 128-byte block is reused");
            let larger = allocate(200);
            assert_ne!(larger, first);
            // SAFETY: live blocks from `allocate`, given back once.
            unsafe {
                assert!(libc::malloc_usable_size(larger) >= 256);
                release(again);
                release(larger);
            }
            // Sizes past the largest class bypass the cache.
            let big = allocate(4096);
            // SAFETY: as above.
            unsafe {
                assert!(libc::malloc_usable_size(big) >= 4096);
                release(big);
            }
        })
        .join()
        .unwrap();
    }

    #[test]
    fn sizes_map_to_the_smallest_class_that_holds_them() {
        for size in 0..=1100 {
            let class = class_for_size(size);
            let expected = CLASSES
                .iter()
                .position(|&class| class >= size)
                .unwrap_or(CLASSES.len());
            assert_eq!(class.min(CLASSES.len()), expected, "size {size}");
        }
        for usable in SMALLEST..1024 {
            let expected = CLASSES.iter().rposition(|&class| class <= usable).unwrap();
            assert_eq!(
                class_for_block(usable).min(CLASSES.len() - 1),
                expected,
                "usable {usable}"
            );
        }
    }

    #[test]
    fn a_thread_keeps_at_most_its_quota() {
        std::thread::spawn(|| {
            let blocks: Vec<_> = (0..CACHED_PER_CLASS + 10).map(|_| allocate(60)).collect();
            for &block in &blocks {
                // SAFETY: live blocks from `allocate`, given back once.
                unsafe { release(block) };
            }
            let cached = CACHE.with(|cache| cache.stacks[0].len.get());
            assert_eq!(cached, CACHED_PER_CLASS);
        })
        .join()
        .unwrap();
    }
}
