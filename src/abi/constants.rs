//! Every constant and enum value of upstream's public headers.
//!
//! C enums appear twice: as a `#[repr(C)]` Rust enum, which cbindgen turns into
//! the `typedef enum ... ENetX;` of the header (so C++ code that names the enum
//! types keeps compiling), and as a plain integer alias `ENetXRaw` used for
//! fields and parameters, because C may hand us any integer there. Anonymous
//! upstream enums (limits and defaults) are plain constants (`#define`s in the
//! header); they have the same values and are integer constant expressions in
//! both cases.
//!
//! Values follow ENet 1.3.18 where it differs from 1.3.17: the version number,
//! `ENET_SOCKOPT_TTL`, `ENET_PEER_FLAG_CONTINUE_SENDING` and the default MTU.

/// Major version of the ENet API this library implements.
pub const ENET_VERSION_MAJOR: u32 = 1;
/// Minor version of the ENet API this library implements.
pub const ENET_VERSION_MINOR: u32 = 3;
/// Patch version of the ENet API this library implements (1.3.18).
pub const ENET_VERSION_PATCH: u32 = 18;
/// `ENET_VERSION_CREATE(1, 3, 18)`, returned by `enet_linked_version`.
pub const ENET_VERSION: u32 =
    (ENET_VERSION_MAJOR << 16) | (ENET_VERSION_MINOR << 8) | ENET_VERSION_PATCH;

/// Bind to every local address.
pub const ENET_HOST_ANY: u32 = 0;
/// The IPv4 broadcast address.
pub const ENET_HOST_BROADCAST: u32 = 0xFFFF_FFFF;
/// Let the system choose a port.
pub const ENET_PORT_ANY: u16 = 0;

// Protocol limits (protocol.h, anonymous enum).
/// Smallest MTU a peer may negotiate.
pub const ENET_PROTOCOL_MINIMUM_MTU: u32 = 576;
/// Largest MTU a peer may negotiate; also the size of a receive buffer.
pub const ENET_PROTOCOL_MAXIMUM_MTU: usize = 4096;
/// Most commands one datagram may carry.
pub const ENET_PROTOCOL_MAXIMUM_PACKET_COMMANDS: usize = 32;
/// Smallest reliable window size.
pub const ENET_PROTOCOL_MINIMUM_WINDOW_SIZE: u32 = 4096;
/// Largest reliable window size.
pub const ENET_PROTOCOL_MAXIMUM_WINDOW_SIZE: u32 = 65536;
/// Fewest channels a connection may have.
pub const ENET_PROTOCOL_MINIMUM_CHANNEL_COUNT: u32 = 1;
/// Most channels a connection may have.
pub const ENET_PROTOCOL_MAXIMUM_CHANNEL_COUNT: u32 = 255;
/// Largest peer ID; `peerCount` above it is refused.
pub const ENET_PROTOCOL_MAXIMUM_PEER_ID: u32 = 0xFFF;
/// Most fragments a packet may be split into.
pub const ENET_PROTOCOL_MAXIMUM_FRAGMENT_COUNT: u32 = 1024 * 1024;

/// Protocol command numbers (the low four bits of a command header's `command`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ENetProtocolCommand {
    ENET_PROTOCOL_COMMAND_NONE = 0,
    ENET_PROTOCOL_COMMAND_ACKNOWLEDGE = 1,
    ENET_PROTOCOL_COMMAND_CONNECT = 2,
    ENET_PROTOCOL_COMMAND_VERIFY_CONNECT = 3,
    ENET_PROTOCOL_COMMAND_DISCONNECT = 4,
    ENET_PROTOCOL_COMMAND_PING = 5,
    ENET_PROTOCOL_COMMAND_SEND_RELIABLE = 6,
    ENET_PROTOCOL_COMMAND_SEND_UNRELIABLE = 7,
    ENET_PROTOCOL_COMMAND_SEND_FRAGMENT = 8,
    ENET_PROTOCOL_COMMAND_SEND_UNSEQUENCED = 9,
    ENET_PROTOCOL_COMMAND_BANDWIDTH_LIMIT = 10,
    ENET_PROTOCOL_COMMAND_THROTTLE_CONFIGURE = 11,
    ENET_PROTOCOL_COMMAND_SEND_UNRELIABLE_FRAGMENT = 12,
    ENET_PROTOCOL_COMMAND_COUNT = 13,
    ENET_PROTOCOL_COMMAND_MASK = 0x0F,
}

/// Flag bits of command headers and of the datagram header's peer ID field.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ENetProtocolFlag {
    ENET_PROTOCOL_COMMAND_FLAG_ACKNOWLEDGE = 1 << 7,
    ENET_PROTOCOL_COMMAND_FLAG_UNSEQUENCED = 1 << 6,
    ENET_PROTOCOL_HEADER_FLAG_COMPRESSED = 1 << 14,
    ENET_PROTOCOL_HEADER_FLAG_SENT_TIME = 1 << 15,
    ENET_PROTOCOL_HEADER_FLAG_MASK = (1 << 14) | (1 << 15),
    ENET_PROTOCOL_HEADER_SESSION_MASK = 3 << 12,
    ENET_PROTOCOL_HEADER_SESSION_SHIFT = 12,
}

/// Kinds of socket `enet_socket_create` makes.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ENetSocketType {
    ENET_SOCKET_TYPE_STREAM = 1,
    ENET_SOCKET_TYPE_DATAGRAM = 2,
}
/// An `ENetSocketType` value as C passes it.
pub type ENetSocketTypeRaw = u32;

/// Conditions `enet_socket_wait` waits for and reports (a bit mask).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ENetSocketWait {
    ENET_SOCKET_WAIT_NONE = 0,
    ENET_SOCKET_WAIT_SEND = 1 << 0,
    ENET_SOCKET_WAIT_RECEIVE = 1 << 1,
    ENET_SOCKET_WAIT_INTERRUPT = 1 << 2,
}

/// Options of `enet_socket_set_option` / `enet_socket_get_option`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ENetSocketOption {
    ENET_SOCKOPT_NONBLOCK = 1,
    ENET_SOCKOPT_BROADCAST = 2,
    ENET_SOCKOPT_RCVBUF = 3,
    ENET_SOCKOPT_SNDBUF = 4,
    ENET_SOCKOPT_REUSEADDR = 5,
    ENET_SOCKOPT_RCVTIMEO = 6,
    ENET_SOCKOPT_SNDTIMEO = 7,
    ENET_SOCKOPT_ERROR = 8,
    ENET_SOCKOPT_NODELAY = 9,
    ENET_SOCKOPT_TTL = 10,
}
/// An `ENetSocketOption` value as C passes it.
pub type ENetSocketOptionRaw = u32;

/// Directions of `enet_socket_shutdown`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ENetSocketShutdown {
    ENET_SOCKET_SHUTDOWN_READ = 0,
    ENET_SOCKET_SHUTDOWN_WRITE = 1,
    ENET_SOCKET_SHUTDOWN_READ_WRITE = 2,
}
/// An `ENetSocketShutdown` value as C passes it.
pub type ENetSocketShutdownRaw = u32;

/// Packet flags (a bit mask stored in `ENetPacket::flags`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ENetPacketFlag {
    /// Must be received by the target peer and resent until it is.
    ENET_PACKET_FLAG_RELIABLE = 1 << 0,
    /// Not sequenced with other unreliable packets (may arrive out of order).
    ENET_PACKET_FLAG_UNSEQUENCED = 1 << 1,
    /// The packet adopts the caller's data pointer instead of copying it.
    ENET_PACKET_FLAG_NO_ALLOCATE = 1 << 2,
    /// Fragments of an oversized unreliable packet are sent unreliably.
    ENET_PACKET_FLAG_UNRELIABLE_FRAGMENT = 1 << 3,
    /// Set by the library once the packet has been sent.
    ENET_PACKET_FLAG_SENT = 1 << 8,
}

/// Connection states of a peer (`ENetPeer::state`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ENetPeerState {
    ENET_PEER_STATE_DISCONNECTED = 0,
    ENET_PEER_STATE_CONNECTING = 1,
    ENET_PEER_STATE_ACKNOWLEDGING_CONNECT = 2,
    ENET_PEER_STATE_CONNECTION_PENDING = 3,
    ENET_PEER_STATE_CONNECTION_SUCCEEDED = 4,
    ENET_PEER_STATE_CONNECTED = 5,
    ENET_PEER_STATE_DISCONNECT_LATER = 6,
    ENET_PEER_STATE_DISCONNECTING = 7,
    ENET_PEER_STATE_ACKNOWLEDGING_DISCONNECT = 8,
    ENET_PEER_STATE_ZOMBIE = 9,
}
/// An `ENetPeerState` value as stored in `ENetPeer::state`.
pub type ENetPeerStateRaw = u32;

/// Internal peer flags (`ENetPeer::flags`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ENetPeerFlag {
    ENET_PEER_FLAG_NEEDS_DISPATCH = 1 << 0,
    ENET_PEER_FLAG_CONTINUE_SENDING = 1 << 1,
}

/// Event types (`ENetEvent::type`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ENetEventType {
    /// No event occurred within the time limit.
    ENET_EVENT_TYPE_NONE = 0,
    /// A connection completed; `peer` is the new peer, `data` its connect data.
    ENET_EVENT_TYPE_CONNECT = 1,
    /// A peer disconnected or timed out; `data` is the disconnect data.
    ENET_EVENT_TYPE_DISCONNECT = 2,
    /// A packet arrived; `packet` must be destroyed by the receiver.
    ENET_EVENT_TYPE_RECEIVE = 3,
}
/// An event type as stored in `ENetEvent::type`: an intercept callback may
/// store values outside the enum, and they are passed through unchanged.
pub type ENetEventTypeRaw = u32;

// Host and peer defaults (enet.h, anonymous enum).
/// Receive buffer size set on a host's socket.
pub const ENET_HOST_RECEIVE_BUFFER_SIZE: u32 = 256 * 1024;
/// Send buffer size set on a host's socket.
pub const ENET_HOST_SEND_BUFFER_SIZE: u32 = 256 * 1024;
/// Interval of the host bandwidth throttle, in milliseconds.
pub const ENET_HOST_BANDWIDTH_THROTTLE_INTERVAL: u32 = 1000;
/// Default MTU of a host (1.3.18's value).
pub const ENET_HOST_DEFAULT_MTU: u32 = 1392;
/// Default `maximumPacketSize`.
pub const ENET_HOST_DEFAULT_MAXIMUM_PACKET_SIZE: u32 = 32 * 1024 * 1024;
/// Default `maximumWaitingData`.
pub const ENET_HOST_DEFAULT_MAXIMUM_WAITING_DATA: u32 = 32 * 1024 * 1024;
/// Round-trip time assumed before any measurement, in milliseconds.
pub const ENET_PEER_DEFAULT_ROUND_TRIP_TIME: u32 = 500;
/// Initial packet throttle.
pub const ENET_PEER_DEFAULT_PACKET_THROTTLE: u32 = 32;
/// The packet throttle's full scale.
pub const ENET_PEER_PACKET_THROTTLE_SCALE: u32 = 32;
/// Modulus of the unreliable packet throttle counter.
pub const ENET_PEER_PACKET_THROTTLE_COUNTER: u32 = 7;
/// Default throttle acceleration.
pub const ENET_PEER_PACKET_THROTTLE_ACCELERATION: u32 = 2;
/// Default throttle deceleration.
pub const ENET_PEER_PACKET_THROTTLE_DECELERATION: u32 = 2;
/// Default throttle interval, in milliseconds.
pub const ENET_PEER_PACKET_THROTTLE_INTERVAL: u32 = 5000;
/// Scale of `ENetPeer::packetLoss` (65536 = 100 %).
pub const ENET_PEER_PACKET_LOSS_SCALE: u32 = 1 << 16;
/// Interval over which packet loss is averaged, in milliseconds.
pub const ENET_PEER_PACKET_LOSS_INTERVAL: u32 = 10000;
/// Bytes per second of bandwidth that buy one unit of window size.
pub const ENET_PEER_WINDOW_SIZE_SCALE: u32 = 64 * 1024;
/// Default timeout limit (a multiple of the retransmission timeout).
pub const ENET_PEER_TIMEOUT_LIMIT: u32 = 32;
/// Default minimum timeout, in milliseconds.
pub const ENET_PEER_TIMEOUT_MINIMUM: u32 = 5000;
/// Default maximum timeout, in milliseconds.
pub const ENET_PEER_TIMEOUT_MAXIMUM: u32 = 30000;
/// Default ping interval, in milliseconds.
pub const ENET_PEER_PING_INTERVAL: u32 = 500;
/// Number of unsequenced windows.
pub const ENET_PEER_UNSEQUENCED_WINDOWS: u32 = 64;
/// Size of one unsequenced window, in groups.
pub const ENET_PEER_UNSEQUENCED_WINDOW_SIZE: usize = 1024;
/// Unsequenced windows kept free ahead of the current one.
pub const ENET_PEER_FREE_UNSEQUENCED_WINDOWS: u32 = 32;
/// Number of reliable windows per channel.
pub const ENET_PEER_RELIABLE_WINDOWS: usize = 16;
/// Reliable sequence numbers per window.
pub const ENET_PEER_RELIABLE_WINDOW_SIZE: u32 = 0x1000;
/// Reliable windows kept free ahead of the current one.
pub const ENET_PEER_FREE_RELIABLE_WINDOWS: u32 = 8;

/// Scatter/gather entries a host keeps for one datagram (1 + 2 per command).
pub const ENET_BUFFER_MAXIMUM: usize = 1 + 2 * ENET_PROTOCOL_MAXIMUM_PACKET_COMMANDS;
