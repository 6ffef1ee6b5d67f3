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

use core::cell::RefCell;
use core::ffi::c_void;
use core::ptr::NonNull;

use super::callbacks::{default_allocator, enet_malloc};

/// Block sizes kept, smallest first: a packet struct (48 bytes) with up to
/// 16, 80, 208 or 464 bytes of its own data.
const CLASSES: [usize; 4] = [64, 128, 256, 512];

/// Blocks kept per size and thread (the most a burst reuses; more would
/// only hold memory).
const CACHED_PER_CLASS: usize = 64;

struct Cache {
    blocks: [Vec<NonNull<c_void>>; CLASSES.len()],
}

impl Drop for Cache {
    fn drop(&mut self) {
        for block in self.blocks.iter_mut().flat_map(|blocks| blocks.drain(..)) {
            // SAFETY: every cached block came from the C library's malloc
            // (the cache runs only with the default allocator) and is owned
            // by the cache alone.
            unsafe { libc::free(block.as_ptr()) };
        }
    }
}

thread_local! {
    static CACHE: RefCell<Cache> = const {
        RefCell::new(Cache { blocks: [Vec::new(), Vec::new(), Vec::new(), Vec::new()] })
    };
}

/// A block of at least `size` bytes from `enet_malloc`: a cached one if the
/// default allocator is in use and one of the right size is waiting, else a
/// fresh one (rounded up to its size class, so that it can be cached once
/// freed). NULL if the allocation fails.
pub(crate) fn allocate(size: usize) -> *mut c_void {
    if !default_allocator() {
        return enet_malloc(size);
    }
    let Some(class) = CLASSES.iter().position(|&class| class >= size) else {
        return enet_malloc(size);
    };
    let cached = CACHE
        .try_with(|cache| cache.try_borrow_mut().ok()?.blocks[class].pop())
        .ok()
        .flatten();
    match cached {
        Some(block) => block.as_ptr(),
        None => enet_malloc(CLASSES[class]),
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
        if let Some(class) = CLASSES.iter().rposition(|&class| class <= usable) {
            if usable < 2 * CLASSES[CLASSES.len() - 1] {
                let kept = CACHE
                    .try_with(|cache| {
                        let Ok(mut cache) = cache.try_borrow_mut() else {
                            return false;
                        };
                        let blocks = &mut cache.blocks[class];
                        if blocks.len() >= CACHED_PER_CLASS {
                            return false;
                        }
                        if blocks.capacity() == 0 {
                            blocks.reserve_exact(CACHED_PER_CLASS);
                        }
                        match NonNull::new(block) {
                            Some(block) => {
                                blocks.push(block);
                                true
                            }
                            None => false,
                        }
                    })
                    .unwrap_or(false);
                if kept {
                    return;
                }
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
    fn a_thread_keeps_at_most_its_quota() {
        std::thread::spawn(|| {
            let blocks: Vec<_> = (0..CACHED_PER_CLASS + 10).map(|_| allocate(60)).collect();
            for &block in &blocks {
                // SAFETY: live blocks from `allocate`, given back once.
                unsafe { release(block) };
            }
            let cached = CACHE.with(|cache| cache.borrow().blocks[0].len());
            assert_eq!(cached, CACHED_PER_CLASS);
        })
        .join()
        .unwrap();
    }
}
