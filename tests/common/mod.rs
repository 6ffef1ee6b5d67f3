//! Shared helpers of the integration tests: loading the reference library
//! (Debian's libenet.so.7) next to ours, and deterministic test data.
#![allow(dead_code)] // each test binary uses a different subset

use std::ffi::{c_void, CString};
use std::path::PathBuf;
use std::process::Command;

/// The reference shared library: `ENET_REFERENCE_LIBRARY`, else
/// `libenet.so.7` in pkg-config's libdir for libenet, else the Debian path.
pub fn reference_library_path() -> PathBuf {
    if let Some(path) = std::env::var_os("ENET_REFERENCE_LIBRARY") {
        return PathBuf::from(path);
    }
    Command::new("pkg-config")
        .args(["--variable=libdir", "libenet"])
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| {
            PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()).join("libenet.so.7")
        })
        .unwrap_or_else(|| PathBuf::from("/usr/lib/x86_64-linux-gnu/libenet.so.7"))
}

/// The reference library, loaded privately (RTLD_LOCAL) so its symbols do
/// not mix with ours, which the test binary links statically.
pub struct Reference {
    handle: *mut c_void,
}

impl Reference {
    pub fn load() -> Reference {
        let path = reference_library_path();
        let c_path = CString::new(path.to_string_lossy().as_bytes()).unwrap();
        // SAFETY: dlopen with a valid NUL-terminated path.
        let handle = unsafe { libc::dlopen(c_path.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
        assert!(
            !handle.is_null(),
            "cannot load the reference library {} (install libenet7 / libenet-dev)",
            path.display()
        );
        Reference { handle }
    }

    /// The address of `name` in the reference library.
    pub fn symbol(&self, name: &str) -> *mut c_void {
        let c_name = CString::new(name).unwrap();
        // SAFETY: `handle` is a live dlopen handle; the name is NUL-terminated.
        let symbol = unsafe { libc::dlsym(self.handle, c_name.as_ptr()) };
        assert!(!symbol.is_null(), "reference library lacks {name}");
        symbol
    }
}

/// A small deterministic generator (xorshift64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}
