/*
 * upstream_style.c: a program written the way ENet programs are written
 * against upstream's headers. It names every public type (with upstream's
 * struct tag spellings), every callback typedef and every macro, touches the
 * fields real programs touch, and checks the macros' values. It must compile
 * unchanged against our header and the reference header, as C11 and (through
 * upstream_style.cpp) as C++17, with -Wall -Wextra -Werror.
 *
 * At run time it calls only functions that exist in every supported build.
 */
#include <enet/enet.h>
#include <enet/callbacks.h>
#include <enet/list.h>
#include <enet/protocol.h>
#include <enet/time.h>
#include <enet/types.h>
#include <enet/unix.h>
#include <enet/utility.h>
#include <stdio.h>
#include <string.h>

static int failures = 0;

#define EXPECT(condition) \
    do { if (! (condition)) { printf ("FAILED: %s (line %d)\n", #condition, __LINE__); ++ failures; } } while (0)

/* ENET_API and ENET_CALLBACK as applications use them in declarations. */
ENET_API int application_exported_function (void);
int application_exported_function (void) { return 7; }

static void ENET_CALLBACK on_packet_free (struct _ENetPacket * packet) { packet -> userData = NULL; }
/* An intercept may store its own event type (Dolphin does). In C any int
 * fits; in C++ a value outside the enum's range is undefined behaviour
 * (UBSan reports it), so the C++ build stores the largest in-range value. */
#ifdef __cplusplus
#define CUSTOM_EVENT_TYPE 3
#else
#define CUSTOM_EVENT_TYPE 42
#endif
static int ENET_CALLBACK on_intercept (struct _ENetHost * host, struct _ENetEvent * event)
{
    (void) host;
    event -> type = (ENetEventType) CUSTOM_EVENT_TYPE;
    return 1;
}
static enet_uint32 ENET_CALLBACK my_checksum (const ENetBuffer * buffers, size_t bufferCount)
{
    return enet_crc32 (buffers, bufferCount);
}
static size_t ENET_CALLBACK my_compress (void * context, const ENetBuffer * inBuffers, size_t inBufferCount,
                                         size_t inLimit, enet_uint8 * outData, size_t outLimit)
{
    (void) context; (void) inBuffers; (void) inBufferCount; (void) inLimit; (void) outData; (void) outLimit;
    return 0;
}
static size_t ENET_CALLBACK my_decompress (void * context, const enet_uint8 * inData, size_t inLimit,
                                           enet_uint8 * outData, size_t outLimit)
{
    (void) context; (void) inData; (void) inLimit; (void) outData; (void) outLimit;
    return 0;
}
static void ENET_CALLBACK my_destroy (void * context) { (void) context; }

typedef struct
{
    ENetListNode node;
    int value;
} Entry;

static void test_types_and_fields (void)
{
    ENetAddress address;
    ENetEvent event;
    ENetPacket packet;
    ENetPeer peer;
    struct _ENetPeer * peerPointer = & peer;
    ENetHost * host;
    struct _ENetHost * sameHost;
    ENetChannel channel;
    ENetCompressor compressor;
    ENetCallbacks callbacks;
    ENetBuffer buffer;
    ENetAcknowledgement acknowledgement;
    ENetOutgoingCommand outgoing;
    ENetIncomingCommand incoming;
    ENetProtocol command;
    ENetProtocolHeader protocolHeader;
    ENetProtocolCommandHeader commandHeader;
    ENetProtocolAcknowledge acknowledge;
    ENetProtocolConnect connect;
    ENetProtocolVerifyConnect verifyConnect;
    ENetProtocolBandwidthLimit bandwidthLimit;
    ENetProtocolThrottleConfigure throttleConfigure;
    ENetProtocolDisconnect disconnect;
    ENetProtocolPing ping;
    ENetProtocolSendReliable sendReliable;
    ENetProtocolSendUnreliable sendUnreliable;
    ENetProtocolSendUnsequenced sendUnsequenced;
    ENetProtocolSendFragment sendFragment;
    ENetPacketFreeCallback freeCallback = on_packet_free;
    ENetChecksumCallback checksum = my_checksum;
    ENetInterceptCallback intercept = on_intercept;
    ENetChecksumCallback builtinChecksum = enet_crc32;
    ENetVersion version = ENET_VERSION;
    ENetSocket socket = ENET_SOCKET_NULL;
    ENetSocketType socketType = ENET_SOCKET_TYPE_DATAGRAM;
    ENetSocketWait socketWait = ENET_SOCKET_WAIT_RECEIVE;
    ENetSocketOption socketOption = ENET_SOCKOPT_NONBLOCK;
    ENetSocketShutdown shutdownHow = ENET_SOCKET_SHUTDOWN_READ_WRITE;
    ENetPacketFlag packetFlag = ENET_PACKET_FLAG_RELIABLE;
    ENetPeerState peerState = ENET_PEER_STATE_CONNECTED;
    ENetPeerFlag peerFlag = ENET_PEER_FLAG_NEEDS_DISPATCH;
    ENetEventType eventType = ENET_EVENT_TYPE_RECEIVE;
    ENetProtocolCommand protocolCommand = ENET_PROTOCOL_COMMAND_SEND_RELIABLE;
    ENetProtocolFlag protocolFlag = ENET_PROTOCOL_COMMAND_FLAG_ACKNOWLEDGE;
    enet_uint8 u8 = 0xFF;
    enet_uint16 u16 = 0xFFFF;
    enet_uint32 u32 = 0xFFFFFFFFu;

    memset (& address, 0, sizeof (address));
    memset (& event, 0, sizeof (event));
    memset (& packet, 0, sizeof (packet));
    memset (& peer, 0, sizeof (peer));
    memset (& channel, 0, sizeof (channel));
    memset (& callbacks, 0, sizeof (callbacks));
    memset (& acknowledgement, 0, sizeof (acknowledgement));
    memset (& outgoing, 0, sizeof (outgoing));
    memset (& incoming, 0, sizeof (incoming));
    memset (& command, 0, sizeof (command));

    address.host = ENET_HOST_ANY;
    address.port = ENET_PORT_ANY;
    EXPECT (address.host == 0 && address.port == 0);
    address.host = ENET_HOST_BROADCAST;
    EXPECT (address.host == 0xFFFFFFFFu);

    /* Event fields as applications read and write them. */
    event.type = ENET_EVENT_TYPE_CONNECT;
    event.peer = peerPointer;
    event.channelID = 3;
    event.data = 0xDEADBEEF;
    event.packet = & packet;
    EXPECT (event.peer -> state == ENET_PEER_STATE_DISCONNECTED);
    EXPECT (intercept (NULL, & event) == 1 && event.type == (ENetEventType) CUSTOM_EVENT_TYPE);

    /* Peer fields programs read (statistics) and write (data). */
    peer.data = & event;
    peer.address = address;
    EXPECT (peer.data == & event && peer.address.host == ENET_HOST_BROADCAST);
    EXPECT (peer.roundTripTime == 0 && peer.roundTripTimeVariance == 0 && peer.lastRoundTripTime == 0);
    EXPECT (peer.packetLoss == 0 && peer.packetLossVariance == 0 && peer.packetThrottle == 0);
    EXPECT (peer.incomingBandwidth == 0 && peer.outgoingBandwidth == 0 && peer.channelCount == 0);
    EXPECT (peer.lastReceiveTime == 0 && peer.lastSendTime == 0 && peer.mtu == 0 && peer.packetsSent == 0);
    EXPECT (peer.incomingDataTotal == 0 && peer.outgoingDataTotal == 0 && peer.reliableDataInTransit == 0);
    EXPECT (peer.nextTimeout == 0 && peer.packetsLost == 0 && peer.connectID == 0 && peer.eventData == 0);
    EXPECT (peer.channels == NULL && peer.host == NULL && peer.totalWaitingData == 0);

    /* Host fields programs read and write, on a host-shaped buffer. */
    host = (ENetHost *) enet_malloc (sizeof (ENetHost));
    memset (host, 0, sizeof (ENetHost));
    sameHost = host;
    host -> peers = & peer;
    host -> peerCount = 1;
    host -> checksum = checksum;
    host -> intercept = intercept;
    host -> mtu = 1200;
    host -> duplicatePeers = 0;
    host -> maximumPacketSize = 1024;
    host -> maximumWaitingData = 4096;
    host -> totalSentData = host -> totalReceivedData = 0;
    host -> totalSentPackets = host -> totalReceivedPackets = 0;
    host -> channelLimit = ENET_PROTOCOL_MAXIMUM_CHANNEL_COUNT;
    host -> compressor.context = NULL;
    host -> compressor.compress = my_compress;
    host -> compressor.decompress = my_decompress;
    host -> compressor.destroy = my_destroy;
    EXPECT (& host -> peers [0] == peerPointer && sameHost -> connectedPeers == 0);
    EXPECT (host -> socket == 0 && host -> address.port == 0 && host -> receivedData == NULL && host -> receivedDataLength == 0);
    EXPECT (host -> receivedAddress.host == 0 && host -> incomingBandwidth == 0 && host -> outgoingBandwidth == 0);
    EXPECT (sizeof (host -> packetData [0]) == ENET_PROTOCOL_MAXIMUM_MTU);
    EXPECT (sizeof (host -> commands) / sizeof (host -> commands [0]) == ENET_PROTOCOL_MAXIMUM_PACKET_COMMANDS);
    EXPECT (sizeof (host -> buffers) / sizeof (host -> buffers [0]) == ENET_BUFFER_MAXIMUM);
    enet_free (host);

    compressor.context = NULL;
    compressor.compress = my_compress;
    compressor.decompress = my_decompress;
    compressor.destroy = my_destroy;
    EXPECT (compressor.compress (NULL, NULL, 0, 0, NULL, 0) == 0);
    callbacks.malloc = malloc;
    callbacks.free = free;
    callbacks.no_memory = NULL;
    packet.freeCallback = freeCallback;
    packet.userData = & packet;
    packet.freeCallback (& packet);
    EXPECT (packet.userData == NULL);

    /* Queue element and protocol types. */
    channel.incomingReliableSequenceNumber = 1;
    EXPECT (sizeof (channel.reliableWindows) / sizeof (channel.reliableWindows [0]) == ENET_PEER_RELIABLE_WINDOWS);
    EXPECT (sizeof (peer.unsequencedWindow) * 8 == ENET_PEER_UNSEQUENCED_WINDOW_SIZE);
    acknowledgement.command.header.command = ENET_PROTOCOL_COMMAND_ACKNOWLEDGE;
    outgoing.command.header.channelID = 0xFF;
    incoming.command.header.reliableSequenceNumber = ENET_HOST_TO_NET_16 (1);
    command.connect.connectID = 1;
    EXPECT (sizeof (ENetProtocol) == 48 && sizeof (protocolHeader) == 4 && sizeof (commandHeader) == 4);
    EXPECT (sizeof (acknowledge) == 8 && sizeof (connect) == 48 && sizeof (verifyConnect) == 44);
    EXPECT (sizeof (bandwidthLimit) == 12 && sizeof (throttleConfigure) == 16 && sizeof (disconnect) == 8);
    EXPECT (sizeof (ping) == 4 && sizeof (sendReliable) == 6 && sizeof (sendUnreliable) == 8);
    EXPECT (sizeof (sendUnsequenced) == 8 && sizeof (sendFragment) == 24);
    EXPECT (sizeof (ENetPeer) == 456 && sizeof (ENetHost) == 11024 && sizeof (ENetPacket) == 48 && sizeof (ENetEvent) == 32);

    buffer.data = & u8;
    buffer.dataLength = 1;
    EXPECT (builtinChecksum (& buffer, 1) == enet_crc32 (& buffer, 1));
    EXPECT (version == ENET_VERSION && socket == -1 && socketType == 2 && socketWait == 2 && socketOption == 1);
    EXPECT (shutdownHow == 2 && packetFlag == 1 && peerState == 5 && peerFlag == 1 && eventType == 3);
    EXPECT (protocolCommand == 6 && protocolFlag == 0x80 && u8 == 255 && u16 == 65535 && u32 == 0xFFFFFFFFu);
#ifdef ENET_PACKED
    EXPECT (1); /* the packing attribute macro exists where upstream defines it */
#endif
}

static void test_macros (void)
{
    ENetSocketSet set;
    ENetSocket socket;
    enet_uint32 big = 0x12345678u, wire;

    EXPECT (ENET_VERSION == ENET_VERSION_CREATE (ENET_VERSION_MAJOR, ENET_VERSION_MINOR, ENET_VERSION_PATCH));
    EXPECT (ENET_VERSION_GET_MAJOR (ENET_VERSION_CREATE (1, 3, 18)) == 1);
    EXPECT (ENET_VERSION_GET_MINOR (ENET_VERSION_CREATE (1, 3, 18)) == 3);
    EXPECT (ENET_VERSION_GET_PATCH (ENET_VERSION_CREATE (1, 3, 18)) == 18);
    EXPECT (ENET_VERSION_MAJOR == 1 && ENET_VERSION_MINOR == 3 && ENET_VERSION_PATCH >= 17);
    EXPECT (enet_linked_version () == ENET_VERSION);

    EXPECT (ENET_NET_TO_HOST_16 (ENET_HOST_TO_NET_16 (0x1234)) == 0x1234);
    EXPECT (ENET_NET_TO_HOST_32 (ENET_HOST_TO_NET_32 (big)) == big);
    wire = ENET_HOST_TO_NET_32 (big);
    EXPECT (((const enet_uint8 *) & wire) [0] == 0x12); /* network order: most significant byte first */

    EXPECT (ENET_TIME_OVERFLOW == 86400000);
    EXPECT (ENET_TIME_LESS (1u, 2u) && ! ENET_TIME_LESS (2u, 1u));
    EXPECT (ENET_TIME_GREATER (2u, 1u) && ! ENET_TIME_GREATER (1u, 2u));
    EXPECT (ENET_TIME_LESS_EQUAL (1u, 1u) && ENET_TIME_GREATER_EQUAL (1u, 1u));
    EXPECT (ENET_TIME_LESS (0xFFFFFFF0u, 5u)); /* across the wrap */
    EXPECT (ENET_TIME_DIFFERENCE (5u, 0xFFFFFFF0u) == 21 && ENET_TIME_DIFFERENCE (0xFFFFFFF0u, 5u) == 21);
    EXPECT (ENET_MAX (3, 9) == 9 && ENET_MIN (3, 9) == 3 && ENET_DIFFERENCE (3, 9) == 6 && ENET_DIFFERENCE (9, 3) == 6);

    socket = enet_socket_create (ENET_SOCKET_TYPE_DATAGRAM);
    EXPECT (socket != ENET_SOCKET_NULL);
    ENET_SOCKETSET_EMPTY (set);
    EXPECT (! ENET_SOCKETSET_CHECK (set, socket));
    ENET_SOCKETSET_ADD (set, socket);
    EXPECT (ENET_SOCKETSET_CHECK (set, socket));
    ENET_SOCKETSET_REMOVE (set, socket);
    EXPECT (! ENET_SOCKETSET_CHECK (set, socket));
    enet_socket_destroy (socket);

    EXPECT (ENET_BUFFER_MAXIMUM == 1 + 2 * ENET_PROTOCOL_MAXIMUM_PACKET_COMMANDS);
    EXPECT (application_exported_function () == 7);
}

static void test_list_macros (void)
{
    ENetList list;
    Entry entries [3];
    ENetListIterator position;
    int sum = 0, i;

    enet_list_clear (& list);
    EXPECT (enet_list_empty (& list));
    EXPECT (enet_list_begin (& list) == enet_list_end (& list));
    for (i = 0; i < 3; ++ i)
    {
        entries [i].value = i + 1;
        enet_list_insert (enet_list_end (& list), & entries [i]);
    }
    for (position = enet_list_begin (& list); position != enet_list_end (& list); position = enet_list_next (position))
        sum += ((Entry *) position) -> value;
    EXPECT (sum == 6);
    EXPECT (((Entry *) enet_list_front (& list)) -> value == 1);
    EXPECT (((Entry *) enet_list_back (& list)) -> value == 3);
    EXPECT (enet_list_previous (enet_list_end (& list)) == & entries [2].node);
    EXPECT (enet_list_size (& list) == 3);
}

int main (void)
{
    if (enet_initialize () != 0)
        return 1;
    test_types_and_fields ();
    test_macros ();
    test_list_macros ();
    enet_deinitialize ();
    if (failures == 0)
        printf ("upstream-style program: all checks passed\n");
    return failures == 0 ? 0 : 1;
}
