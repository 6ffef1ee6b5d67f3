//! `enet_host_*`: hosts on real UDP sockets, driven by the engine.
//!
//! An `ENetHost*` handed to C is the address of an
//! `engine::Host<CHooks>`, whose first field is the C-visible `ENetHost`.

use core::ffi::{c_int, c_void};
use core::ptr::{self, NonNull};

use super::boundary::boundary;
use super::compress::{
    enet_range_coder_compress, enet_range_coder_create, enet_range_coder_decompress,
    enet_range_coder_destroy,
};
use super::embedding::{CHooks, CPacket};
use super::packet::enet_packet_destroy;
use crate::abi::*;
use crate::driver::{self, Wake};
use crate::engine::{self, Event, Host, HostConfig};
use crate::sys;
use crate::sys::udp;

pub(crate) type CHost = Host<CHooks>;

/// Datagrams read per receive pass (upstream's limit).
const RECEIVE_LIMIT: usize = 256;

/// The engine host behind a C host pointer.
///
/// # Safety
///
/// `host` is NULL or a pointer returned by `enet_host_create` and not yet
/// destroyed, used by one thread at a time.
pub(crate) unsafe fn host_mut<'a>(host: *mut ENetHost) -> Option<&'a mut CHost> {
    // SAFETY: `raw` is the first field of the repr(C) `Host`, so the pointer
    // to it is the pointer to the whole host (caller contract above).
    unsafe { host.cast::<CHost>().as_mut() }
}

/// Creates a host (`enet_host_create`). Returns NULL if `peerCount`
/// exceeds 4095, the socket cannot be created or bound, or memory is short.
#[no_mangle]
pub unsafe extern "C" fn enet_host_create(
    address: *const ENetAddress,
    peerCount: usize,
    channelLimit: usize,
    incomingBandwidth: u32,
    outgoingBandwidth: u32,
) -> *mut ENetHost {
    if peerCount > ENET_PROTOCOL_MAXIMUM_PEER_ID as usize {
        return ptr::null_mut();
    }
    // SAFETY: NULL or a readable address (caller contract).
    let address = unsafe { address.as_ref() }.copied();
    boundary(ptr::null_mut(), || {
        let Some((socket, local)) = udp::create_host_socket(address.as_ref()) else {
            return ptr::null_mut();
        };
        let config = HostConfig {
            peer_count: peerCount,
            channel_limit: channelLimit,
            incoming_bandwidth: incomingBandwidth,
            outgoing_bandwidth: outgoingBandwidth,
            seed: 0,
        };
        let Some(host) = Host::new(config, CHooks::new()) else {
            sys::socket::destroy(socket);
            return ptr::null_mut();
        };
        let host = Box::into_raw(host);
        // SAFETY: just allocated and not shared yet.
        let engine = unsafe { &mut *host };
        engine.raw.socket = socket;
        engine.raw.address = local;
        // Opt-in flood resistance (see engine::Host::evict_half_open): the
        // C ABI has no field for it, so the environment switches it on.
        engine.evict_half_open =
            std::env::var_os("ENET_EVICT_HALF_OPEN").is_some_and(|value| value == "1");
        // As upstream: the host's address mixed with the wall clock, its two
        // halves swapped.
        let seed = (host as usize as u32).wrapping_add(enet_host_random_seed());
        engine.raw.randomSeed = seed.rotate_left(16);
        host.cast()
    })
}

/// Destroys a host: closes its socket and drops every peer without telling
/// them (as upstream), then frees it. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn enet_host_destroy(host: *mut ENetHost) {
    if host.is_null() {
        return;
    }
    // SAFETY: a pointer from enet_host_create, destroyed once (contract).
    let engine = unsafe { Box::from_raw(host.cast::<CHost>()) };
    let mut engine = engine;
    boundary((), || {
        sys::socket::destroy(engine.raw.socket);
        for index in 0..engine.peer_count() {
            engine.reset_peer(index);
        }
        let compressor = engine.raw.compressor;
        if let (false, Some(destroy)) = (compressor.context.is_null(), compressor.destroy) {
            // SAFETY: the program's (or our range coder's) destroy callback
            // for the context it installed.
            unsafe { destroy(compressor.context) };
        }
    });
    drop(engine);
}

/// Starts a connection to `address` with `channelCount` channels (clamped
/// to 1..=255) and `data` for the remote CONNECT event. Returns the peer, or
/// NULL if no peer slot is free or an argument is NULL.
#[no_mangle]
pub unsafe extern "C" fn enet_host_connect(
    host: *mut ENetHost,
    address: *const ENetAddress,
    channelCount: usize,
    data: u32,
) -> *mut ENetPeer {
    // SAFETY: caller contract of both pointers.
    let (Some(engine), Some(address)) = (unsafe { host_mut(host) }, unsafe { address.as_ref() })
    else {
        return ptr::null_mut();
    };
    boundary(ptr::null_mut(), || {
        let now = sys::time::get();
        match engine.connect(now, engine::from_enet(address), channelCount, data) {
            Some(index) => engine.peers_ptr().wrapping_add(index),
            None => ptr::null_mut(),
        }
    })
}

/// Writes an engine event into the C event.
fn fill_event(engine: &mut CHost, event: &mut ENetEvent, happened: Event<CPacket>) {
    let peers = engine.peers_ptr();
    match happened {
        Event::Connect { peer, data } => {
            event.r#type = ENetEventType::ENET_EVENT_TYPE_CONNECT as u32;
            event.peer = peers.wrapping_add(peer);
            event.data = data;
        }
        Event::Disconnect { peer, data } => {
            event.r#type = ENetEventType::ENET_EVENT_TYPE_DISCONNECT as u32;
            event.peer = peers.wrapping_add(peer);
            event.data = data;
        }
        Event::Receive {
            peer,
            channel_id,
            packet,
        } => {
            event.r#type = ENetEventType::ENET_EVENT_TYPE_RECEIVE as u32;
            event.peer = peers.wrapping_add(peer);
            event.channelID = channel_id;
            event.packet = packet.0.as_ptr();
        }
    }
}

/// Clears the fields upstream clears before looking for an event
/// (`channelID` and `data` keep their values).
fn clear_event(event: &mut ENetEvent) {
    event.r#type = ENetEventType::ENET_EVENT_TYPE_NONE as u32;
    event.peer = ptr::null_mut();
    event.packet = ptr::null_mut();
}

/// Returns a queued event without any network activity. -1 for a NULL
/// event, 1 if an event was returned, 0 if none is queued.
#[no_mangle]
pub unsafe extern "C" fn enet_host_check_events(
    host: *mut ENetHost,
    event: *mut ENetEvent,
) -> c_int {
    // SAFETY: caller contract of both pointers.
    let (Some(engine), Some(event)) = (unsafe { host_mut(host) }, unsafe { event.as_mut() }) else {
        return -1;
    };
    clear_event(event);
    boundary(-1, || match engine.poll_event() {
        Some(happened) => {
            fill_event(engine, event, happened);
            1
        }
        None => 0,
    })
}

/// Sends what the engine queued, ignoring socket errors (for operations
/// that flush as a side effect and cannot report failure).
pub(crate) fn flush_outbox(engine: &mut CHost) {
    let _ = send_outbox(engine);
}

/// Puts the engine's outgoing datagrams on the socket.
fn send_outbox(engine: &mut CHost) -> Result<(), ()> {
    let fd = engine.raw.socket;
    let sent = driver::send_outbox(engine, fd);
    // A send made earlier in the pass (see `Hooks::send_early`) counts too.
    let failed_early = std::mem::take(&mut engine.hooks.send_failed);
    if sent.is_err() || failed_early {
        return Err(());
    }
    Ok(())
}

/// What a receive pass ended with.
enum Received {
    /// All waiting datagrams handled.
    Done,
    /// An intercept hook produced an event for the caller.
    Intercepted,
    /// A socket error or an intercept error.
    Failed,
}

/// Reads and handles up to 256 waiting datagrams.
fn receive_datagrams(engine: &mut CHost, event: Option<&mut ENetEvent>) -> Received {
    let mut event = event;
    let mut handled = 0;
    let mut batch = std::mem::take(&mut engine.hooks.receive);
    let result = loop {
        if handled >= RECEIVE_LIMIT {
            break Received::Done;
        }
        let count = match batch.receive(engine.raw.socket, RECEIVE_LIMIT - handled) {
            Ok(0) => break Received::Done,
            Ok(count) => count,
            Err(_) => break Received::Failed,
        };
        handled += count;
        let mut outcome = None;
        for index in 0..count {
            // Truncated datagrams (longer than ENet's maximum) are skipped.
            let Some((from, bytes)) = batch.datagram(index) else {
                continue;
            };
            let now = engine.raw.serviceTime;
            engine.count_received(bytes.len());
            engine.raw.receivedAddress = engine::to_enet(&from);
            engine.raw.receivedData = bytes.as_mut_ptr();
            engine.raw.receivedDataLength = bytes.len();
            if let Some(intercept) = engine.raw.intercept {
                let event_pointer = event
                    .as_deref_mut()
                    .map_or(ptr::null_mut(), |e| e as *mut ENetEvent);
                let host_pointer: *mut ENetHost = &mut engine.raw;
                // SAFETY: the program's intercept callback, called as
                // upstream calls it; the host and event pointers are live.
                match unsafe { intercept(host_pointer, event_pointer) } {
                    1 => {
                        if event
                            .as_deref()
                            .is_some_and(|e| e.r#type != ENetEventType::ENET_EVENT_TYPE_NONE as u32)
                        {
                            // The datagrams after this one wait for the next
                            // call, as they would in the socket upstream.
                            batch.keep_unread(index + 1);
                            outcome = Some(Received::Intercepted);
                            break;
                        }
                        continue;
                    }
                    -1 => {
                        batch.keep_unread(index + 1);
                        outcome = Some(Received::Failed);
                        break;
                    }
                    _ => {}
                }
            }
            engine.handle_datagram(now, from, bytes);
        }
        if let Some(outcome) = outcome {
            break outcome;
        }
    };
    engine.hooks.receive = batch;
    // The datagrams live in receive buffers the thread's hosts share, which
    // go back to the pool once the socket is empty: after the pass the
    // pointer would lead into memory another host may reuse (upstream's
    // points into the host itself). So it is valid inside the intercept hook,
    // and until the next call when the hook produced the event; otherwise
    // it is cleared.
    if !matches!(result, Received::Intercepted) {
        engine.raw.receivedData = ptr::null_mut();
        engine.raw.receivedDataLength = 0;
    }
    result
}

/// Services the host (`enet_host_service`): sends what is queued, handles
/// retransmissions and timeouts, receives datagrams, and returns the next
/// event, waiting up to `timeout` milliseconds for one. Returns 1 with an
/// event, 0 when the time is up, -1 on a socket error. With a NULL `event`
/// events stay queued for `enet_host_check_events`.
#[no_mangle]
pub unsafe extern "C" fn enet_host_service(
    host: *mut ENetHost,
    event: *mut ENetEvent,
    timeout: u32,
) -> c_int {
    // SAFETY: caller contract of both pointers.
    let Some(engine) = (unsafe { host_mut(host) }) else {
        return -1;
    };
    // SAFETY: as above.
    let event = unsafe { event.as_mut() };
    boundary(-1, || service(engine, event, timeout))
}

fn take_event(engine: &mut CHost, event: &mut Option<&mut ENetEvent>) -> bool {
    let Some(event) = event.as_deref_mut() else {
        return false;
    };
    match engine.poll_event() {
        Some(happened) => {
            fill_event(engine, event, happened);
            true
        }
        None => false,
    }
}

fn service(engine: &mut CHost, mut event: Option<&mut ENetEvent>, timeout: u32) -> c_int {
    if let Some(event) = event.as_deref_mut() {
        clear_event(event);
    }
    if take_event(engine, &mut event) {
        return 1;
    }
    let mut now = sys::time::get();
    engine.raw.serviceTime = now;
    let deadline = now.wrapping_add(timeout);
    loop {
        engine.service_send(now);
        if send_outbox(engine).is_err() {
            return -1;
        }
        if take_event(engine, &mut event) {
            return 1;
        }
        match receive_datagrams(engine, event.as_deref_mut()) {
            Received::Done => {}
            Received::Intercepted => return 1,
            Received::Failed => return -1,
        }
        engine.flush(now);
        if send_outbox(engine).is_err() {
            return -1;
        }
        if take_event(engine, &mut event) {
            return 1;
        }
        // As upstream: a call whose time is already up (a timeout of 0)
        // returns without reading the clock again.
        if engine::time::greater_equal(now, deadline) {
            return 0;
        }
        let fd = engine.raw.socket;
        match driver::wait(engine, fd, deadline) {
            Ok(Wake::Deadline) => return 0,
            Ok(Wake::Work) => {}
            Err(_) => return -1,
        }
        now = sys::time::get();
        engine.raw.serviceTime = now;
    }
}

/// Sends everything queued right away (`enet_host_flush`), without
/// retransmission timeouts or events.
#[no_mangle]
pub unsafe extern "C" fn enet_host_flush(host: *mut ENetHost) {
    // SAFETY: caller contract.
    let Some(engine) = (unsafe { host_mut(host) }) else {
        return;
    };
    boundary((), || {
        let now = sys::time::get();
        engine.raw.serviceTime = now;
        engine.flush(now);
        let _ = send_outbox(engine);
    })
}

/// Queues `packet` to every connected peer on `channelID`; destroys it if
/// no peer took it (as upstream).
#[no_mangle]
pub unsafe extern "C" fn enet_host_broadcast(
    host: *mut ENetHost,
    channelID: u8,
    packet: *mut ENetPacket,
) {
    // SAFETY: caller contract.
    let (Some(engine), Some(packet)) = (unsafe { host_mut(host) }, NonNull::new(packet)) else {
        return;
    };
    let unused = boundary(false, || engine.broadcast(channelID, &CPacket(packet)));
    if unused {
        // SAFETY: a packet from enet_packet_create that no command holds.
        unsafe { enet_packet_destroy(packet.as_ptr()) };
    }
}

/// Installs a compressor (NULL: disable compression by clearing its
/// context). A previous compressor's context is destroyed first.
#[no_mangle]
pub unsafe extern "C" fn enet_host_compress(
    host: *mut ENetHost,
    compressor: *const ENetCompressor,
) {
    // SAFETY: caller contract.
    let Some(engine) = (unsafe { host_mut(host) }) else {
        return;
    };
    let current = engine.raw.compressor;
    if let (false, Some(destroy)) = (current.context.is_null(), current.destroy) {
        // SAFETY: the destroy callback of the context it was installed with.
        unsafe { destroy(current.context) };
    }
    // SAFETY: NULL or a readable compressor (caller contract).
    match unsafe { compressor.as_ref() } {
        Some(compressor) => engine.raw.compressor = *compressor,
        None => engine.raw.compressor.context = ptr::null_mut(),
    }
}

/// Installs the built-in range coder as the host's compressor. Returns 0,
/// or -1 if its context cannot be allocated (or `host` is NULL).
#[no_mangle]
pub unsafe extern "C" fn enet_host_compress_with_range_coder(host: *mut ENetHost) -> c_int {
    if host.is_null() {
        return -1;
    }
    let context: *mut c_void = enet_range_coder_create();
    if context.is_null() {
        return -1;
    }
    let compressor = ENetCompressor {
        context,
        compress: Some(enet_range_coder_compress),
        decompress: Some(enet_range_coder_decompress),
        destroy: Some(enet_range_coder_destroy),
    };
    // SAFETY: `host` is valid (caller contract) and `compressor` is live.
    unsafe { enet_host_compress(host, &compressor) };
    0
}

/// Limits the channels of future connections (0 or more than 255: 255).
#[no_mangle]
pub unsafe extern "C" fn enet_host_channel_limit(host: *mut ENetHost, channelLimit: usize) {
    // SAFETY: caller contract.
    if let Some(engine) = unsafe { host_mut(host) } {
        engine.set_channel_limit(channelLimit);
    }
}

/// Sets the host's bandwidths (bytes/second, 0 = unlimited); peers are told
/// at the next bandwidth throttle pass.
#[no_mangle]
pub unsafe extern "C" fn enet_host_bandwidth_limit(
    host: *mut ENetHost,
    incomingBandwidth: u32,
    outgoingBandwidth: u32,
) {
    // SAFETY: caller contract.
    if let Some(engine) = unsafe { host_mut(host) } {
        engine.set_bandwidth_limit(incomingBandwidth, outgoingBandwidth);
    }
}

/// Runs the bandwidth throttle now if its interval has passed.
#[no_mangle]
pub unsafe extern "C" fn enet_host_bandwidth_throttle(host: *mut ENetHost) {
    // SAFETY: caller contract.
    if let Some(engine) = unsafe { host_mut(host) } {
        boundary((), || engine.bandwidth_throttle(sys::time::get()));
    }
}

/// A seed for host random generators: the wall clock in seconds.
#[no_mangle]
pub extern "C" fn enet_host_random_seed() -> u32 {
    // SAFETY: time(NULL) only reads the clock.
    unsafe { libc::time(ptr::null_mut()) as u32 }
}

/// The next value of the host's random generator (1.3.18). 0 for NULL.
#[no_mangle]
pub unsafe extern "C" fn enet_host_random(host: *mut ENetHost) -> u32 {
    // SAFETY: caller contract.
    unsafe { host_mut(host) }.map_or(0, |engine| engine.random())
}
