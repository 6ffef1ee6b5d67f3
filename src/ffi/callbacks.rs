//! Global initialisation, the allocator callbacks and the version.
//!
//! Every allocation the library makes on the caller's behalf (packets and
//! their data, later hosts, peers and compressor contexts) goes through
//! [`enet_malloc`]/[`enet_free`], so a program that installs its own
//! allocator with `enet_initialize_with_callbacks` can free what ENet hands it.

use core::ffi::{c_int, c_void};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::abi::{ENetCallbacks, ENetVersion, ENET_VERSION};

type MallocFn = unsafe extern "C" fn(usize) -> *mut c_void;
type FreeFn = unsafe extern "C" fn(*mut c_void);
type NoMemoryFn = unsafe extern "C" fn();

// The installed callbacks as addresses (0 = the default). Atomics rather than
// a lock: enet_malloc runs on every packet and must stay cheap, and programs
// create and destroy packets on several threads.
static MALLOC: AtomicUsize = AtomicUsize::new(0);
static FREE: AtomicUsize = AtomicUsize::new(0);
static NO_MEMORY: AtomicUsize = AtomicUsize::new(0);

/// Whether `enet_malloc`/`enet_free` are the C library's own (no callbacks
/// installed): only then may ENet keep freed blocks for reuse
/// ([`super::packet_cache`]) without hiding allocations from the program.
pub(crate) fn default_allocator() -> bool {
    MALLOC.load(Ordering::Relaxed) == 0 && FREE.load(Ordering::Relaxed) == 0
}

/// Oldest version whose callbacks structure we understand (1.3.0).
const MINIMUM_CALLBACKS_VERSION: ENetVersion = (1 << 16) | (3 << 8);

/// Initialises ENet. Nothing needs initialising on Unix; always returns 0.
#[no_mangle]
pub extern "C" fn enet_initialize() -> c_int {
    0
}

/// Installs allocator callbacks, then initialises ENet. `malloc` and `free`
/// must be given together (or both left NULL for the defaults); `no_memory`
/// is optional. Returns 0, or -1 for a version older than 1.3.0, a NULL
/// `inits`, or only one of `malloc`/`free`.
#[no_mangle]
pub unsafe extern "C" fn enet_initialize_with_callbacks(
    version: ENetVersion,
    inits: *const ENetCallbacks,
) -> c_int {
    if version < MINIMUM_CALLBACKS_VERSION {
        return -1;
    }
    // SAFETY: the caller passes NULL or a readable ENetCallbacks.
    let Some(inits) = (unsafe { inits.as_ref() }) else {
        return -1;
    };
    match (inits.malloc, inits.free) {
        (Some(malloc), Some(free)) => {
            MALLOC.store(malloc as usize, Ordering::Release);
            FREE.store(free as usize, Ordering::Release);
        }
        (None, None) => {}
        _ => return -1,
    }
    if let Some(no_memory) = inits.no_memory {
        NO_MEMORY.store(no_memory as usize, Ordering::Release);
    }
    enet_initialize()
}

/// Shuts ENet down. Nothing to release on Unix; installed callbacks stay.
#[no_mangle]
pub extern "C" fn enet_deinitialize() {}

/// The version of the library: `ENET_VERSION` (1.3.18).
#[no_mangle]
pub extern "C" fn enet_linked_version() -> ENetVersion {
    ENET_VERSION
}

/// Allocates `size` bytes with the installed allocator. If that fails, calls
/// the `no_memory` callback (by default: abort) and returns NULL.
#[no_mangle]
pub extern "C" fn enet_malloc(size: usize) -> *mut c_void {
    let installed = MALLOC.load(Ordering::Acquire);
    let memory = if installed == 0 {
        // SAFETY: plain C allocation.
        unsafe { libc::malloc(size) }
    } else {
        // SAFETY: the address was stored from a non-NULL MallocFn.
        let malloc: MallocFn = unsafe { core::mem::transmute::<usize, MallocFn>(installed) };
        // SAFETY: calling the application's allocator as documented.
        unsafe { malloc(size) }
    };
    if memory.is_null() {
        let handler = NO_MEMORY.load(Ordering::Acquire);
        if handler == 0 {
            std::process::abort();
        }
        // SAFETY: the address was stored from a non-NULL NoMemoryFn.
        let no_memory: NoMemoryFn = unsafe { core::mem::transmute::<usize, NoMemoryFn>(handler) };
        // SAFETY: calling the application's handler as documented.
        unsafe { no_memory() };
    }
    memory
}

/// Frees memory from [`enet_malloc`] with the installed allocator. NULL is
/// passed on to it like any other pointer, as upstream does.
#[no_mangle]
pub unsafe extern "C" fn enet_free(memory: *mut c_void) {
    let installed = FREE.load(Ordering::Acquire);
    if installed == 0 {
        // SAFETY: the caller passes memory from enet_malloc (or NULL).
        unsafe { libc::free(memory) };
    } else {
        // SAFETY: the address was stored from a non-NULL FreeFn.
        let free: FreeFn = unsafe { core::mem::transmute::<usize, FreeFn>(installed) };
        // SAFETY: handing the application's allocator back its own memory.
        unsafe { free(memory) };
    }
}
