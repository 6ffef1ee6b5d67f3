//! Types of `enet/unix.h` and `enet/callbacks.h`, plus `ENetAddress`.

use core::ffi::c_void;

/// A socket: the operating system's file descriptor.
pub type ENetSocket = core::ffi::c_int;

/// The value of an invalid socket.
pub const ENET_SOCKET_NULL: ENetSocket = -1;

/// A scatter/gather buffer. On Unix its layout is that of `struct iovec`, and
/// it is handed to `sendmsg`/`recvmsg` as one.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ENetBuffer {
    /// Start of the buffer.
    pub data: *mut c_void,
    /// Length of the buffer in bytes.
    pub dataLength: usize,
}

/// A set of sockets for `enet_socketset_select`: the system's `fd_set`.
pub type ENetSocketSet = libc::fd_set;

/// An IPv4 endpoint. `host` is in network byte order, `port` in host byte
/// order, as upstream.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct _ENetAddress {
    /// IPv4 address in network byte order.
    pub host: u32,
    /// Port in host byte order.
    pub port: u16,
}
/// Typedef name of [`_ENetAddress`].
pub type ENetAddress = _ENetAddress;

/// Memory allocation callbacks for `enet_initialize_with_callbacks`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct _ENetCallbacks {
    /// Allocates memory; replaces `malloc` for every ENet allocation.
    pub malloc: Option<unsafe extern "C" fn(size: usize) -> *mut c_void>,
    /// Frees memory from `malloc`.
    pub free: Option<unsafe extern "C" fn(memory: *mut c_void)>,
    /// Called when an allocation fails (the default aborts).
    pub no_memory: Option<unsafe extern "C" fn()>,
}
/// Typedef name of [`_ENetCallbacks`].
pub type ENetCallbacks = _ENetCallbacks;
