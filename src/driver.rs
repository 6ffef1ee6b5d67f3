//! Driving an engine host from its UDP socket: the I/O half of a service
//! call that the C ABI (`enet_host_service`) and the Rust API
//! (`Host::service`) share. What differs between them (intercept hooks,
//! how events are handed out) stays with each.

use std::net::SocketAddr;

use crate::abi::{ENetSocket, ENetSocketWait};
use crate::engine::{time, Hooks, Host};
use crate::sys::{self, udp};

/// Puts the engine's outgoing datagrams on the socket and returns their
/// buffers to the engine's pool.
pub(crate) fn send_outbox<H: Hooks>(engine: &mut Host<H>, fd: ENetSocket) -> std::io::Result<()> {
    let mut datagrams = Vec::new();
    while let Some(datagram) = engine.pop_datagram() {
        datagrams.push(datagram);
    }
    if datagrams.is_empty() {
        return Ok(());
    }
    let slices: Vec<(SocketAddr, &[u8])> = datagrams
        .iter()
        .map(|datagram| (datagram.address, datagram.bytes.as_slice()))
        .collect();
    let result = udp::send_batch(fd, &slices);
    drop(slices);
    for datagram in datagrams {
        engine.recycle(datagram);
    }
    result.map(|_| ())
}

/// How a wait for work ended.
pub(crate) enum Wake {
    /// The service call's deadline passed.
    Deadline,
    /// Data arrived, or a peer's retransmission or ping is due.
    Work,
}

/// Waits until data arrives on `fd`, a peer's timer fires, or `deadline`
/// (ENet time) passes, keeping `serviceTime` current. Upstream waits for
/// the whole timeout and retransmits only on the next call; this wakes early
/// for due timers.
pub(crate) fn wait<H: Hooks>(
    engine: &mut Host<H>,
    fd: ENetSocket,
    deadline: u32,
) -> std::io::Result<Wake> {
    loop {
        let now = sys::time::get();
        engine.raw.serviceTime = now;
        if time::greater_equal(now, deadline) {
            return Ok(Wake::Deadline);
        }
        let mut wake = deadline;
        if let Some(due) = engine.next_timeout() {
            if time::less(due, wake) {
                wake = due;
            }
        }
        if time::less_equal(wake, now) {
            return Ok(Wake::Work);
        }
        let mut condition = (ENetSocketWait::ENET_SOCKET_WAIT_RECEIVE as u32)
            | (ENetSocketWait::ENET_SOCKET_WAIT_INTERRUPT as u32);
        if sys::socket::wait(fd, &mut condition, time::difference(wake, now)) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        // A signal: wait again for what is left.
        if condition & ENetSocketWait::ENET_SOCKET_WAIT_INTERRUPT as u32 == 0 {
            return Ok(Wake::Work);
        }
    }
}
