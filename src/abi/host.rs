//! `ENetHost`, `ENetEvent`, `ENetCompressor` and the host callback types.

use super::*;
use core::ffi::{c_int, c_void};

/// A packet compressor installed with `enet_host_compress`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct _ENetCompressor {
    /// Context handed to every callback.
    pub context: *mut c_void,
    /// Compresses `inLimit` bytes from `inBuffers` into at most `outLimit`
    /// bytes; returns the compressed size, or 0 if it did not fit.
    pub compress: Option<
        unsafe extern "C" fn(
            context: *mut c_void,
            inBuffers: *const ENetBuffer,
            inBufferCount: usize,
            inLimit: usize,
            outData: *mut u8,
            outLimit: usize,
        ) -> usize,
    >,
    /// Decompresses into at most `outLimit` bytes; returns the size, 0 on error.
    pub decompress: Option<
        unsafe extern "C" fn(
            context: *mut c_void,
            inData: *const u8,
            inLimit: usize,
            outData: *mut u8,
            outLimit: usize,
        ) -> usize,
    >,
    /// Destroys the context.
    pub destroy: Option<unsafe extern "C" fn(context: *mut c_void)>,
}
/// Typedef name of [`_ENetCompressor`].
pub type ENetCompressor = _ENetCompressor;

/// Computes a checksum over a datagram's buffers (e.g. `enet_crc32`).
pub type ENetChecksumCallback =
    Option<unsafe extern "C" fn(buffers: *const ENetBuffer, bufferCount: usize) -> u32>;

/// Sees every received datagram first: return 1 to consume it (optionally
/// filling `event`), 0 to let ENet process it, -1 for an error.
pub type ENetInterceptCallback =
    Option<unsafe extern "C" fn(host: *mut _ENetHost, event: *mut _ENetEvent) -> c_int>;

/// A host: a socket and its peers.
///
/// Applications read `address`, `peers`/`peerCount`, the bandwidths and the
/// traffic totals, and may write `checksum`, `intercept`, `mtu`,
/// `duplicatePeers`, `maximumPacketSize`, `maximumWaitingData` and the `total*`
/// counters. In 1.3.18's header `continueSending` is named `totalQueued`.
#[repr(C)]
#[derive(Debug)]
pub struct _ENetHost {
    pub socket: ENetSocket,
    /// Internet address of the host.
    pub address: _ENetAddress,
    /// Downstream bandwidth of the host in bytes/second (0 = unlimited).
    pub incomingBandwidth: u32,
    /// Upstream bandwidth of the host in bytes/second (0 = unlimited).
    pub outgoingBandwidth: u32,
    pub bandwidthThrottleEpoch: u32,
    pub mtu: u32,
    pub randomSeed: u32,
    pub recalculateBandwidthLimits: c_int,
    /// Array of `peerCount` peers.
    pub peers: *mut ENetPeer,
    /// Number of peers allocated for this host.
    pub peerCount: usize,
    /// Maximum number of channels allowed for connected peers.
    pub channelLimit: usize,
    pub serviceTime: u32,
    pub dispatchQueue: _ENetList,
    pub continueSending: c_int,
    pub packetSize: usize,
    pub headerFlags: u16,
    pub commands: [_ENetProtocol; ENET_PROTOCOL_MAXIMUM_PACKET_COMMANDS],
    pub commandCount: usize,
    pub buffers: [ENetBuffer; ENET_BUFFER_MAXIMUM],
    pub bufferCount: usize,
    /// Checksum callback; set it (e.g. to `enet_crc32`) to enable checksums.
    pub checksum: ENetChecksumCallback,
    pub compressor: _ENetCompressor,
    pub packetData: [[u8; ENET_PROTOCOL_MAXIMUM_MTU]; 2],
    pub receivedAddress: _ENetAddress,
    pub receivedData: *mut u8,
    pub receivedDataLength: usize,
    /// Total data sent; the application may reset it.
    pub totalSentData: u32,
    /// Total datagrams sent; the application may reset it.
    pub totalSentPackets: u32,
    /// Total data received; the application may reset it.
    pub totalReceivedData: u32,
    /// Total datagrams received; the application may reset it.
    pub totalReceivedPackets: u32,
    /// Intercept callback for raw received datagrams.
    pub intercept: ENetInterceptCallback,
    pub connectedPeers: usize,
    pub bandwidthLimitedPeers: usize,
    /// Peers allowed from one IP address (default `ENET_PROTOCOL_MAXIMUM_PEER_ID`).
    pub duplicatePeers: usize,
    /// Largest packet that may be sent or received.
    pub maximumPacketSize: usize,
    /// Most data a peer may hold waiting to be delivered.
    pub maximumWaitingData: usize,
}
/// Typedef name of [`_ENetHost`].
pub type ENetHost = _ENetHost;

/// An event returned by `enet_host_service`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct _ENetEvent {
    /// The event type (an `ENetEventType` value, or what an intercept stored).
    pub r#type: ENetEventTypeRaw,
    /// Peer that generated a connect, disconnect or receive event.
    pub peer: *mut ENetPeer,
    /// Channel of a receive event.
    pub channelID: u8,
    /// Data of a connect or disconnect event.
    pub data: u32,
    /// Packet of a receive event.
    pub packet: *mut ENetPacket,
}
/// Typedef name of [`_ENetEvent`].
pub type ENetEvent = _ENetEvent;
