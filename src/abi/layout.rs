//! Upstream's LP64 layouts (x86_64 and aarch64 Linux), proven twice.
//!
//! 1. At compile time: every size, alignment and field offset measured from
//!    upstream's 1.3.17 headers with GCC is asserted below; a mismatch stops
//!    the build.
//! 2. At test time: [`table`] lists our actual layouts, and
//!    `tests/layout_reference.rs` compares it with what bindgen reads from the
//!    installed reference header, naming any field that differs.

use super::*;
use core::mem::{align_of, size_of};

/// The layout of one field of one of our types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldLayout {
    /// Field name as in the C header.
    pub name: &'static str,
    /// Byte offset within the type.
    pub offset: usize,
    /// Size in bytes.
    pub size: usize,
}

/// The layout of one public struct or union.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeLayout {
    /// Tag name as in the C header (`_ENetPeer`; `ENetBuffer` has no tag).
    pub name: &'static str,
    /// `sizeof`.
    pub size: usize,
    /// `_Alignof`.
    pub align: usize,
    /// Every field, in declaration order (empty for the union, whose members
    /// all start at 0).
    pub fields: Vec<FieldLayout>,
}

/// Size of a field's type, found by type inference on a projection.
fn size_of_projection<T, F>(_projection: fn(T) -> F) -> usize {
    size_of::<F>()
}

macro_rules! fields {
    ($ty:ty, $($field:ident),* $(,)?) => {
        vec![$(FieldLayout {
            name: stringify!($field).trim_start_matches("r#"),
            offset: core::mem::offset_of!($ty, $field),
            size: size_of_projection(|value: $ty| value.$field),
        }),*]
    };
}

macro_rules! type_layout {
    ($ty:ident $(, $field:ident)* $(,)?) => {
        TypeLayout {
            name: stringify!($ty),
            size: size_of::<$ty>(),
            align: align_of::<$ty>(),
            fields: fields!($ty, $($field),*),
        }
    };
}

/// Our layout of every public struct and union of upstream's headers.
pub fn table() -> Vec<TypeLayout> {
    vec![
        type_layout!(_ENetAddress, host, port),
        type_layout!(ENetBuffer, data, dataLength),
        type_layout!(_ENetListNode, next, previous),
        type_layout!(_ENetList, sentinel),
        type_layout!(_ENetCallbacks, malloc, free, no_memory),
        type_layout!(
            _ENetPacket,
            referenceCount,
            flags,
            data,
            dataLength,
            freeCallback,
            userData
        ),
        type_layout!(_ENetAcknowledgement, acknowledgementList, sentTime, command),
        type_layout!(
            _ENetOutgoingCommand,
            outgoingCommandList,
            reliableSequenceNumber,
            unreliableSequenceNumber,
            sentTime,
            roundTripTimeout,
            roundTripTimeoutLimit,
            fragmentOffset,
            fragmentLength,
            sendAttempts,
            command,
            packet
        ),
        type_layout!(
            _ENetIncomingCommand,
            incomingCommandList,
            reliableSequenceNumber,
            unreliableSequenceNumber,
            command,
            fragmentCount,
            fragmentsRemaining,
            fragments,
            packet
        ),
        type_layout!(
            _ENetChannel,
            outgoingReliableSequenceNumber,
            outgoingUnreliableSequenceNumber,
            usedReliableWindows,
            reliableWindows,
            incomingReliableSequenceNumber,
            incomingUnreliableSequenceNumber,
            incomingReliableCommands,
            incomingUnreliableCommands
        ),
        type_layout!(
            _ENetPeer,
            dispatchList,
            host,
            outgoingPeerID,
            incomingPeerID,
            connectID,
            outgoingSessionID,
            incomingSessionID,
            address,
            data,
            state,
            channels,
            channelCount,
            incomingBandwidth,
            outgoingBandwidth,
            incomingBandwidthThrottleEpoch,
            outgoingBandwidthThrottleEpoch,
            incomingDataTotal,
            outgoingDataTotal,
            lastSendTime,
            lastReceiveTime,
            nextTimeout,
            earliestTimeout,
            packetLossEpoch,
            packetsSent,
            packetsLost,
            packetLoss,
            packetLossVariance,
            packetThrottle,
            packetThrottleLimit,
            packetThrottleCounter,
            packetThrottleEpoch,
            packetThrottleAcceleration,
            packetThrottleDeceleration,
            packetThrottleInterval,
            pingInterval,
            timeoutLimit,
            timeoutMinimum,
            timeoutMaximum,
            lastRoundTripTime,
            lowestRoundTripTime,
            lastRoundTripTimeVariance,
            highestRoundTripTimeVariance,
            roundTripTime,
            roundTripTimeVariance,
            mtu,
            windowSize,
            reliableDataInTransit,
            outgoingReliableSequenceNumber,
            acknowledgements,
            sentReliableCommands,
            sentUnreliableCommands,
            outgoingCommands,
            dispatchedCommands,
            flags,
            reserved,
            incomingUnsequencedGroup,
            outgoingUnsequencedGroup,
            unsequencedWindow,
            eventData,
            totalWaitingData
        ),
        type_layout!(_ENetCompressor, context, compress, decompress, destroy),
        type_layout!(
            _ENetHost,
            socket,
            address,
            incomingBandwidth,
            outgoingBandwidth,
            bandwidthThrottleEpoch,
            mtu,
            randomSeed,
            recalculateBandwidthLimits,
            peers,
            peerCount,
            channelLimit,
            serviceTime,
            dispatchQueue,
            continueSending,
            packetSize,
            headerFlags,
            commands,
            commandCount,
            buffers,
            bufferCount,
            checksum,
            compressor,
            packetData,
            receivedAddress,
            receivedData,
            receivedDataLength,
            totalSentData,
            totalSentPackets,
            totalReceivedData,
            totalReceivedPackets,
            intercept,
            connectedPeers,
            bandwidthLimitedPeers,
            duplicatePeers,
            maximumPacketSize,
            maximumWaitingData
        ),
        type_layout!(_ENetEvent, r#type, peer, channelID, data, packet),
        type_layout!(_ENetProtocolHeader, peerID, sentTime),
        type_layout!(
            _ENetProtocolCommandHeader,
            command,
            channelID,
            reliableSequenceNumber
        ),
        type_layout!(
            _ENetProtocolAcknowledge,
            header,
            receivedReliableSequenceNumber,
            receivedSentTime
        ),
        type_layout!(
            _ENetProtocolConnect,
            header,
            outgoingPeerID,
            incomingSessionID,
            outgoingSessionID,
            mtu,
            windowSize,
            channelCount,
            incomingBandwidth,
            outgoingBandwidth,
            packetThrottleInterval,
            packetThrottleAcceleration,
            packetThrottleDeceleration,
            connectID,
            data
        ),
        type_layout!(
            _ENetProtocolVerifyConnect,
            header,
            outgoingPeerID,
            incomingSessionID,
            outgoingSessionID,
            mtu,
            windowSize,
            channelCount,
            incomingBandwidth,
            outgoingBandwidth,
            packetThrottleInterval,
            packetThrottleAcceleration,
            packetThrottleDeceleration,
            connectID
        ),
        type_layout!(
            _ENetProtocolBandwidthLimit,
            header,
            incomingBandwidth,
            outgoingBandwidth
        ),
        type_layout!(
            _ENetProtocolThrottleConfigure,
            header,
            packetThrottleInterval,
            packetThrottleAcceleration,
            packetThrottleDeceleration
        ),
        type_layout!(_ENetProtocolDisconnect, header, data),
        type_layout!(_ENetProtocolPing, header),
        type_layout!(_ENetProtocolSendReliable, header, dataLength),
        type_layout!(
            _ENetProtocolSendUnreliable,
            header,
            unreliableSequenceNumber,
            dataLength
        ),
        type_layout!(
            _ENetProtocolSendUnsequenced,
            header,
            unsequencedGroup,
            dataLength
        ),
        type_layout!(
            _ENetProtocolSendFragment,
            header,
            startSequenceNumber,
            dataLength,
            fragmentCount,
            fragmentNumber,
            totalLength,
            fragmentOffset
        ),
        type_layout!(_ENetProtocol),
    ]
}

/// The measured numbers, asserted at compile time on 64-bit targets.
#[cfg(target_pointer_width = "64")]
mod lp64 {
    use super::super::*;
    use core::mem::{align_of, offset_of, size_of};

    macro_rules! layout {
        ($ty:ty, $size:expr, $align:expr, { $($field:ident @ $off:expr),* $(,)? }) => {
            const _: () = assert!(size_of::<$ty>() == $size);
            const _: () = assert!(align_of::<$ty>() == $align);
            $(const _: () = assert!(offset_of!($ty, $field) == $off);)*
        };
    }

    layout!(_ENetAddress, 8, 4, { host @ 0, port @ 4 });
    layout!(ENetBuffer, 16, 8, { data @ 0, dataLength @ 8 });
    layout!(_ENetListNode, 16, 8, { next @ 0, previous @ 8 });
    layout!(_ENetList, 16, 8, { sentinel @ 0 });
    layout!(_ENetCallbacks, 24, 8, { malloc @ 0, free @ 8, no_memory @ 16 });
    layout!(_ENetPacket, 48, 8, { referenceCount @ 0, flags @ 8, data @ 16, dataLength @ 24, freeCallback @ 32, userData @ 40 });
    layout!(_ENetAcknowledgement, 72, 8, { acknowledgementList @ 0, sentTime @ 16, command @ 20 });
    layout!(_ENetOutgoingCommand, 96, 8, { outgoingCommandList @ 0, reliableSequenceNumber @ 16, unreliableSequenceNumber @ 18, sentTime @ 20, roundTripTimeout @ 24, roundTripTimeoutLimit @ 28, fragmentOffset @ 32, fragmentLength @ 36, sendAttempts @ 38, command @ 40, packet @ 88 });
    layout!(_ENetIncomingCommand, 96, 8, { incomingCommandList @ 0, reliableSequenceNumber @ 16, unreliableSequenceNumber @ 18, command @ 20, fragmentCount @ 68, fragmentsRemaining @ 72, fragments @ 80, packet @ 88 });
    layout!(_ENetChannel, 80, 8, { outgoingReliableSequenceNumber @ 0, outgoingUnreliableSequenceNumber @ 2, usedReliableWindows @ 4, reliableWindows @ 6, incomingReliableSequenceNumber @ 38, incomingUnreliableSequenceNumber @ 40, incomingReliableCommands @ 48, incomingUnreliableCommands @ 64 });
    layout!(_ENetPeer, 456, 8, { dispatchList @ 0, host @ 16, outgoingPeerID @ 24, incomingPeerID @ 26, connectID @ 28, outgoingSessionID @ 32, incomingSessionID @ 33, address @ 36, data @ 48, state @ 56, channels @ 64, channelCount @ 72, incomingBandwidth @ 80, outgoingBandwidth @ 84, incomingBandwidthThrottleEpoch @ 88, outgoingBandwidthThrottleEpoch @ 92, incomingDataTotal @ 96, outgoingDataTotal @ 100, lastSendTime @ 104, lastReceiveTime @ 108, nextTimeout @ 112, earliestTimeout @ 116, packetLossEpoch @ 120, packetsSent @ 124, packetsLost @ 128, packetLoss @ 132, packetLossVariance @ 136, packetThrottle @ 140, packetThrottleLimit @ 144, packetThrottleCounter @ 148, packetThrottleEpoch @ 152, packetThrottleAcceleration @ 156, packetThrottleDeceleration @ 160, packetThrottleInterval @ 164, pingInterval @ 168, timeoutLimit @ 172, timeoutMinimum @ 176, timeoutMaximum @ 180, lastRoundTripTime @ 184, lowestRoundTripTime @ 188, lastRoundTripTimeVariance @ 192, highestRoundTripTimeVariance @ 196, roundTripTime @ 200, roundTripTimeVariance @ 204, mtu @ 208, windowSize @ 212, reliableDataInTransit @ 216, outgoingReliableSequenceNumber @ 220, acknowledgements @ 224, sentReliableCommands @ 240, sentUnreliableCommands @ 256, outgoingCommands @ 272, dispatchedCommands @ 288, flags @ 304, reserved @ 306, incomingUnsequencedGroup @ 308, outgoingUnsequencedGroup @ 310, unsequencedWindow @ 312, eventData @ 440, totalWaitingData @ 448 });
    layout!(_ENetCompressor, 32, 8, { context @ 0, compress @ 8, decompress @ 16, destroy @ 24 });
    layout!(_ENetHost, 11024, 8, { socket @ 0, address @ 4, incomingBandwidth @ 12, outgoingBandwidth @ 16, bandwidthThrottleEpoch @ 20, mtu @ 24, randomSeed @ 28, recalculateBandwidthLimits @ 32, peers @ 40, peerCount @ 48, channelLimit @ 56, serviceTime @ 64, dispatchQueue @ 72, continueSending @ 88, packetSize @ 96, headerFlags @ 104, commands @ 106, commandCount @ 1648, buffers @ 1656, bufferCount @ 2696, checksum @ 2704, compressor @ 2712, packetData @ 2744, receivedAddress @ 10936, receivedData @ 10944, receivedDataLength @ 10952, totalSentData @ 10960, totalSentPackets @ 10964, totalReceivedData @ 10968, totalReceivedPackets @ 10972, intercept @ 10976, connectedPeers @ 10984, bandwidthLimitedPeers @ 10992, duplicatePeers @ 11000, maximumPacketSize @ 11008, maximumWaitingData @ 11016 });
    layout!(_ENetEvent, 32, 8, { r#type @ 0, peer @ 8, channelID @ 16, data @ 20, packet @ 24 });
    layout!(_ENetProtocolHeader, 4, 1, { peerID @ 0, sentTime @ 2 });
    layout!(_ENetProtocolCommandHeader, 4, 1, { command @ 0, channelID @ 1, reliableSequenceNumber @ 2 });
    layout!(_ENetProtocolAcknowledge, 8, 1, { header @ 0, receivedReliableSequenceNumber @ 4, receivedSentTime @ 6 });
    layout!(_ENetProtocolConnect, 48, 1, { header @ 0, outgoingPeerID @ 4, incomingSessionID @ 6, outgoingSessionID @ 7, mtu @ 8, windowSize @ 12, channelCount @ 16, incomingBandwidth @ 20, outgoingBandwidth @ 24, packetThrottleInterval @ 28, packetThrottleAcceleration @ 32, packetThrottleDeceleration @ 36, connectID @ 40, data @ 44 });
    layout!(_ENetProtocolVerifyConnect, 44, 1, { header @ 0, outgoingPeerID @ 4, incomingSessionID @ 6, outgoingSessionID @ 7, mtu @ 8, windowSize @ 12, channelCount @ 16, incomingBandwidth @ 20, outgoingBandwidth @ 24, packetThrottleInterval @ 28, packetThrottleAcceleration @ 32, packetThrottleDeceleration @ 36, connectID @ 40 });
    layout!(_ENetProtocolBandwidthLimit, 12, 1, { header @ 0, incomingBandwidth @ 4, outgoingBandwidth @ 8 });
    layout!(_ENetProtocolThrottleConfigure, 16, 1, { header @ 0, packetThrottleInterval @ 4, packetThrottleAcceleration @ 8, packetThrottleDeceleration @ 12 });
    layout!(_ENetProtocolDisconnect, 8, 1, { header @ 0, data @ 4 });
    layout!(_ENetProtocolPing, 4, 1, { header @ 0 });
    layout!(_ENetProtocolSendReliable, 6, 1, { header @ 0, dataLength @ 4 });
    layout!(_ENetProtocolSendUnreliable, 8, 1, { header @ 0, unreliableSequenceNumber @ 4, dataLength @ 6 });
    layout!(_ENetProtocolSendUnsequenced, 8, 1, { header @ 0, unsequencedGroup @ 4, dataLength @ 6 });
    layout!(_ENetProtocolSendFragment, 24, 1, { header @ 0, startSequenceNumber @ 4, dataLength @ 6, fragmentCount @ 8, fragmentNumber @ 12, totalLength @ 16, fragmentOffset @ 20 });
    layout!(_ENetProtocol, 48, 1, {});

    // ENetBuffer is handed to sendmsg/recvmsg as struct iovec.
    const _: () = assert!(size_of::<ENetBuffer>() == size_of::<libc::iovec>());
    const _: () = assert!(offset_of!(ENetBuffer, data) == offset_of!(libc::iovec, iov_base));
    const _: () = assert!(offset_of!(ENetBuffer, dataLength) == offset_of!(libc::iovec, iov_len));
}

// The unsequenced window is ENET_PEER_UNSEQUENCED_WINDOW_SIZE bits.
const _: () = assert!(ENET_PEER_UNSEQUENCED_WINDOW_SIZE / 32 == 32);
