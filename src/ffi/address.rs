//! `enet_address_*`: IPv4 text and name conversion.

use core::ffi::{c_char, c_int, CStr};

use super::boundary::boundary;
use crate::abi::ENetAddress;
use crate::sys::address;

/// Stores what `lookup` makes of `hostName` in `address->host`; -1 if it
/// fails or an argument is NULL. `port` is untouched.
unsafe fn set_host_with(
    address: *mut ENetAddress,
    hostName: *const c_char,
    lookup: fn(&CStr) -> Option<u32>,
) -> c_int {
    // SAFETY: NULL or a writable ENetAddress (caller contract).
    let Some(address) = (unsafe { address.as_mut() }) else {
        return -1;
    };
    if hostName.is_null() {
        return -1;
    }
    // SAFETY: `hostName` is a NUL-terminated string (caller contract).
    let name = unsafe { CStr::from_ptr(hostName) };
    match boundary(None, || lookup(name)) {
        Some(host) => {
            address.host = host;
            0
        }
        None => -1,
    }
}

/// Sets `address->host` from a dotted-quad string. Returns 0, or -1 if the
/// text is not an IPv4 address or an argument is NULL. `port` is untouched.
#[no_mangle]
pub unsafe extern "C" fn enet_address_set_host_ip(
    address: *mut ENetAddress,
    hostName: *const c_char,
) -> c_int {
    // SAFETY: arguments forwarded under the same contract.
    unsafe { set_host_with(address, hostName, address::parse_ip) }
}

/// Resolves `hostName` (a name or a dotted quad) into `address->host`,
/// blocking on the system resolver. Returns 0, or -1 if it has no IPv4
/// address or an argument is NULL. `port` is untouched.
#[no_mangle]
pub unsafe extern "C" fn enet_address_set_host(
    address: *mut ENetAddress,
    hostName: *const c_char,
) -> c_int {
    // SAFETY: arguments forwarded under the same contract.
    unsafe { set_host_with(address, hostName, address::resolve) }
}

/// Runs `body` on the caller's output buffer as a slice; -1 if it is unusable.
unsafe fn with_output(
    address: *const ENetAddress,
    hostName: *mut c_char,
    nameLength: usize,
    body: fn(&ENetAddress, &mut [c_char]) -> c_int,
) -> c_int {
    // SAFETY: NULL or a readable ENetAddress (caller contract).
    let Some(address) = (unsafe { address.as_ref() }) else {
        return -1;
    };
    if hostName.is_null() {
        return -1;
    }
    // SAFETY: the caller passes `nameLength` writable bytes at `hostName`.
    let out = unsafe { core::slice::from_raw_parts_mut(hostName, nameLength) };
    boundary(-1, || body(address, out))
}

/// Writes the dotted-quad form of `address->host` into `hostName`
/// (`nameLength` bytes, NUL included). Returns 0, or -1 if it does not fit.
#[no_mangle]
pub unsafe extern "C" fn enet_address_get_host_ip(
    address: *const ENetAddress,
    hostName: *mut c_char,
    nameLength: usize,
) -> c_int {
    // SAFETY: arguments forwarded under the same contract.
    unsafe { with_output(address, hostName, nameLength, address::format_ip) }
}

/// Writes the host name of `address` (reverse lookup, blocking) into
/// `hostName`, or its dotted-quad form if it has no name. Returns 0, or -1 on
/// failure or if the result does not fit (also for a `nameLength` of 0).
#[no_mangle]
pub unsafe extern "C" fn enet_address_get_host(
    address: *const ENetAddress,
    hostName: *mut c_char,
    nameLength: usize,
) -> c_int {
    // SAFETY: arguments forwarded under the same contract.
    unsafe { with_output(address, hostName, nameLength, address::lookup_name) }
}
