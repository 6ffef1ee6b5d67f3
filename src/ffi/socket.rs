//! `enet_socket_*` and `enet_socketset_select`: thin BSD-socket wrappers.

use core::ffi::c_int;

use crate::abi::{
    ENetAddress, ENetBuffer, ENetSocket, ENetSocketOptionRaw, ENetSocketSet, ENetSocketShutdownRaw,
    ENetSocketType, ENetSocketTypeRaw, ENET_SOCKET_NULL,
};
use crate::sys::socket::{self, Received, SocketKind};

/// Creates an IPv4 socket: `ENET_SOCKET_TYPE_DATAGRAM` (UDP) or
/// `ENET_SOCKET_TYPE_STREAM` (TCP). Returns the socket, or `ENET_SOCKET_NULL`
/// on failure or for any other type value (upstream makes a TCP socket for
/// those; we refuse them with `EINVAL`).
#[no_mangle]
pub extern "C" fn enet_socket_create(r#type: ENetSocketTypeRaw) -> ENetSocket {
    let kind = match r#type {
        t if t == ENetSocketType::ENET_SOCKET_TYPE_DATAGRAM as u32 => SocketKind::Datagram,
        t if t == ENetSocketType::ENET_SOCKET_TYPE_STREAM as u32 => SocketKind::Stream,
        _ => {
            socket::invalid_argument();
            return ENET_SOCKET_NULL;
        }
    };
    socket::create(kind)
}

/// Binds to `address` (NULL: any address, any port). Returns 0 or -1.
#[no_mangle]
pub unsafe extern "C" fn enet_socket_bind(
    socket: ENetSocket,
    address: *const ENetAddress,
) -> c_int {
    // SAFETY: NULL or a readable ENetAddress (caller contract).
    socket::bind(socket, unsafe { address.as_ref() })
}

/// Writes the socket's local address into `address`. Returns 0 or -1.
#[no_mangle]
pub unsafe extern "C" fn enet_socket_get_address(
    socket: ENetSocket,
    address: *mut ENetAddress,
) -> c_int {
    // SAFETY: NULL or a writable ENetAddress (caller contract).
    let Some(address) = (unsafe { address.as_mut() }) else {
        return -1;
    };
    match socket::local_address(socket) {
        Some(local) => {
            *address = local;
            0
        }
        None => -1,
    }
}

/// Listens for connections; a negative `backlog` means `SOMAXCONN`.
/// Returns 0 or -1.
#[no_mangle]
pub extern "C" fn enet_socket_listen(socket: ENetSocket, backlog: c_int) -> c_int {
    socket::listen(socket, backlog)
}

/// Accepts a connection; writes the peer's address into `address` if it is
/// not NULL. Returns the new socket or `ENET_SOCKET_NULL`.
#[no_mangle]
pub unsafe extern "C" fn enet_socket_accept(
    socket: ENetSocket,
    address: *mut ENetAddress,
) -> ENetSocket {
    let (accepted, remote) = socket::accept(socket);
    if accepted != ENET_SOCKET_NULL {
        // SAFETY: NULL or a writable ENetAddress (caller contract).
        if let Some(address) = unsafe { address.as_mut() } {
            *address = remote;
        }
    }
    accepted
}

/// Connects to `address`. Returns 0 (also while a non-blocking connect is in
/// progress) or -1 (also for a NULL address).
#[no_mangle]
pub unsafe extern "C" fn enet_socket_connect(
    socket: ENetSocket,
    address: *const ENetAddress,
) -> c_int {
    // SAFETY: NULL or a readable ENetAddress (caller contract).
    match unsafe { address.as_ref() } {
        Some(address) => socket::connect(socket, address),
        None => {
            socket::invalid_argument();
            -1
        }
    }
}

/// Sets a socket option (`ENET_SOCKOPT_*`; timeouts in milliseconds).
/// Returns 0, or -1 on failure or for an unknown option.
#[no_mangle]
pub extern "C" fn enet_socket_set_option(
    socket: ENetSocket,
    option: ENetSocketOptionRaw,
    value: c_int,
) -> c_int {
    socket::set_option(socket, option, value)
}

/// Reads `ENET_SOCKOPT_ERROR` or `ENET_SOCKOPT_TTL` into `value`. Returns 0,
/// or -1 on failure, for another option or a NULL `value`.
#[no_mangle]
pub unsafe extern "C" fn enet_socket_get_option(
    socket: ENetSocket,
    option: ENetSocketOptionRaw,
    value: *mut c_int,
) -> c_int {
    // SAFETY: NULL or a writable int (caller contract).
    let Some(value) = (unsafe { value.as_mut() }) else {
        return -1;
    };
    match socket::get_option(socket, option) {
        Some(read) => {
            *value = read;
            0
        }
        None => -1,
    }
}

/// Shuts down reading, writing or both (`ENET_SOCKET_SHUTDOWN_*`).
/// Returns 0 or -1.
#[no_mangle]
pub extern "C" fn enet_socket_shutdown(socket: ENetSocket, how: ENetSocketShutdownRaw) -> c_int {
    socket::shutdown(socket, how)
}

/// Closes the socket (nothing for `ENET_SOCKET_NULL`).
#[no_mangle]
pub extern "C" fn enet_socket_destroy(socket: ENetSocket) {
    socket::destroy(socket)
}

/// Builds a buffer slice from C's pointer and count (empty for NULL).
unsafe fn buffer_slice<'a>(buffers: *const ENetBuffer, bufferCount: usize) -> &'a [ENetBuffer] {
    if buffers.is_null() {
        &[]
    } else {
        // SAFETY: the caller passes `bufferCount` readable ENetBuffers.
        unsafe { core::slice::from_raw_parts(buffers, bufferCount) }
    }
}

/// Sends the concatenated buffers to `address` (NULL: the connected peer).
/// Returns the number of bytes sent, 0 if the socket would block, -1 on error.
#[no_mangle]
pub unsafe extern "C" fn enet_socket_send(
    socket: ENetSocket,
    address: *const ENetAddress,
    buffers: *const ENetBuffer,
    bufferCount: usize,
) -> c_int {
    // SAFETY: pointer arguments follow the documented contract.
    unsafe { socket::send(socket, address.as_ref(), buffer_slice(buffers, bufferCount)) }
}

/// Receives one datagram into the buffers, and its sender into `address` if
/// it is not NULL. Returns the number of bytes, 0 if nothing is waiting, -2
/// if a datagram was skipped (truncated because it did not fit, or the call
/// was interrupted: 1.3.18's convention), -1 on error.
#[no_mangle]
pub unsafe extern "C" fn enet_socket_receive(
    socket: ENetSocket,
    address: *mut ENetAddress,
    buffers: *mut ENetBuffer,
    bufferCount: usize,
) -> c_int {
    let buffers = if buffers.is_null() {
        &mut [][..]
    } else {
        // SAFETY: the caller passes `bufferCount` writable ENetBuffers.
        unsafe { core::slice::from_raw_parts_mut(buffers, bufferCount) }
    };
    // SAFETY: pointer arguments follow the documented contract.
    match unsafe { socket::receive(socket, address.as_mut(), buffers) } {
        Received::Bytes(count) => c_int::try_from(count).unwrap_or(c_int::MAX),
        Received::WouldBlock => 0,
        Received::Skipped => -2,
        Received::Failed => -1,
    }
}

/// `select` on read and write socket sets (either may be NULL) for up to
/// `timeout` milliseconds. Returns what `select` returns; -1 (`EINVAL`) for a
/// `maxSocket` of `FD_SETSIZE` or more, which the sets cannot hold.
#[no_mangle]
pub unsafe extern "C" fn enet_socketset_select(
    maxSocket: ENetSocket,
    readSet: *mut ENetSocketSet,
    writeSet: *mut ENetSocketSet,
    timeout: u32,
) -> c_int {
    // SAFETY: each set is NULL or a writable fd_set (caller contract).
    unsafe { socket::select(maxSocket, readSet.as_mut(), writeSet.as_mut(), timeout) }
}

/// Waits up to `timeout` milliseconds for the `ENET_SOCKET_WAIT_*` conditions
/// in `*condition`; on return `*condition` holds those that are ready
/// (`ENET_SOCKET_WAIT_NONE` on timeout, `ENET_SOCKET_WAIT_INTERRUPT` after a
/// signal if that was asked for). Returns 0, or -1 on error or NULL `condition`.
#[no_mangle]
pub unsafe extern "C" fn enet_socket_wait(
    socket: ENetSocket,
    condition: *mut u32,
    timeout: u32,
) -> c_int {
    // SAFETY: NULL or a writable enet_uint32 (caller contract).
    match unsafe { condition.as_mut() } {
        Some(condition) => socket::wait(socket, condition, timeout),
        None => -1,
    }
}
