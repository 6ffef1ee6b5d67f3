//! Thin BSD-socket wrappers with upstream's return conventions.
//!
//! A socket is the OS file descriptor (`ENetSocket`); addresses are
//! [`ENetAddress`] values (IPv4, host in network order, port in host order).
//! Errors come back as upstream returns them (`-1`, [`ENET_SOCKET_NULL`]), and
//! `errno` is left as the failing call set it.

use core::mem::{size_of, zeroed};

use crate::abi::{
    ENetAddress, ENetBuffer, ENetSocket, ENetSocketOption, ENetSocketSet, ENetSocketWait,
    ENET_SOCKET_NULL,
};

/// The kind of socket [`create`] makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SocketKind {
    /// A TCP socket.
    Stream,
    /// A UDP socket.
    Datagram,
}

/// Result of [`receive`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    /// A datagram (or stream data) of this many bytes.
    Bytes(usize),
    /// Nothing to read right now.
    WouldBlock,
    /// A datagram was skipped: truncated, interrupted or oversized (upstream
    /// 1.3.18 and later return -2 for these, and the receive loop goes on).
    Skipped,
    /// A socket error.
    Failed,
}

fn sockaddr_from(address: &ENetAddress) -> libc::sockaddr_in {
    // SAFETY: sockaddr_in is plain old data; all-zero is a valid value.
    let mut sin: libc::sockaddr_in = unsafe { zeroed() };
    sin.sin_family = libc::AF_INET as libc::sa_family_t;
    sin.sin_port = address.port.to_be();
    sin.sin_addr.s_addr = address.host;
    sin
}

fn address_from(sin: &libc::sockaddr_in) -> ENetAddress {
    ENetAddress {
        host: sin.sin_addr.s_addr,
        port: u16::from_be(sin.sin_port),
    }
}

fn set_errno(value: i32) {
    // SAFETY: __errno_location returns the calling thread's errno slot.
    unsafe { *libc::__errno_location() = value };
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// Creates an IPv4 socket of `kind`; [`ENET_SOCKET_NULL`] on failure.
pub fn create(kind: SocketKind) -> ENetSocket {
    let ty = match kind {
        SocketKind::Stream => libc::SOCK_STREAM,
        SocketKind::Datagram => libc::SOCK_DGRAM,
    };
    // SAFETY: plain system call with constant arguments.
    unsafe { libc::socket(libc::PF_INET, ty, 0) }
}

/// Binds to `address`, or to any address and port if `None`. Returns 0 or -1.
pub fn bind(socket: ENetSocket, address: Option<&ENetAddress>) -> i32 {
    let sin = sockaddr_from(address.unwrap_or(&ENetAddress::default()));
    // SAFETY: `sin` is a valid sockaddr_in and the length matches it.
    unsafe {
        libc::bind(
            socket,
            (&sin as *const libc::sockaddr_in).cast(),
            size_of::<libc::sockaddr_in>() as libc::socklen_t,
        )
    }
}

/// The local address of `socket`, or `None` if `getsockname` fails.
pub fn local_address(socket: ENetSocket) -> Option<ENetAddress> {
    // SAFETY: sockaddr_in is plain old data; all-zero is a valid value.
    let mut sin: libc::sockaddr_in = unsafe { zeroed() };
    let mut len = size_of::<libc::sockaddr_in>() as libc::socklen_t;
    // SAFETY: `sin` and `len` are valid for writes and `len` is its size.
    let result = unsafe {
        libc::getsockname(
            socket,
            (&mut sin as *mut libc::sockaddr_in).cast(),
            &mut len,
        )
    };
    (result != -1).then(|| address_from(&sin))
}

/// Starts listening; a negative `backlog` means `SOMAXCONN`. Returns 0 or -1.
pub fn listen(socket: ENetSocket, backlog: i32) -> i32 {
    let backlog = if backlog < 0 {
        libc::SOMAXCONN
    } else {
        backlog
    };
    // SAFETY: plain system call on an integer descriptor.
    unsafe { libc::listen(socket, backlog) }
}

/// Accepts a connection; returns the new socket and the peer's address.
pub fn accept(socket: ENetSocket) -> (ENetSocket, ENetAddress) {
    // SAFETY: sockaddr_in is plain old data; all-zero is a valid value.
    let mut sin: libc::sockaddr_in = unsafe { zeroed() };
    let mut len = size_of::<libc::sockaddr_in>() as libc::socklen_t;
    // SAFETY: `sin` and `len` are valid for writes and `len` is its size.
    let result = unsafe {
        libc::accept(
            socket,
            (&mut sin as *mut libc::sockaddr_in).cast(),
            &mut len,
        )
    };
    if result == -1 {
        (ENET_SOCKET_NULL, ENetAddress::default())
    } else {
        (result, address_from(&sin))
    }
}

/// Connects to `address`. Returns 0 (also while a non-blocking connect is in
/// progress) or -1.
pub fn connect(socket: ENetSocket, address: &ENetAddress) -> i32 {
    let sin = sockaddr_from(address);
    // SAFETY: `sin` is a valid sockaddr_in and the length matches it.
    let result = unsafe {
        libc::connect(
            socket,
            (&sin as *const libc::sockaddr_in).cast(),
            size_of::<libc::sockaddr_in>() as libc::socklen_t,
        )
    };
    if result == -1 && errno() == libc::EINPROGRESS {
        0
    } else {
        result
    }
}

fn setsockopt_int(socket: ENetSocket, level: i32, name: i32, value: i32) -> i32 {
    // SAFETY: the option value is a valid int and the length matches it.
    unsafe {
        libc::setsockopt(
            socket,
            level,
            name,
            (&value as *const i32).cast(),
            size_of::<i32>() as libc::socklen_t,
        )
    }
}

fn setsockopt_timeout(socket: ENetSocket, name: i32, milliseconds: i32) -> i32 {
    let timeout = libc::timeval {
        tv_sec: (milliseconds / 1000) as libc::time_t,
        tv_usec: ((milliseconds % 1000) * 1000) as libc::suseconds_t,
    };
    // SAFETY: the option value is a valid timeval and the length matches it.
    unsafe {
        libc::setsockopt(
            socket,
            libc::SOL_SOCKET,
            name,
            (&timeout as *const libc::timeval).cast(),
            size_of::<libc::timeval>() as libc::socklen_t,
        )
    }
}

/// Sets an option; timeouts are in milliseconds. Returns 0, or -1 on failure
/// or for an unknown option.
pub fn set_option(socket: ENetSocket, option: u32, value: i32) -> i32 {
    use ENetSocketOption::*;
    let result = match option {
        o if o == ENET_SOCKOPT_NONBLOCK as u32 => {
            // SAFETY: F_GETFL/F_SETFL on an integer descriptor.
            unsafe {
                let flags = libc::fcntl(socket, libc::F_GETFL);
                if flags == -1 {
                    -1
                } else if value != 0 {
                    libc::fcntl(socket, libc::F_SETFL, flags | libc::O_NONBLOCK)
                } else {
                    libc::fcntl(socket, libc::F_SETFL, flags & !libc::O_NONBLOCK)
                }
            }
        }
        o if o == ENET_SOCKOPT_BROADCAST as u32 => {
            setsockopt_int(socket, libc::SOL_SOCKET, libc::SO_BROADCAST, value)
        }
        o if o == ENET_SOCKOPT_REUSEADDR as u32 => {
            setsockopt_int(socket, libc::SOL_SOCKET, libc::SO_REUSEADDR, value)
        }
        o if o == ENET_SOCKOPT_RCVBUF as u32 => {
            setsockopt_int(socket, libc::SOL_SOCKET, libc::SO_RCVBUF, value)
        }
        o if o == ENET_SOCKOPT_SNDBUF as u32 => {
            setsockopt_int(socket, libc::SOL_SOCKET, libc::SO_SNDBUF, value)
        }
        o if o == ENET_SOCKOPT_RCVTIMEO as u32 => {
            setsockopt_timeout(socket, libc::SO_RCVTIMEO, value)
        }
        o if o == ENET_SOCKOPT_SNDTIMEO as u32 => {
            setsockopt_timeout(socket, libc::SO_SNDTIMEO, value)
        }
        o if o == ENET_SOCKOPT_NODELAY as u32 => {
            setsockopt_int(socket, libc::IPPROTO_TCP, libc::TCP_NODELAY, value)
        }
        o if o == ENET_SOCKOPT_TTL as u32 => {
            setsockopt_int(socket, libc::IPPROTO_IP, libc::IP_TTL, value)
        }
        _ => -1,
    };
    if result == -1 {
        -1
    } else {
        0
    }
}

/// Reads an option: only `ENET_SOCKOPT_ERROR` and `ENET_SOCKOPT_TTL` are
/// readable, as upstream. Returns the value, or `None` on failure.
pub fn get_option(socket: ENetSocket, option: u32) -> Option<i32> {
    let (level, name) = match option {
        o if o == ENetSocketOption::ENET_SOCKOPT_ERROR as u32 => (libc::SOL_SOCKET, libc::SO_ERROR),
        o if o == ENetSocketOption::ENET_SOCKOPT_TTL as u32 => (libc::IPPROTO_IP, libc::IP_TTL),
        _ => return None,
    };
    let mut value: i32 = 0;
    let mut len = size_of::<i32>() as libc::socklen_t;
    // SAFETY: `value` and `len` are valid for writes and `len` is its size.
    let result = unsafe {
        libc::getsockopt(
            socket,
            level,
            name,
            (&mut value as *mut i32).cast(),
            &mut len,
        )
    };
    (result != -1).then_some(value)
}

/// Shuts down one or both directions (`how` is upstream's 0/1/2, which are
/// Linux's `SHUT_RD/WR/RDWR`). Returns 0 or -1.
pub fn shutdown(socket: ENetSocket, how: u32) -> i32 {
    let how = i32::try_from(how).unwrap_or(-1);
    // SAFETY: plain system call; an invalid `how` makes it fail with EINVAL.
    let result = unsafe { libc::shutdown(socket, how) };
    if result == -1 {
        -1
    } else {
        0
    }
}

/// Closes the socket unless it is [`ENET_SOCKET_NULL`].
pub fn destroy(socket: ENetSocket) {
    if socket != ENET_SOCKET_NULL {
        // SAFETY: closing a descriptor the caller owns.
        unsafe { libc::close(socket) };
    }
}

/// Sends the concatenation of `buffers` to `address` (or to the connected
/// peer if `None`). Returns the bytes sent, 0 if the socket would block, -1 on
/// error.
///
/// # Safety
///
/// Every buffer must describe `dataLength` readable bytes at `data`.
pub unsafe fn send(
    socket: ENetSocket,
    address: Option<&ENetAddress>,
    buffers: &[ENetBuffer],
) -> i32 {
    let sin = address.map(sockaddr_from);
    // SAFETY: msghdr is plain old data; all-zero is a valid value.
    let mut msg: libc::msghdr = unsafe { zeroed() };
    if let Some(sin) = sin.as_ref() {
        msg.msg_name = (sin as *const libc::sockaddr_in).cast_mut().cast();
        msg.msg_namelen = size_of::<libc::sockaddr_in>() as libc::socklen_t;
    }
    // ENetBuffer has the layout of struct iovec (asserted in abi::layout).
    msg.msg_iov = buffers.as_ptr().cast_mut().cast();
    msg.msg_iovlen = buffers.len() as _;
    // SAFETY: `msg` points at a live sockaddr (or none) and at iovecs whose
    // memory the caller vouches for; sendmsg only reads them.
    let sent = unsafe { libc::sendmsg(socket, &msg, libc::MSG_NOSIGNAL) };
    if sent == -1 {
        let error = errno();
        if error == libc::EWOULDBLOCK || error == libc::EAGAIN {
            return 0;
        }
        return -1;
    }
    i32::try_from(sent).unwrap_or(i32::MAX)
}

/// Receives one datagram into `buffers`; fills `address` with the sender.
///
/// # Safety
///
/// Every buffer must describe `dataLength` writable bytes at `data`.
pub unsafe fn receive(
    socket: ENetSocket,
    address: Option<&mut ENetAddress>,
    buffers: &mut [ENetBuffer],
) -> Received {
    // SAFETY: sockaddr_in and msghdr are plain old data; zero is valid.
    let mut sin: libc::sockaddr_in = unsafe { zeroed() };
    // SAFETY: as above.
    let mut msg: libc::msghdr = unsafe { zeroed() };
    if address.is_some() {
        msg.msg_name = (&mut sin as *mut libc::sockaddr_in).cast();
        msg.msg_namelen = size_of::<libc::sockaddr_in>() as libc::socklen_t;
    }
    msg.msg_iov = buffers.as_mut_ptr().cast();
    msg.msg_iovlen = buffers.len() as _;
    // SAFETY: `msg` points at a live sockaddr (or none) and at iovecs whose
    // memory the caller vouches for as writable.
    let received = unsafe { libc::recvmsg(socket, &mut msg, libc::MSG_NOSIGNAL) };
    if received == -1 {
        return match errno() {
            e if e == libc::EWOULDBLOCK || e == libc::EAGAIN => Received::WouldBlock,
            libc::EINTR | libc::EMSGSIZE => Received::Skipped,
            _ => Received::Failed,
        };
    }
    if msg.msg_flags & libc::MSG_TRUNC != 0 {
        return Received::Skipped;
    }
    if let Some(address) = address {
        *address = address_from(&sin);
    }
    Received::Bytes(received as usize)
}

/// `select` over read and write sets with a millisecond timeout; returns what
/// `select` returns. A `max_socket` an `fd_set` cannot hold (`FD_SETSIZE` or
/// more) fails with `EINVAL`: the kernel would read and write that many bits,
/// past the end of the caller's sets.
pub fn select(
    max_socket: ENetSocket,
    read_set: Option<&mut ENetSocketSet>,
    write_set: Option<&mut ENetSocketSet>,
    timeout_ms: u32,
) -> i32 {
    if max_socket >= libc::FD_SETSIZE as ENetSocket {
        invalid_argument();
        return -1;
    }
    let mut timeout = libc::timeval {
        tv_sec: (timeout_ms / 1000) as libc::time_t,
        tv_usec: ((timeout_ms % 1000) * 1000) as libc::suseconds_t,
    };
    let read_ptr = read_set.map_or(core::ptr::null_mut(), |set| set as *mut ENetSocketSet);
    let write_ptr = write_set.map_or(core::ptr::null_mut(), |set| set as *mut ENetSocketSet);
    // SAFETY: the sets are either NULL or exclusive references to fd_sets;
    // the timeout is a valid timeval.
    unsafe {
        libc::select(
            max_socket.saturating_add(1),
            read_ptr,
            write_ptr,
            core::ptr::null_mut(),
            &mut timeout,
        )
    }
}

/// Waits up to `timeout_ms` for the conditions in `condition` (an
/// [`ENetSocketWait`] mask). On return `condition` holds the conditions that
/// are ready ([`ENetSocketWait::ENET_SOCKET_WAIT_NONE`] on timeout, or
/// `ENET_SOCKET_WAIT_INTERRUPT` if a signal interrupted the wait and the
/// caller asked for that). Returns 0, or -1 on error.
pub fn wait(socket: ENetSocket, condition: &mut u32, timeout_ms: u32) -> i32 {
    use ENetSocketWait::*;
    let mut poll_socket = libc::pollfd {
        fd: socket,
        events: 0,
        revents: 0,
    };
    if *condition & ENET_SOCKET_WAIT_SEND as u32 != 0 {
        poll_socket.events |= libc::POLLOUT;
    }
    if *condition & ENET_SOCKET_WAIT_RECEIVE as u32 != 0 {
        poll_socket.events |= libc::POLLIN;
    }
    // poll takes an int; longer waits are clamped (about 24 days).
    let timeout = i32::try_from(timeout_ms).unwrap_or(i32::MAX);
    // SAFETY: one valid pollfd.
    let result = unsafe { libc::poll(&mut poll_socket, 1, timeout) };
    if result < 0 {
        if errno() == libc::EINTR && *condition & ENET_SOCKET_WAIT_INTERRUPT as u32 != 0 {
            *condition = ENET_SOCKET_WAIT_INTERRUPT as u32;
            return 0;
        }
        return -1;
    }
    *condition = ENET_SOCKET_WAIT_NONE as u32;
    if result == 0 {
        return 0;
    }
    if poll_socket.revents & libc::POLLOUT != 0 {
        *condition |= ENET_SOCKET_WAIT_SEND as u32;
    }
    if poll_socket.revents & libc::POLLIN != 0 {
        *condition |= ENET_SOCKET_WAIT_RECEIVE as u32;
    }
    0
}

/// Sets `errno` to `EINVAL` for argument errors caught before any system call.
pub fn invalid_argument() {
    set_errno(libc::EINVAL);
}
