//! The packed wire structs of `enet/protocol.h` and the `ENetProtocol` union.
//!
//! Multi-byte fields hold network byte order values when they mirror a
//! datagram (the library converts on the way in and out); `connectID` is
//! copied raw. These structs have alignment 1, which is why `ENetProtocol`
//! starts at odd offsets inside the unpacked structs that embed it.

/// Datagram header: peer ID with flag and session bits, then the sent time.
#[repr(C, packed)]
#[derive(Debug, Clone, Copy, Default)]
pub struct _ENetProtocolHeader {
    pub peerID: u16,
    pub sentTime: u16,
}
/// Typedef name of [`_ENetProtocolHeader`].
pub type ENetProtocolHeader = _ENetProtocolHeader;

/// Header common to all commands.
#[repr(C, packed)]
#[derive(Debug, Clone, Copy, Default)]
pub struct _ENetProtocolCommandHeader {
    pub command: u8,
    pub channelID: u8,
    pub reliableSequenceNumber: u16,
}
/// Typedef name of [`_ENetProtocolCommandHeader`].
pub type ENetProtocolCommandHeader = _ENetProtocolCommandHeader;

/// ACKNOWLEDGE command.
#[repr(C, packed)]
#[derive(Debug, Clone, Copy, Default)]
pub struct _ENetProtocolAcknowledge {
    pub header: _ENetProtocolCommandHeader,
    pub receivedReliableSequenceNumber: u16,
    pub receivedSentTime: u16,
}
/// Typedef name of [`_ENetProtocolAcknowledge`].
pub type ENetProtocolAcknowledge = _ENetProtocolAcknowledge;

/// CONNECT command.
#[repr(C, packed)]
#[derive(Debug, Clone, Copy, Default)]
pub struct _ENetProtocolConnect {
    pub header: _ENetProtocolCommandHeader,
    pub outgoingPeerID: u16,
    pub incomingSessionID: u8,
    pub outgoingSessionID: u8,
    pub mtu: u32,
    pub windowSize: u32,
    pub channelCount: u32,
    pub incomingBandwidth: u32,
    pub outgoingBandwidth: u32,
    pub packetThrottleInterval: u32,
    pub packetThrottleAcceleration: u32,
    pub packetThrottleDeceleration: u32,
    pub connectID: u32,
    pub data: u32,
}
/// Typedef name of [`_ENetProtocolConnect`].
pub type ENetProtocolConnect = _ENetProtocolConnect;

/// VERIFY_CONNECT command.
#[repr(C, packed)]
#[derive(Debug, Clone, Copy, Default)]
pub struct _ENetProtocolVerifyConnect {
    pub header: _ENetProtocolCommandHeader,
    pub outgoingPeerID: u16,
    pub incomingSessionID: u8,
    pub outgoingSessionID: u8,
    pub mtu: u32,
    pub windowSize: u32,
    pub channelCount: u32,
    pub incomingBandwidth: u32,
    pub outgoingBandwidth: u32,
    pub packetThrottleInterval: u32,
    pub packetThrottleAcceleration: u32,
    pub packetThrottleDeceleration: u32,
    pub connectID: u32,
}
/// Typedef name of [`_ENetProtocolVerifyConnect`].
pub type ENetProtocolVerifyConnect = _ENetProtocolVerifyConnect;

/// BANDWIDTH_LIMIT command.
#[repr(C, packed)]
#[derive(Debug, Clone, Copy, Default)]
pub struct _ENetProtocolBandwidthLimit {
    pub header: _ENetProtocolCommandHeader,
    pub incomingBandwidth: u32,
    pub outgoingBandwidth: u32,
}
/// Typedef name of [`_ENetProtocolBandwidthLimit`].
pub type ENetProtocolBandwidthLimit = _ENetProtocolBandwidthLimit;

/// THROTTLE_CONFIGURE command.
#[repr(C, packed)]
#[derive(Debug, Clone, Copy, Default)]
pub struct _ENetProtocolThrottleConfigure {
    pub header: _ENetProtocolCommandHeader,
    pub packetThrottleInterval: u32,
    pub packetThrottleAcceleration: u32,
    pub packetThrottleDeceleration: u32,
}
/// Typedef name of [`_ENetProtocolThrottleConfigure`].
pub type ENetProtocolThrottleConfigure = _ENetProtocolThrottleConfigure;

/// DISCONNECT command.
#[repr(C, packed)]
#[derive(Debug, Clone, Copy, Default)]
pub struct _ENetProtocolDisconnect {
    pub header: _ENetProtocolCommandHeader,
    pub data: u32,
}
/// Typedef name of [`_ENetProtocolDisconnect`].
pub type ENetProtocolDisconnect = _ENetProtocolDisconnect;

/// PING command.
#[repr(C, packed)]
#[derive(Debug, Clone, Copy, Default)]
pub struct _ENetProtocolPing {
    pub header: _ENetProtocolCommandHeader,
}
/// Typedef name of [`_ENetProtocolPing`].
pub type ENetProtocolPing = _ENetProtocolPing;

/// SEND_RELIABLE command (payload follows).
#[repr(C, packed)]
#[derive(Debug, Clone, Copy, Default)]
pub struct _ENetProtocolSendReliable {
    pub header: _ENetProtocolCommandHeader,
    pub dataLength: u16,
}
/// Typedef name of [`_ENetProtocolSendReliable`].
pub type ENetProtocolSendReliable = _ENetProtocolSendReliable;

/// SEND_UNRELIABLE command (payload follows).
#[repr(C, packed)]
#[derive(Debug, Clone, Copy, Default)]
pub struct _ENetProtocolSendUnreliable {
    pub header: _ENetProtocolCommandHeader,
    pub unreliableSequenceNumber: u16,
    pub dataLength: u16,
}
/// Typedef name of [`_ENetProtocolSendUnreliable`].
pub type ENetProtocolSendUnreliable = _ENetProtocolSendUnreliable;

/// SEND_UNSEQUENCED command (payload follows).
#[repr(C, packed)]
#[derive(Debug, Clone, Copy, Default)]
pub struct _ENetProtocolSendUnsequenced {
    pub header: _ENetProtocolCommandHeader,
    pub unsequencedGroup: u16,
    pub dataLength: u16,
}
/// Typedef name of [`_ENetProtocolSendUnsequenced`].
pub type ENetProtocolSendUnsequenced = _ENetProtocolSendUnsequenced;

/// SEND_FRAGMENT and SEND_UNRELIABLE_FRAGMENT commands (payload follows).
#[repr(C, packed)]
#[derive(Debug, Clone, Copy, Default)]
pub struct _ENetProtocolSendFragment {
    pub header: _ENetProtocolCommandHeader,
    pub startSequenceNumber: u16,
    pub dataLength: u16,
    pub fragmentCount: u32,
    pub fragmentNumber: u32,
    pub totalLength: u32,
    pub fragmentOffset: u32,
}
/// Typedef name of [`_ENetProtocolSendFragment`].
pub type ENetProtocolSendFragment = _ENetProtocolSendFragment;

/// Any one command, as upstream stores it in queues and in `ENetHost::commands`.
#[repr(C, packed)]
#[derive(Clone, Copy)]
pub union _ENetProtocol {
    pub header: _ENetProtocolCommandHeader,
    pub acknowledge: _ENetProtocolAcknowledge,
    pub connect: _ENetProtocolConnect,
    pub verifyConnect: _ENetProtocolVerifyConnect,
    pub disconnect: _ENetProtocolDisconnect,
    pub ping: _ENetProtocolPing,
    pub sendReliable: _ENetProtocolSendReliable,
    pub sendUnreliable: _ENetProtocolSendUnreliable,
    pub sendUnsequenced: _ENetProtocolSendUnsequenced,
    pub sendFragment: _ENetProtocolSendFragment,
    pub bandwidthLimit: _ENetProtocolBandwidthLimit,
    pub throttleConfigure: _ENetProtocolThrottleConfigure,
}
/// Typedef name of [`_ENetProtocol`].
pub type ENetProtocol = _ENetProtocol;

impl Default for _ENetProtocol {
    fn default() -> Self {
        // The largest member covers all 48 bytes, so this zeroes the union.
        _ENetProtocol {
            connect: ENetProtocolConnect::default(),
        }
    }
}

impl core::fmt::Debug for _ENetProtocol {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Which member is live is only known from context; show none.
        f.write_str("ENetProtocol { .. }")
    }
}
