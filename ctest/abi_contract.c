/*
 * abi_contract.c: what real programs rely on beyond the function
 * signatures, checked on our library (NULL and out-of-range arguments, on
 * which the reference crashes, are abi_arguments.c's):
 *
 * - live fields: host->peers is one array of sizeof (ENetPeer) stride;
 *   statistics, state and totals read correctly between calls; fields
 *   programs write (totals, mtu, duplicatePeers, maximumPacketSize,
 *   intercept, checksum, peer->data) are honoured;
 * - an intercept hook may store its own event type (Dolphin stores 42) and
 *   enet_host_service passes it through;
 * - packets can be created and destroyed on another thread while the host
 *   is serviced;
 * - a packet and its bytes are one allocation through the installed
 *   callbacks (upstream makes two), its bytes as aligned as malloc's, and
 *   bytes a program points `data` at are freed as upstream frees them;
 * - a send pass to hundreds of peers (ours hands its datagrams to the
 *   socket in batches while the pass runs) delivers every datagram on the
 *   first try.
 */
#define _POSIX_C_SOURCE 200809L
#include <enet/enet.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static int failures = 0;

#define EXPECT(condition) \
    do { if (! (condition)) { printf ("FAILED: %s (line %d)\n", #condition, __LINE__); ++ failures; } } while (0)

/* Events seen for a host other than the one awaited, kept for later. */
#define PENDING 64
static struct { ENetHost * host; ENetEvent event; } pending [PENDING];
static int pendingCount = 0;

/* Services both hosts for `ms` milliseconds, keeping their events. */
static void pump (ENetHost * a, ENetHost * b, int ms)
{
    enet_uint32 start = enet_time_get ();
    ENetHost * hosts [2];
    ENetEvent event;
    int h;
    hosts [0] = a;
    hosts [1] = b;
    while ((int) (enet_time_get () - start) < ms)
        for (h = 0; h < 2; ++ h)
            while (enet_host_service (hosts [h], & event, 1) > 0)
            {
                if (event.type == ENET_EVENT_TYPE_RECEIVE)
                {
                    enet_packet_destroy (event.packet);
                    event.packet = NULL;
                }
                if (pendingCount < PENDING)
                {
                    pending [pendingCount].host = hosts [h];
                    pending [pendingCount].event = event;
                    ++ pendingCount;
                }
            }
}

/* Takes the first kept event of `host` with `type`, if any. */
static int take (ENetHost * host, ENetEventType type, ENetEvent * out)
{
    int i;
    for (i = 0; i < pendingCount; ++ i)
        if (pending [i].host == host && pending [i].event.type == type)
        {
            * out = pending [i].event;
            memmove (& pending [i], & pending [i + 1], (size_t) (pendingCount - i - 1) * sizeof (pending [0]));
            -- pendingCount;
            return 1;
        }
    return 0;
}

/* Runs until `host` reports an event of `type`; returns its peer. */
static ENetPeer * await (ENetHost * host, ENetHost * other, ENetEventType type, ENetEvent * out)
{
    enet_uint32 start = enet_time_get ();
    ENetEvent event;
    while (enet_time_get () - start < 5000)
    {
        if (take (host, type, & event))
        {
            if (out != NULL)
                * out = event;
            return event.peer;
        }
        pump (host, other, 10);
    }
    return NULL;
}

static int intercepted = 0;
static int ENET_CALLBACK wake_up_hook (ENetHost * host, ENetEvent * event)
{
    /* Dolphin's trick: a one-byte datagram to itself wakes the service loop. */
    if (host -> receivedDataLength == 1 && host -> receivedData [0] == 'W')
    {
        ++ intercepted;
        if (event != NULL)
            event -> type = (ENetEventType) 42;
        return 1;
    }
    return 0;
}

static void test_live_fields (void)
{
    ENetAddress address;
    ENetHost * server, * client;
    ENetPeer * clientPeer, * serverPeer, * peer;
    ENetEvent event;
    ENetBuffer buffer;
    int index, seen = 0, marker = 7;
    size_t stride;

    enet_address_set_host_ip (& address, "127.0.0.1");
    address.port = 0;
    server = enet_host_create (& address, 8, 2, 0, 0);
    client = enet_host_create (NULL, 2, 2, 0, 0);
    EXPECT (server != NULL && client != NULL);
    EXPECT (server -> address.port != 0 && server -> socket >= 0 && server -> peerCount == 8);
    EXPECT (server -> channelLimit == 2 && server -> mtu >= 576 && server -> duplicatePeers == 4095);

    /* The peer array: contiguous, upstream's stride, slots pristine. */
    stride = (size_t) ((char *) & server -> peers [1] - (char *) & server -> peers [0]);
    EXPECT (stride == sizeof (ENetPeer) && sizeof (ENetPeer) == 456);
    for (peer = server -> peers; peer < & server -> peers [server -> peerCount]; ++ peer)
    {
        EXPECT (peer -> state == ENET_PEER_STATE_DISCONNECTED && peer -> data == NULL);
        EXPECT (peer -> host == server && peer -> incomingPeerID == (enet_uint16) (peer - server -> peers));
    }

    /* A program lowers the MTU right after creating the host (Dolphin). */
    client -> mtu = 1000;
    clientPeer = enet_host_connect (client, & server -> address, 2, 5);
    EXPECT (clientPeer == & client -> peers [0] && clientPeer -> state == ENET_PEER_STATE_CONNECTING);
    serverPeer = await (server, client, ENET_EVENT_TYPE_CONNECT, & event);
    EXPECT (serverPeer != NULL && event.data == 5);
    EXPECT (await (client, server, ENET_EVENT_TYPE_CONNECT, NULL) == clientPeer);
    EXPECT (clientPeer -> state == ENET_PEER_STATE_CONNECTED && serverPeer -> state == ENET_PEER_STATE_CONNECTED);
    EXPECT (clientPeer -> mtu == 1000 && serverPeer -> mtu == 1000);
    EXPECT (server -> connectedPeers == 1 && client -> connectedPeers == 1);
    EXPECT (serverPeer -> address.host == address.host && serverPeer -> address.port != 0);
    for (index = 0; index < (int) server -> peerCount; ++ index)
        seen += server -> peers [index].state == ENET_PEER_STATE_CONNECTED;
    EXPECT (seen == 1);

    /* Statistics after some traffic. */
    serverPeer -> data = & marker;
    server -> totalSentData = server -> totalReceivedData = 0;
    server -> totalSentPackets = server -> totalReceivedPackets = 0;
    for (index = 0; index < 20; ++ index)
        enet_peer_send (clientPeer, 0, enet_packet_create ("statistics", 11, ENET_PACKET_FLAG_RELIABLE));
    pump (client, server, 300);
    EXPECT (server -> totalReceivedData > 0 && server -> totalReceivedPackets > 0 && server -> totalSentPackets > 0);
    EXPECT (clientPeer -> roundTripTime < 500 && clientPeer -> lastReceiveTime != 0 && clientPeer -> packetsSent > 0);
    EXPECT (clientPeer -> outgoingReliableSequenceNumber > 0 && clientPeer -> channelCount == 2);
    EXPECT (enet_time_get () - clientPeer -> lastReceiveTime < 5000);

    /* maximumPacketSize is read live. */
    client -> maximumPacketSize = 100;
    {
        ENetPacket * tooBig = enet_packet_create (NULL, 101, ENET_PACKET_FLAG_RELIABLE);
        EXPECT (enet_peer_send (clientPeer, 0, tooBig) == -1 && tooBig -> referenceCount == 0);
        enet_packet_destroy (tooBig);
    }
    client -> maximumPacketSize = ENET_HOST_DEFAULT_MAXIMUM_PACKET_SIZE;

    /* duplicatePeers written to 1: a second connection from the same IP is refused. */
    server -> duplicatePeers = 1;
    enet_host_connect (client, & server -> address, 1, 0);
    pump (client, server, 300);
    EXPECT (server -> connectedPeers == 1);
    EXPECT (client -> peers [1].state == ENET_PEER_STATE_CONNECTING);
    enet_peer_reset (& client -> peers [1]);

    /* An intercept hook's own event type passes through enet_host_service. */
    server -> intercept = wake_up_hook;
    buffer.data = (void *) "W";
    buffer.dataLength = 1;
    enet_socket_send (client -> socket, & server -> address, & buffer, 1);
    {
        enet_uint32 start = enet_time_get ();
        int result = 0;
        event.type = ENET_EVENT_TYPE_NONE;
        while (result == 0 && enet_time_get () - start < 2000)
            result = enet_host_service (server, & event, 20);
        EXPECT (result == 1 && (int) event.type == 42 && intercepted == 1);
    }
    /* Several wake-ups waiting at once: each gives its own event, none is
     * lost behind the one that returned first (they arrive in one batch). */
    {
        enet_uint32 start;
        int i, events = 0;
        for (i = 0; i < 10; ++ i)
            enet_socket_send (client -> socket, & server -> address, & buffer, 1);
        enet_socket_send (client -> socket, & server -> address, & buffer, 1);
        start = enet_time_get ();
        while (events < 11 && enet_time_get () - start < 2000)
            if (enet_host_service (server, & event, 5) == 1 && (int) event.type == 42)
                ++ events;
        EXPECT (events == 11 && intercepted == 12);
        /* The hook's datagram stays readable until the next call... */
        EXPECT (server -> receivedDataLength == 1 && server -> receivedData [0] == 'W');
    }
    /* ...and after a pass that ended on its own, the received-data fields
     * are cleared rather than left pointing into shared receive buffers. */
    server -> intercept = NULL;
    server -> totalReceivedPackets = 0;
    enet_socket_send (client -> socket, & server -> address, & buffer, 1);
    {
        enet_uint32 start = enet_time_get ();
        while (server -> totalReceivedPackets == 0 && enet_time_get () - start < 2000)
            enet_host_service (server, NULL, 5);
        EXPECT (server -> totalReceivedPackets >= 1);
        EXPECT (server -> receivedData == NULL && server -> receivedDataLength == 0);
    }

    /* Checksums switched on at both ends by writing the field. */
    server -> checksum = enet_crc32;
    client -> checksum = enet_crc32;
    enet_peer_send (clientPeer, 1, enet_packet_create ("checked", 8, ENET_PACKET_FLAG_RELIABLE));
    EXPECT (await (server, client, ENET_EVENT_TYPE_RECEIVE, & event) == serverPeer);

    /* peer->data survives until the DISCONNECT event (the peer is reset by then). */
    enet_peer_disconnect (clientPeer, 33);
    EXPECT (await (server, client, ENET_EVENT_TYPE_DISCONNECT, & event) == serverPeer);
    EXPECT (event.data == 33 && event.peer -> data == & marker);
    EXPECT (event.peer -> state == ENET_PEER_STATE_DISCONNECTED && server -> connectedPeers == 0);

    enet_host_destroy (client);
    enet_host_destroy (server);
}

/* Packet allocation on another thread while the main thread services. */
static void * churn_packets (void * unused)
{
    int i;
    (void) unused;
    for (i = 0; i < 20000; ++ i)
    {
        ENetPacket * packet = enet_packet_create ("thread", 7, ENET_PACKET_FLAG_RELIABLE);
        enet_packet_resize (packet, 100);
        enet_packet_destroy (packet);
    }
    return NULL;
}

static void test_packets_on_another_thread (void)
{
    ENetAddress address;
    ENetHost * server, * client;
    ENetPeer * peer;
    pthread_t thread;
    int i, received = 0;
    ENetEvent event;
    enet_uint32 start;

    enet_address_set_host_ip (& address, "127.0.0.1");
    address.port = 0;
    server = enet_host_create (& address, 1, 1, 0, 0);
    client = enet_host_create (NULL, 1, 1, 0, 0);
    peer = enet_host_connect (client, & server -> address, 1, 0);
    await (server, client, ENET_EVENT_TYPE_CONNECT, NULL);
    await (client, server, ENET_EVENT_TYPE_CONNECT, NULL);
    EXPECT (pthread_create (& thread, NULL, churn_packets, NULL) == 0);
    for (i = 0; i < 200; ++ i)
        enet_peer_send (peer, 0, enet_packet_create ("main", 5, ENET_PACKET_FLAG_RELIABLE));
    start = enet_time_get ();
    while (received < 200 && enet_time_get () - start < 5000)
    {
        enet_host_service (client, & event, 1);
        while (enet_host_service (server, & event, 1) > 0)
            if (event.type == ENET_EVENT_TYPE_RECEIVE)
            {
                ++ received;
                enet_packet_destroy (event.packet);
            }
    }
    pthread_join (thread, NULL);
    EXPECT (received == 200);
    enet_host_destroy (client);
    enet_host_destroy (server);
}

static int mallocs, frees;
static void * counting_malloc (size_t size) { ++ mallocs; return malloc (size); }
static void counting_free (void * memory) { ++ frees; free (memory); }

static void test_packet_memory (void)
{
    ENetCallbacks callbacks;
    ENetPacket * packet;
    unsigned char bytes [64];
    memset (bytes, 0, sizeof (bytes));
    memcpy (bytes, "sixty-four", 11);
    memset (& callbacks, 0, sizeof (callbacks));
    callbacks.malloc = counting_malloc;
    callbacks.free = counting_free;
    EXPECT (enet_initialize_with_callbacks (ENET_VERSION, & callbacks) == 0);

    mallocs = frees = 0;
    packet = enet_packet_create (bytes, sizeof (bytes), ENET_PACKET_FLAG_RELIABLE);
    EXPECT (packet != NULL && mallocs == 1);
    EXPECT ((uintptr_t) packet -> data % _Alignof (max_align_t) == 0);
    EXPECT (memcmp (packet -> data, bytes, sizeof (bytes)) == 0);
    memset (packet -> data, 'x', 64);
    enet_packet_destroy (packet);
    EXPECT (frees == 1);

    /* Grown: the new bytes are separate, the old ones went with the struct. */
    mallocs = frees = 0;
    packet = enet_packet_create (NULL, 16, 0);
    memset (packet -> data, 'y', 16);
    EXPECT (enet_packet_resize (packet, 4096) == 0 && mallocs == 2 && frees == 0);
    EXPECT (packet -> data [15] == 'y');
    memset (packet -> data, 'z', 4096);
    enet_packet_destroy (packet);
    EXPECT (frees == 2);

    /* A program that points data at its own enet_malloc block: freed on
     * destroy, as upstream frees whatever data points at. */
    mallocs = frees = 0;
    packet = enet_packet_create (NULL, 8, 0);
    packet -> data = enet_malloc (32);
    packet -> dataLength = 32;
    enet_packet_destroy (packet);
    EXPECT (mallocs == 2 && frees == 2);

    callbacks.malloc = malloc;
    callbacks.free = free;
    EXPECT (enet_initialize_with_callbacks (ENET_VERSION, & callbacks) == 0);
}

/* 300 connections opened at once: the client's first service makes 300
 * CONNECT datagrams in one pass, sent in batches as the pass goes. Each must
 * arrive on the first try (a lost one would be retransmitted after its
 * timeout and counted in packetsLost). */
#define MANY_PEERS 300
static void test_many_connections_in_one_pass (void)
{
    ENetAddress address;
    ENetHost * server, * client;
    ENetEvent event;
    int connected = 0, established = 0, i;
    enet_uint32 start;

    enet_address_set_host_ip (& address, "127.0.0.1");
    address.port = 0;
    server = enet_host_create (& address, MANY_PEERS, 1, 0, 0);
    client = enet_host_create (NULL, MANY_PEERS, 1, 0, 0);
    EXPECT (server != NULL && client != NULL);
    if (server == NULL || client == NULL)
        return;
    for (i = 0; i < MANY_PEERS; ++ i)
        EXPECT (enet_host_connect (client, & server -> address, 1, (enet_uint32) i) != NULL);
    start = enet_time_get ();
    while ((connected < MANY_PEERS || established < MANY_PEERS) && enet_time_get () - start < 10000)
    {
        while (enet_host_service (client, & event, 1) > 0)
            established += event.type == ENET_EVENT_TYPE_CONNECT;
        while (enet_host_service (server, & event, 1) > 0)
            connected += event.type == ENET_EVENT_TYPE_CONNECT;
    }
    EXPECT (connected == MANY_PEERS && established == MANY_PEERS);
    for (i = 0; i < MANY_PEERS; ++ i)
    {
        EXPECT (client -> peers [i].state == ENET_PEER_STATE_CONNECTED);
        EXPECT (client -> peers [i].packetsLost == 0);
    }
    enet_host_destroy (client);
    enet_host_destroy (server);
}

int main (void)
{
    if (enet_initialize () != 0)
        return 1;
    test_live_fields ();
    test_packets_on_another_thread ();
    test_packet_memory ();
    test_many_connections_in_one_pass ();
    enet_deinitialize ();
    printf ("%s\n", failures == 0 ? "ABI contract: all checks passed" : "ABI contract: FAILED");
    return failures == 0 ? 0 : 1;
}
