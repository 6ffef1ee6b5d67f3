//! IPv4 name and address conversion through the system resolver.

use core::ffi::{c_char, CStr};
use core::mem::{size_of, zeroed};
use core::ptr;

use crate::abi::ENetAddress;

// The libc crate does not bind these two POSIX functions.
extern "C" {
    fn inet_pton(af: libc::c_int, src: *const c_char, dst: *mut libc::c_void) -> libc::c_int;
    fn inet_ntop(
        af: libc::c_int,
        src: *const libc::c_void,
        dst: *mut c_char,
        size: libc::socklen_t,
    ) -> *const c_char;
}

/// Parses a dotted-quad IPv4 address (`inet_pton`). Returns the address in
/// network byte order, or `None` if `text` is not one.
pub fn parse_ip(text: &CStr) -> Option<u32> {
    let mut host: u32 = 0;
    // SAFETY: `text` is NUL-terminated and `host` has room for an in_addr.
    let result = unsafe { inet_pton(libc::AF_INET, text.as_ptr(), (&mut host as *mut u32).cast()) };
    (result == 1).then_some(host)
}

/// Resolves `name` to its first IPv4 address (blocking, `getaddrinfo`). If
/// the resolver succeeds but has no IPv4 result, `name` is tried as a
/// dotted-quad. `None` if both fail.
pub fn resolve(name: &CStr) -> Option<u32> {
    let mut list: *mut libc::addrinfo = ptr::null_mut();
    // SAFETY: `name` is NUL-terminated; NULL service and hints are allowed;
    // `list` receives a list we free below.
    let error = unsafe { libc::getaddrinfo(name.as_ptr(), ptr::null(), ptr::null(), &mut list) };
    if error != 0 {
        return None;
    }
    let mut found = None;
    let mut entry = list;
    while !entry.is_null() {
        // SAFETY: `entry` is a node of the list getaddrinfo returned.
        let info = unsafe { &*entry };
        if info.ai_family == libc::AF_INET
            && !info.ai_addr.is_null()
            && info.ai_addrlen as usize >= size_of::<libc::sockaddr_in>()
        {
            // SAFETY: an AF_INET entry of at least that length is a sockaddr_in.
            let sin = unsafe { &*(info.ai_addr as *const libc::sockaddr_in) };
            found = Some(sin.sin_addr.s_addr);
            break;
        }
        entry = info.ai_next;
    }
    if !list.is_null() {
        // SAFETY: `list` came from getaddrinfo and is freed once.
        unsafe { libc::freeaddrinfo(list) };
    }
    found.or_else(|| parse_ip(name))
}

/// Writes the dotted-quad form of `address` into `out` (`inet_ntop`),
/// NUL-terminated. Returns 0, or -1 if `out` is too small.
pub fn format_ip(address: &ENetAddress, out: &mut [c_char]) -> i32 {
    let len = libc::socklen_t::try_from(out.len()).unwrap_or(libc::socklen_t::MAX);
    // SAFETY: `address.host` is an in_addr in network order; `out` is
    // writable for `len` bytes.
    let result = unsafe {
        inet_ntop(
            libc::AF_INET,
            (&address.host as *const u32).cast(),
            out.as_mut_ptr(),
            len,
        )
    };
    if result.is_null() {
        -1
    } else {
        0
    }
}

/// Writes the host name of `address` into `out` (reverse lookup,
/// `getnameinfo` with `NI_NAMEREQD`). Without a name, writes the dotted-quad
/// form instead. Returns 0, or -1 on failure or if the name does not fit.
pub fn lookup_name(address: &ENetAddress, out: &mut [c_char]) -> i32 {
    // SAFETY: sockaddr_in is plain old data; all-zero is a valid value.
    let mut sin: libc::sockaddr_in = unsafe { zeroed() };
    sin.sin_family = libc::AF_INET as libc::sa_family_t;
    sin.sin_port = address.port.to_be();
    sin.sin_addr.s_addr = address.host;
    let len = libc::socklen_t::try_from(out.len()).unwrap_or(libc::socklen_t::MAX);
    // SAFETY: `sin` is a valid sockaddr_in; `out` is writable for `len`
    // bytes; no service buffer is requested.
    let error = unsafe {
        libc::getnameinfo(
            (&sin as *const libc::sockaddr_in).cast(),
            size_of::<libc::sockaddr_in>() as libc::socklen_t,
            out.as_mut_ptr(),
            len,
            ptr::null_mut(),
            0,
            libc::NI_NAMEREQD,
        )
    };
    match error {
        // A name that came back without its terminator did not fit (an
        // empty buffer holds not even the terminator: upstream says 0 there).
        0 if out.contains(&0) => 0,
        0 => -1,
        libc::EAI_NONAME => format_ip(address, out),
        _ => -1,
    }
}
