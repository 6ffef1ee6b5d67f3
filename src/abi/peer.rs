//! `ENetPeer` and the queue element types that hang off it.

use super::*;
use core::ffi::c_void;

/// A queued acknowledgement (upstream's queue element; kept for layout).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct _ENetAcknowledgement {
    pub acknowledgementList: _ENetListNode,
    pub sentTime: u32,
    pub command: _ENetProtocol,
}
/// Typedef name of [`_ENetAcknowledgement`].
pub type ENetAcknowledgement = _ENetAcknowledgement;

/// A queued outgoing command (upstream's queue element; kept for layout).
/// `roundTripTimeoutLimit` is named `queueTime` in 1.3.18's header.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct _ENetOutgoingCommand {
    pub outgoingCommandList: _ENetListNode,
    pub reliableSequenceNumber: u16,
    pub unreliableSequenceNumber: u16,
    pub sentTime: u32,
    pub roundTripTimeout: u32,
    pub roundTripTimeoutLimit: u32,
    pub fragmentOffset: u32,
    pub fragmentLength: u16,
    pub sendAttempts: u16,
    pub command: _ENetProtocol,
    pub packet: *mut ENetPacket,
}
/// Typedef name of [`_ENetOutgoingCommand`].
pub type ENetOutgoingCommand = _ENetOutgoingCommand;

/// A queued incoming command (upstream's queue element; kept for layout).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct _ENetIncomingCommand {
    pub incomingCommandList: _ENetListNode,
    pub reliableSequenceNumber: u16,
    pub unreliableSequenceNumber: u16,
    pub command: _ENetProtocol,
    pub fragmentCount: u32,
    pub fragmentsRemaining: u32,
    pub fragments: *mut u32,
    pub packet: *mut ENetPacket,
}
/// Typedef name of [`_ENetIncomingCommand`].
pub type ENetIncomingCommand = _ENetIncomingCommand;

/// Per-channel sequencing state of a peer.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct _ENetChannel {
    pub outgoingReliableSequenceNumber: u16,
    pub outgoingUnreliableSequenceNumber: u16,
    pub usedReliableWindows: u16,
    pub reliableWindows: [u16; ENET_PEER_RELIABLE_WINDOWS],
    pub incomingReliableSequenceNumber: u16,
    pub incomingUnreliableSequenceNumber: u16,
    pub incomingReliableCommands: _ENetList,
    pub incomingUnreliableCommands: _ENetList,
}
/// Typedef name of [`_ENetChannel`].
pub type ENetChannel = _ENetChannel;

/// A peer slot of a host: one remote endpoint and its connection state.
///
/// Applications read the statistics and `state`, and own `data`. In 1.3.18's
/// header `sentUnreliableCommands` is named `outgoingSendReliableCommands`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct _ENetPeer {
    pub dispatchList: _ENetListNode,
    pub host: *mut _ENetHost,
    pub outgoingPeerID: u16,
    pub incomingPeerID: u16,
    pub connectID: u32,
    pub outgoingSessionID: u8,
    pub incomingSessionID: u8,
    /// Internet address of the peer.
    pub address: _ENetAddress,
    /// Application private data, never touched by the library.
    pub data: *mut c_void,
    /// The connection state (an `ENetPeerState` value).
    pub state: ENetPeerStateRaw,
    pub channels: *mut ENetChannel,
    /// Number of channels allocated for communication with the peer.
    pub channelCount: usize,
    /// Downstream bandwidth of the peer in bytes/second (0 = unlimited).
    pub incomingBandwidth: u32,
    /// Upstream bandwidth of the peer in bytes/second (0 = unlimited).
    pub outgoingBandwidth: u32,
    pub incomingBandwidthThrottleEpoch: u32,
    pub outgoingBandwidthThrottleEpoch: u32,
    pub incomingDataTotal: u32,
    pub outgoingDataTotal: u32,
    pub lastSendTime: u32,
    pub lastReceiveTime: u32,
    pub nextTimeout: u32,
    pub earliestTimeout: u32,
    pub packetLossEpoch: u32,
    pub packetsSent: u32,
    pub packetsLost: u32,
    /// Mean reliable packet loss, scaled by `ENET_PEER_PACKET_LOSS_SCALE`.
    pub packetLoss: u32,
    pub packetLossVariance: u32,
    pub packetThrottle: u32,
    pub packetThrottleLimit: u32,
    pub packetThrottleCounter: u32,
    pub packetThrottleEpoch: u32,
    pub packetThrottleAcceleration: u32,
    pub packetThrottleDeceleration: u32,
    pub packetThrottleInterval: u32,
    pub pingInterval: u32,
    pub timeoutLimit: u32,
    pub timeoutMinimum: u32,
    pub timeoutMaximum: u32,
    pub lastRoundTripTime: u32,
    pub lowestRoundTripTime: u32,
    pub lastRoundTripTimeVariance: u32,
    pub highestRoundTripTimeVariance: u32,
    /// Mean round-trip time in milliseconds.
    pub roundTripTime: u32,
    pub roundTripTimeVariance: u32,
    pub mtu: u32,
    pub windowSize: u32,
    pub reliableDataInTransit: u32,
    pub outgoingReliableSequenceNumber: u16,
    pub acknowledgements: _ENetList,
    pub sentReliableCommands: _ENetList,
    pub sentUnreliableCommands: _ENetList,
    pub outgoingCommands: _ENetList,
    pub dispatchedCommands: _ENetList,
    pub flags: u16,
    pub reserved: u16,
    pub incomingUnsequencedGroup: u16,
    pub outgoingUnsequencedGroup: u16,
    /// One bit per group of the current window (`ENET_PEER_UNSEQUENCED_WINDOW_SIZE / 32` words).
    pub unsequencedWindow: [u32; 32],
    pub eventData: u32,
    pub totalWaitingData: usize,
}
/// Typedef name of [`_ENetPeer`].
pub type ENetPeer = _ENetPeer;
