/*
 * abi_arguments.c: every function our libenet.so.7 exports, called with
 * NULL pointers and out-of-range values (unknown enum values, sizes past
 * the protocol's limits, channels a peer does not have, peers that belong
 * to no host, allocations the allocator refuses, sockets that are not
 * open). Each call must return the error value its doc comment in enet.h
 * promises and leave the library usable: the program ends by running a
 * real connection through the hosts it mistreated.
 *
 * CTest `abi_arguments_cover_exports` checks that every function exported
 * by the library is called here. Upstream crashes on many of these calls,
 * so this program runs on our library only.
 */
#define _POSIX_C_SOURCE 200809L
#include <enet/enet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define EXPECT(condition) \
    do { if (! (condition)) { printf ("FAILED: %s (line %d)\n", #condition, __LINE__); ++ failures; } } while (0)

/* An allocator that refuses anything over 1 GiB, so "out of memory" can be
 * tested without exhausting the machine, and a no_memory callback that
 * counts instead of aborting. */
#define REFUSED_SIZE ((size_t) 1 << 30)
static int noMemoryCalls = 0;
static void * ENET_CALLBACK limited_malloc (size_t size) { return size > REFUSED_SIZE ? NULL : malloc (size); }
static void ENET_CALLBACK counting_free (void * memory) { free (memory); }
static void ENET_CALLBACK count_no_memory (void) { ++ noMemoryCalls; }

static int freeCallbacks = 0;
static void ENET_CALLBACK count_free (ENetPacket * packet) { (void) packet; ++ freeCallbacks; }

static void test_initialisation_and_memory (void)
{
    ENetCallbacks callbacks;
    void * memory;

    EXPECT (enet_initialize () == 0);
    memset (& callbacks, 0, sizeof callbacks);
    EXPECT (enet_initialize_with_callbacks (ENET_VERSION, NULL) == -1);
    EXPECT (enet_initialize_with_callbacks (ENET_VERSION_CREATE (1, 2, 9), & callbacks) == -1);
    callbacks.malloc = limited_malloc;
    EXPECT (enet_initialize_with_callbacks (ENET_VERSION, & callbacks) == -1); /* malloc without free */
    callbacks.malloc = NULL;
    callbacks.free = counting_free;
    EXPECT (enet_initialize_with_callbacks (ENET_VERSION, & callbacks) == -1); /* free without malloc */
    callbacks.malloc = limited_malloc;
    callbacks.no_memory = count_no_memory;
    EXPECT (enet_initialize_with_callbacks (ENET_VERSION, & callbacks) == 0);
    EXPECT (enet_linked_version () == ENET_VERSION);

    EXPECT (enet_malloc (REFUSED_SIZE + 1) == NULL && noMemoryCalls == 1);
    memory = enet_malloc (16);
    EXPECT (memory != NULL);
    enet_free (memory);
    enet_free (NULL);
}

static void test_time (void)
{
    enet_uint32 before;
    enet_time_set (0xFFFFFFF0u); /* just before the 32-bit wrap */
    before = enet_time_get ();
    EXPECT (before >= 0xFFFFFFF0u || before < 1000);
    enet_time_set (0);
    EXPECT (enet_time_get () < 1000);
    EXPECT (enet_host_random_seed () != 0);
}

static void test_range_coder_and_crc32 (void)
{
    void * context = enet_range_coder_create ();
    enet_uint8 input [64], output [256], restored [64], garbage [32];
    ENetBuffer buffer = { input, sizeof input }, nullData = { NULL, 10 };
    size_t compressed, i;

    EXPECT (context != NULL);
    for (i = 0; i < sizeof input; ++ i)
        input [i] = (enet_uint8) (i % 7);
    EXPECT (enet_range_coder_compress (NULL, & buffer, 1, sizeof input, output, sizeof output) == 0);
    EXPECT (enet_range_coder_compress (context, NULL, 1, sizeof input, output, sizeof output) == 0);
    EXPECT (enet_range_coder_compress (context, & buffer, 0, sizeof input, output, sizeof output) == 0);
    EXPECT (enet_range_coder_compress (context, & buffer, 1, 0, output, sizeof output) == 0);
    EXPECT (enet_range_coder_compress (context, & buffer, 1, sizeof input, NULL, sizeof output) == 0);
    EXPECT (enet_range_coder_compress (context, & buffer, 1, sizeof input, output, 0) == 0);
    EXPECT (enet_range_coder_compress (context, & buffer, 1, sizeof input, output, 2) == 0); /* does not fit */
    EXPECT (enet_range_coder_compress (context, & nullData, 1, 10, output, sizeof output) == 0); /* NULL data: empty */

    compressed = enet_range_coder_compress (context, & buffer, 1, sizeof input, output, sizeof output);
    EXPECT (compressed > 0 && compressed < sizeof input);
    EXPECT (enet_range_coder_decompress (NULL, output, compressed, restored, sizeof restored) == 0);
    EXPECT (enet_range_coder_decompress (context, NULL, compressed, restored, sizeof restored) == 0);
    EXPECT (enet_range_coder_decompress (context, output, 0, restored, sizeof restored) == 0);
    EXPECT (enet_range_coder_decompress (context, output, compressed, NULL, sizeof restored) == 0);
    EXPECT (enet_range_coder_decompress (context, output, compressed, restored, sizeof restored - 1) == 0); /* over the limit */
    for (i = 0; i < sizeof garbage; ++ i)
        garbage [i] = (enet_uint8) (0xA5 ^ (i * 37));
    EXPECT (enet_range_coder_decompress (context, garbage, sizeof garbage, restored, sizeof restored) <= sizeof restored);
    /* After all that the context still works. */
    EXPECT (enet_range_coder_decompress (context, output, compressed, restored, sizeof restored) == sizeof input);
    EXPECT (memcmp (restored, input, sizeof input) == 0);
    enet_range_coder_destroy (context);
    enet_range_coder_destroy (NULL);

    EXPECT (enet_crc32 (NULL, 5) == 0);
    EXPECT (enet_crc32 (& buffer, 0) == 0);
    EXPECT (enet_crc32 (& nullData, 1) == 0);
    {
        ENetBuffer check [2] = { { (void *) "1234", 4 }, { (void *) "56789", 5 } };
        ENetBuffer withHole [3] = { { (void *) "1234", 4 }, { NULL, 99 }, { (void *) "56789", 5 } };
        EXPECT (ENET_NET_TO_HOST_32 (enet_crc32 (check, 2)) == 0xCBF43926u);
        EXPECT (enet_crc32 (withHole, 3) == enet_crc32 (check, 2));
    }

    EXPECT (enet_protocol_command_size (0) == 0);
    EXPECT (enet_protocol_command_size (13) == 0 && enet_protocol_command_size (15) == 0);
    EXPECT (enet_protocol_command_size (0xFF) == 0);
    /* The flag bits are ignored: 0x86 is SEND_RELIABLE with ACKNOWLEDGE. */
    EXPECT (enet_protocol_command_size (0x86) == enet_protocol_command_size (ENET_PROTOCOL_COMMAND_SEND_RELIABLE));
    EXPECT (enet_protocol_command_size (ENET_PROTOCOL_COMMAND_SEND_RELIABLE) == 6);
}

typedef struct { ENetListNode node; int value; } Item;

static void test_lists (void)
{
    ENetList list;
    Item a, b, c;

    enet_list_clear (NULL);
    EXPECT (enet_list_size (NULL) == 0);
    enet_list_clear (& list);
    EXPECT (enet_list_insert (NULL, & a) == NULL);
    EXPECT (enet_list_insert (enet_list_end (& list), NULL) == NULL);
    EXPECT (enet_list_remove (NULL) == NULL);
    EXPECT (enet_list_move (NULL, & a, & a) == NULL);
    EXPECT (enet_list_move (enet_list_end (& list), NULL, & a) == NULL);
    EXPECT (enet_list_move (enet_list_end (& list), & a, NULL) == NULL);
    EXPECT (enet_list_size (& list) == 0 && enet_list_empty (& list));

    /* The list is intact after the refused calls. */
    a.value = 1; b.value = 2; c.value = 3;
    enet_list_insert (enet_list_end (& list), & a);
    enet_list_insert (enet_list_end (& list), & b);
    enet_list_insert (enet_list_end (& list), & c);
    EXPECT (enet_list_size (& list) == 3);
    EXPECT (enet_list_move (enet_list_begin (& list), & c, & c) == & c.node);
    EXPECT (((Item *) enet_list_front (& list)) -> value == 3);
    EXPECT (enet_list_remove (& b.node) == & b);
    EXPECT (enet_list_size (& list) == 2);
}

static void test_packets (void)
{
    ENetPacket * packet = enet_packet_create (NULL, 0, 0);
    int calls = noMemoryCalls;

    EXPECT (packet != NULL && packet -> data == NULL && packet -> dataLength == 0);
    enet_packet_destroy (packet);
    enet_packet_destroy (NULL);

    /* An allocation the allocator refuses: NULL, no_memory told. */
    EXPECT (enet_packet_create (NULL, REFUSED_SIZE + 1, 0) == NULL);
    EXPECT (noMemoryCalls == calls + 1);

    EXPECT (enet_packet_resize (NULL, 10) == -1);
    packet = enet_packet_create ("abc", 3, ENET_PACKET_FLAG_RELIABLE);
    EXPECT (packet != NULL);
    EXPECT (enet_packet_resize (packet, REFUSED_SIZE + 1) == -1);
    EXPECT (packet -> dataLength == 3 && memcmp (packet -> data, "abc", 3) == 0); /* unchanged */
    EXPECT (enet_packet_resize (packet, (size_t) -1) == -1);
    EXPECT (packet -> dataLength == 3);
    EXPECT (enet_packet_resize (packet, 1) == 0 && packet -> dataLength == 1);
    packet -> freeCallback = count_free;
    enet_packet_destroy (packet);
    EXPECT (freeCallbacks == 1);
}

static void test_addresses (void)
{
    ENetAddress address;
    char name [64];

    address.host = 0x01020304u;
    address.port = 77;
    EXPECT (enet_address_set_host_ip (NULL, "127.0.0.1") == -1);
    EXPECT (enet_address_set_host_ip (& address, NULL) == -1);
    EXPECT (enet_address_set_host_ip (& address, "") == -1);
    EXPECT (enet_address_set_host_ip (& address, "256.0.0.1") == -1);
    EXPECT (enet_address_set_host_ip (& address, "1.2.3.4.5") == -1);
    EXPECT (enet_address_set_host_ip (& address, "::1") == -1);
    EXPECT (address.host == 0x01020304u && address.port == 77); /* untouched by failures */

    EXPECT (enet_address_set_host (NULL, "localhost") == -1);
    EXPECT (enet_address_set_host (& address, NULL) == -1);
    EXPECT (enet_address_set_host (& address, "") == -1);
    EXPECT (address.host == 0x01020304u);

    EXPECT (enet_address_set_host_ip (& address, "127.0.0.1") == 0);
    EXPECT (enet_address_get_host_ip (NULL, name, sizeof name) == -1);
    EXPECT (enet_address_get_host_ip (& address, NULL, sizeof name) == -1);
    EXPECT (enet_address_get_host_ip (& address, name, 0) == -1);
    EXPECT (enet_address_get_host_ip (& address, name, 9) == -1); /* "127.0.0.1" needs 10 */
    EXPECT (enet_address_get_host_ip (& address, name, 10) == 0 && strcmp (name, "127.0.0.1") == 0);

    EXPECT (enet_address_get_host (NULL, name, sizeof name) == -1);
    EXPECT (enet_address_get_host (& address, NULL, sizeof name) == -1);
    EXPECT (enet_address_get_host (& address, name, 0) == -1);
    EXPECT (enet_address_get_host (& address, name, 1) == -1);
    EXPECT (enet_address_get_host (& address, name, sizeof name) == 0 && name [0] != '\0');
}

static void test_sockets (void)
{
    ENetSocket sock = enet_socket_create (ENET_SOCKET_TYPE_DATAGRAM);
    ENetAddress address, local;
    ENetBuffer buffer = { (void *) "x", 1 };
    ENetSocketSet set;
    char bytes [8];
    ENetBuffer receive = { bytes, sizeof bytes };
    enet_uint32 condition;
    int value = 0;

    EXPECT (sock != ENET_SOCKET_NULL);
    EXPECT (enet_socket_create ((ENetSocketType) 99) == ENET_SOCKET_NULL);
    EXPECT (enet_socket_create ((ENetSocketType) -1) == ENET_SOCKET_NULL);

    enet_address_set_host_ip (& address, "127.0.0.1");
    address.port = 0;
    EXPECT (enet_socket_bind (ENET_SOCKET_NULL, & address) == -1);
    EXPECT (enet_socket_bind (sock, & address) == 0);
    EXPECT (enet_socket_get_address (ENET_SOCKET_NULL, & local) == -1);
    EXPECT (enet_socket_get_address (sock, NULL) == -1);
    EXPECT (enet_socket_get_address (sock, & local) == 0 && local.port != 0);

    EXPECT (enet_socket_listen (ENET_SOCKET_NULL, 1) == -1);
    EXPECT (enet_socket_listen (sock, 1) == -1); /* a datagram socket cannot listen */
    EXPECT (enet_socket_accept (ENET_SOCKET_NULL, NULL) == ENET_SOCKET_NULL);
    EXPECT (enet_socket_accept (sock, & address) == ENET_SOCKET_NULL);
    EXPECT (enet_socket_connect (ENET_SOCKET_NULL, & local) == -1);
    EXPECT (enet_socket_connect (sock, NULL) == -1);

    EXPECT (enet_socket_set_option (ENET_SOCKET_NULL, ENET_SOCKOPT_NONBLOCK, 1) == -1);
    EXPECT (enet_socket_set_option (sock, (ENetSocketOption) 99, 1) == -1);
    EXPECT (enet_socket_set_option (sock, (ENetSocketOption) 0, 1) == -1);
    EXPECT (enet_socket_set_option (sock, ENET_SOCKOPT_NONBLOCK, 1) == 0);
    EXPECT (enet_socket_get_option (ENET_SOCKET_NULL, ENET_SOCKOPT_ERROR, & value) == -1);
    EXPECT (enet_socket_get_option (sock, ENET_SOCKOPT_ERROR, NULL) == -1);
    EXPECT (enet_socket_get_option (sock, (ENetSocketOption) 99, & value) == -1);
    EXPECT (enet_socket_get_option (sock, ENET_SOCKOPT_NONBLOCK, & value) == -1); /* not readable */
    EXPECT (enet_socket_get_option (sock, ENET_SOCKOPT_ERROR, & value) == 0 && value == 0);

    EXPECT (enet_socket_shutdown (ENET_SOCKET_NULL, ENET_SOCKET_SHUTDOWN_READ) == -1);
    EXPECT (enet_socket_shutdown (sock, (ENetSocketShutdown) 7) == -1);

    EXPECT (enet_socket_send (ENET_SOCKET_NULL, & local, & buffer, 1) == -1);
    EXPECT (enet_socket_send (sock, NULL, & buffer, 1) == -1); /* not connected: no destination */
    EXPECT (enet_socket_receive (ENET_SOCKET_NULL, & address, & receive, 1) == -1);
    EXPECT (enet_socket_receive (sock, NULL, NULL, 0) == 0); /* nothing waiting */
    /* A datagram to itself, received with no buffers: skipped as truncated. */
    EXPECT (enet_socket_send (sock, & local, & buffer, 1) == 1);
    condition = ENET_SOCKET_WAIT_RECEIVE;
    EXPECT (enet_socket_wait (sock, & condition, 1000) == 0 && condition == ENET_SOCKET_WAIT_RECEIVE);
    EXPECT (enet_socket_receive (sock, NULL, NULL, 0) == -2);

    EXPECT (enet_socket_wait (sock, NULL, 0) == -1);
    condition = ENET_SOCKET_WAIT_RECEIVE;
    EXPECT (enet_socket_wait (sock, & condition, 0) == 0 && condition == ENET_SOCKET_WAIT_NONE);

    ENET_SOCKETSET_EMPTY (set);
    ENET_SOCKETSET_ADD (set, sock);
    EXPECT (enet_socketset_select (sock, & set, NULL, 0) == 0);
    EXPECT (enet_socketset_select (-5, NULL, NULL, 0) == -1);
    /* A maximum past what an fd_set holds would make select read and write
     * beyond the caller's sets: refused. */
    EXPECT (enet_socketset_select (FD_SETSIZE, & set, NULL, 0) == -1);
    EXPECT (enet_socketset_select (1 << 20, & set, & set, 0) == -1);
    EXPECT (enet_socketset_select (sock, NULL, NULL, 0) == 0);

    enet_socket_destroy (ENET_SOCKET_NULL);
    enet_socket_destroy (sock);
    EXPECT (enet_socket_send (sock, & local, & buffer, 1) == -1); /* closed */
}

/* A peer that belongs to no host's peer array. */
static ENetPeer forged;

static void test_hosts_and_peers (void)
{
    ENetAddress address;
    ENetHost * server, * client, * taken;
    ENetPeer * peer, * serverPeer = NULL, * idle;
    ENetEvent event;
    ENetPacket * packet;
    ENetProtocol command;
    ENetCompressor compressor;
    ENetChannel strayChannel;
    enet_uint8 channel = 0;
    enet_uint32 start;
    int connected = 0, received = 0;

    /* enet_host_create: too many peers, an address already taken. */
    EXPECT (enet_host_create (NULL, ENET_PROTOCOL_MAXIMUM_PEER_ID + 1, 1, 0, 0) == NULL);
    EXPECT (enet_host_create (NULL, (size_t) -1, 1, 0, 0) == NULL);
    enet_address_set_host_ip (& address, "127.0.0.1");
    address.port = 0;
    server = enet_host_create (& address, 4, 0, 0, 0);
    EXPECT (server != NULL && server -> channelLimit == ENET_PROTOCOL_MAXIMUM_CHANNEL_COUNT);
    taken = enet_host_create (& server -> address, 1, 1, 0, 0);
    EXPECT (taken == NULL);
    client = enet_host_create (NULL, 2, 1000, 0, 0);
    EXPECT (client != NULL && client -> channelLimit == ENET_PROTOCOL_MAXIMUM_CHANNEL_COUNT);
    enet_host_destroy (NULL);

    /* Host functions on NULL. */
    enet_host_flush (NULL);
    enet_host_broadcast (NULL, 0, NULL);
    enet_host_compress (NULL, NULL);
    enet_host_channel_limit (NULL, 1);
    enet_host_bandwidth_limit (NULL, 1, 1);
    enet_host_bandwidth_throttle (NULL);
    EXPECT (enet_host_compress_with_range_coder (NULL) == -1);
    EXPECT (enet_host_random (NULL) == 0);
    EXPECT (enet_host_connect (NULL, & server -> address, 1, 0) == NULL);
    EXPECT (enet_host_connect (client, NULL, 1, 0) == NULL);
    EXPECT (enet_host_check_events (NULL, & event) == -1);
    EXPECT (enet_host_check_events (server, NULL) == -1);
    EXPECT (enet_host_service (NULL, & event, 0) == -1);
    EXPECT (enet_host_service (server, NULL, 0) == 0);

    /* Out-of-range values are clamped. */
    enet_host_channel_limit (server, 0);
    EXPECT (server -> channelLimit == ENET_PROTOCOL_MAXIMUM_CHANNEL_COUNT);
    enet_host_channel_limit (server, (size_t) -1);
    EXPECT (server -> channelLimit == ENET_PROTOCOL_MAXIMUM_CHANNEL_COUNT);
    enet_host_channel_limit (server, 3);
    EXPECT (server -> channelLimit == 3);
    enet_host_bandwidth_limit (server, 0xFFFFFFFFu, 0xFFFFFFFFu);
    enet_host_bandwidth_limit (server, 0, 0);
    enet_host_bandwidth_throttle (server);

    /* A compressor with no callbacks, then none, then the range coder. */
    memset (& compressor, 0, sizeof compressor);
    enet_host_compress (server, & compressor);
    enet_host_compress (server, NULL);
    EXPECT (enet_host_compress_with_range_coder (server) == 0);
    EXPECT (enet_host_compress_with_range_coder (client) == 0);

    /* Broadcasting on a host with no peers, on a channel nobody has: the
     * packet is destroyed, as upstream. A NULL packet is ignored. */
    enet_host_broadcast (server, 0, NULL);
    packet = enet_packet_create ("nobody", 7, ENET_PACKET_FLAG_RELIABLE);
    packet -> freeCallback = count_free;
    freeCallbacks = 0;
    enet_host_broadcast (server, 200, packet);
    EXPECT (freeCallbacks == 1);

    /* Peer functions on NULL and on a peer of no host. */
    memset (& forged, 0, sizeof forged);
    forged.host = server;
    forged.state = ENET_PEER_STATE_CONNECTED;
    forged.channelCount = 1;
    {
        ENetPeer * peers [2];
        int p;
        peers [0] = NULL;
        peers [1] = & forged;
        for (p = 0; p < 2; ++ p)
        {
            ENetPeer * bad = peers [p];
            packet = enet_packet_create ("x", 1, ENET_PACKET_FLAG_RELIABLE);
            EXPECT (enet_peer_send (bad, 0, packet) == -1 && packet -> referenceCount == 0);
            enet_packet_destroy (packet);
            EXPECT (enet_peer_receive (bad, & channel) == NULL);
            EXPECT (enet_peer_throttle (bad, 10) == 0);
            EXPECT (enet_peer_has_outgoing_commands (bad) == 0);
            enet_peer_ping (bad);
            enet_peer_ping_interval (bad, 1);
            enet_peer_timeout (bad, 1, 1, 1);
            enet_peer_disconnect (bad, 0);
            enet_peer_disconnect_now (bad, 0);
            enet_peer_disconnect_later (bad, 0);
            enet_peer_throttle_configure (bad, 1, 1, 1);
            enet_peer_reset_queues (bad);
            enet_peer_on_connect (bad);
            enet_peer_on_disconnect (bad);
            enet_peer_reset (bad);
            enet_peer_setup_outgoing_command (bad, NULL);
            enet_peer_dispatch_incoming_reliable_commands (bad, NULL, NULL);
            enet_peer_dispatch_incoming_unreliable_commands (bad, NULL, NULL);
            memset (& command, 0, sizeof command);
            command.header.command = ENET_PROTOCOL_COMMAND_PING | ENET_PROTOCOL_COMMAND_FLAG_ACKNOWLEDGE;
            command.header.channelID = 0xFF;
            EXPECT (enet_peer_queue_outgoing_command (bad, & command, NULL, 0, 0) == NULL);
            EXPECT (enet_peer_queue_incoming_command (bad, & command, NULL, 0, 0, 0) == NULL);
            EXPECT (enet_peer_queue_acknowledgement (bad, & command, 0) == NULL);
        }
    }
    /* The forged peer changed nothing in the host it names. */
    EXPECT (server -> connectedPeers == 0 && forged.state == ENET_PEER_STATE_CONNECTED);

    /* A peer slot that is not connected. */
    idle = & server -> peers [3];
    packet = enet_packet_create ("x", 1, ENET_PACKET_FLAG_RELIABLE);
    EXPECT (enet_peer_send (idle, 0, packet) == -1 && packet -> referenceCount == 0);
    enet_packet_destroy (packet);
    EXPECT (enet_peer_receive (idle, NULL) == NULL);
    enet_peer_disconnect (idle, 0);
    enet_peer_disconnect_later (idle, 0);
    enet_peer_ping (idle);
    EXPECT (idle -> state == ENET_PEER_STATE_DISCONNECTED && enet_peer_has_outgoing_commands (idle) == 0);

    /* No free slot: a one-peer host refuses a second connection; a peer
     * still connecting refuses packets. */
    {
        ENetHost * single = enet_host_create (NULL, 1, 1, 0, 0);
        ENetPeer * first;
        EXPECT (single != NULL);
        first = enet_host_connect (single, & server -> address, 1, 0);
        EXPECT (first != NULL && enet_host_connect (single, & server -> address, 1, 0) == NULL);
        packet = enet_packet_create ("x", 1, 0);
        EXPECT (enet_peer_send (first, 0, packet) == -1 && packet -> referenceCount == 0);
        enet_packet_destroy (packet);
        enet_host_destroy (single);
    }

    /* A real connection, with out-of-range channel counts clamped. */
    peer = enet_host_connect (client, & server -> address, 0, 0);
    EXPECT (peer != NULL && peer -> channelCount == 1);
    enet_peer_reset (peer);
    peer = enet_host_connect (client, & server -> address, 100000, 0);
    EXPECT (peer != NULL && peer -> channelCount == ENET_PROTOCOL_MAXIMUM_CHANNEL_COUNT);
    start = enet_time_get ();
    while (connected < 2 && enet_time_get () - start < 5000)
    {
        if (enet_host_service (client, & event, 5) > 0 && event.type == ENET_EVENT_TYPE_CONNECT)
            ++ connected;
        if (enet_host_service (server, & event, 5) > 0 && event.type == ENET_EVENT_TYPE_CONNECT)
        {
            ++ connected;
            serverPeer = event.peer;
        }
    }
    EXPECT (connected == 2 && serverPeer != NULL);
    if (serverPeer == NULL)
        return;
    /* The server's channel limit (3) bounds the connection. */
    EXPECT (peer -> channelCount == 3 && serverPeer -> channelCount == 3);

    /* A channel the connection does not have. */
    packet = enet_packet_create ("x", 1, ENET_PACKET_FLAG_RELIABLE);
    EXPECT (enet_peer_send (peer, 3, packet) == -1 && packet -> referenceCount == 0);
    EXPECT (enet_peer_send (peer, 255, packet) == -1 && packet -> referenceCount == 0);
    EXPECT (enet_peer_send (peer, 0, NULL) == -1);
    enet_packet_destroy (packet);
    memset (& command, 0, sizeof command);
    command.header.command = ENET_PROTOCOL_COMMAND_SEND_RELIABLE | ENET_PROTOCOL_COMMAND_FLAG_ACKNOWLEDGE;
    command.header.channelID = 3;
    EXPECT (enet_peer_queue_outgoing_command (peer, & command, NULL, 0, 0) == NULL);
    EXPECT (enet_peer_queue_incoming_command (serverPeer, & command, "x", 1, 0, 0) == NULL);
    /* Command numbers that do not exist, and a non-data command. */
    command.header.channelID = 0;
    command.header.command = 0;
    EXPECT (enet_peer_queue_outgoing_command (peer, & command, NULL, 0, 0) == NULL);
    command.header.command = 13;
    EXPECT (enet_peer_queue_outgoing_command (peer, & command, NULL, 0, 0) == NULL);
    EXPECT (enet_peer_queue_incoming_command (serverPeer, & command, "x", 1, 0, 0) == NULL);
    command.header.command = ENET_PROTOCOL_COMMAND_PING;
    EXPECT (enet_peer_queue_incoming_command (serverPeer, & command, NULL, 0, 0, 0) == NULL);
    /* Data announced but not given, with no fragments to reassemble. */
    command.header.command = ENET_PROTOCOL_COMMAND_SEND_RELIABLE | ENET_PROTOCOL_COMMAND_FLAG_ACKNOWLEDGE;
    EXPECT (enet_peer_queue_incoming_command (serverPeer, & command, NULL, 10, 0, 0) == NULL);
    EXPECT (enet_peer_queue_outgoing_command (peer, NULL, NULL, 0, 0) == NULL);
    EXPECT (enet_peer_queue_incoming_command (serverPeer, NULL, NULL, 0, 0, 0) == NULL);
    EXPECT (enet_peer_queue_acknowledgement (serverPeer, NULL, 0) == NULL);
    /* A command set up with a channel the peer does not have is freed,
     * not queued (the allocator would report a leak under valgrind). */
    {
        ENetOutgoingCommand * outgoing = enet_malloc (sizeof (ENetOutgoingCommand));
        memset (outgoing, 0, sizeof * outgoing);
        outgoing -> command.header.command = ENET_PROTOCOL_COMMAND_SEND_RELIABLE | ENET_PROTOCOL_COMMAND_FLAG_ACKNOWLEDGE;
        outgoing -> command.header.channelID = 9;
        enet_peer_setup_outgoing_command (peer, outgoing);
        enet_peer_setup_outgoing_command (peer, NULL);
    }
    /* A channel pointer outside the peer's channel array. */
    memset (& strayChannel, 0, sizeof strayChannel);
    enet_peer_dispatch_incoming_reliable_commands (serverPeer, & strayChannel, NULL);
    enet_peer_dispatch_incoming_unreliable_commands (serverPeer, & strayChannel, NULL);
    enet_peer_dispatch_incoming_reliable_commands (serverPeer, NULL, NULL);
    enet_peer_dispatch_incoming_unreliable_commands (serverPeer, NULL, NULL);
    /* Extreme settings are accepted or clamped, never fatal. */
    enet_peer_timeout (peer, 0, 0, 0);
    EXPECT (peer -> timeoutLimit == ENET_PEER_TIMEOUT_LIMIT && peer -> timeoutMinimum == ENET_PEER_TIMEOUT_MINIMUM);
    EXPECT (peer -> timeoutMaximum == ENET_PEER_TIMEOUT_MAXIMUM);
    enet_peer_ping_interval (peer, 0);
    EXPECT (peer -> pingInterval == ENET_PEER_PING_INTERVAL);
    enet_peer_throttle_configure (peer, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu);
    enet_peer_throttle_configure (peer, ENET_PEER_PACKET_THROTTLE_INTERVAL, 2, 2);
    {
        /* A huge round trip never accelerates the throttle. */
        int change = enet_peer_throttle (peer, 0xFFFFFFFFu);
        EXPECT (change == -1 || change == 0);
    }
    EXPECT (enet_host_random (server) != enet_host_random (server));
    enet_peer_on_connect (peer);    /* already counted: no double count */
    EXPECT (client -> connectedPeers == 1);

    /* After all of it, data still flows both ways on the compressed link,
     * on every channel the connection has. */
    for (channel = 0; channel < 3; ++ channel)
        EXPECT (enet_peer_send (peer, channel, enet_packet_create ("still works", 12, ENET_PACKET_FLAG_RELIABLE)) == 0);
    start = enet_time_get ();
    while (received < 3 && enet_time_get () - start < 5000)
    {
        enet_host_service (client, & event, 5);
        while (enet_host_service (server, & event, 5) > 0)
            if (event.type == ENET_EVENT_TYPE_RECEIVE)
            {
                EXPECT (event.packet -> dataLength == 12 && strcmp ((char *) event.packet -> data, "still works") == 0);
                ++ received;
                enet_packet_destroy (event.packet);
            }
    }
    EXPECT (received == 3);
    EXPECT (enet_peer_receive (serverPeer, & channel) == NULL);
    enet_peer_reset_queues (serverPeer);
    enet_peer_on_disconnect (serverPeer);
    enet_peer_disconnect_now (peer, 0);
    enet_host_destroy (client);
    enet_host_destroy (server);
}

int main (void)
{
    test_initialisation_and_memory ();
    test_time ();
    test_range_coder_and_crc32 ();
    test_lists ();
    test_packets ();
    test_addresses ();
    test_sockets ();
    test_hosts_and_peers ();
    enet_deinitialize ();
    printf ("%s\n", failures == 0 ? "ABI arguments: all checks passed" : "ABI arguments: FAILED");
    return failures == 0 ? 0 : 1;
}
