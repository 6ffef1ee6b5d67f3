//! Driving an engine host from its UDP socket: the I/O half of a service
//! call that the C ABI (`enet_host_service`) and the Rust API
//! (`Host::service`) share. What differs between them (intercept hooks,
//! how events are handed out) stays with each.

use crate::abi::{ENetSocket, ENetSocketWait};
use crate::engine::{reuse_send_list, time, Hooks, Host};
use crate::sys::{self, udp};

/// Puts the engine's outgoing datagrams on the socket and returns their
/// buffers to the engine's pool. Allocates nothing once the host's send
/// list has grown to its largest batch (at most about
/// [`EARLY_SEND_BATCH`](crate::engine::EARLY_SEND_BATCH) datagrams: larger
/// passes hand theirs over as they go): the list of (address, bytes) pairs
/// borrows the outbox in place and its room is kept in the host.
pub(crate) fn send_outbox<H: Hooks>(engine: &mut Host<H>, fd: ENetSocket) -> std::io::Result<()> {
    if engine.outbox.is_empty() {
        return Ok(());
    }
    let mut list = reuse_send_list(std::mem::take(&mut engine.send_list));
    list.extend(
        engine
            .outbox
            .iter()
            .map(|datagram| (datagram.address, datagram.bytes.as_slice())),
    );
    let result = udp::send_batch(fd, &list);
    engine.send_list = reuse_send_list(list);
    engine.recycle_outbox();
    engine.release_send_room();
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;

    #[test]
    fn send_list_room_is_reused() {
        let bytes = vec![1u8, 2, 3];
        let address: SocketAddr = "127.0.0.1:1".parse().unwrap();
        let mut list: Vec<(SocketAddr, &[u8])> = Vec::with_capacity(8);
        list.push((address, &bytes));
        let pointer = list.as_ptr() as usize;
        let list: Vec<(SocketAddr, &'static [u8])> = reuse_send_list(list);
        assert!(list.is_empty());
        assert_eq!(list.capacity(), 8);
        assert_eq!(list.as_ptr() as usize, pointer);
    }
}
