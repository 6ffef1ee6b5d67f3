/*
 * wire_script.c: a scripted exchange between two hosts of one library in
 * one process, printing every datagram each host receives, decoded to its
 * commands. Built twice (our library, the reference); run_wire_script.sh
 * compares the two transcripts, so any difference in what the libraries put
 * on the wire for the same calls shows up as a diff.
 *
 * The hosts are pumped in lockstep with zero timeouts, so the exchange is
 * deterministic; the values that legitimately differ between runs are left
 * out: the sent time in the header, the echoed sent time in
 * acknowledgements, the connect ID and the checksum value.
 *
 *   wire_script            print the transcript, plain then with CRC32
 *
 * The decoder here is written from the protocol description, independently
 * of either library.
 */
#define _POSIX_C_SOURCE 200809L
#include <enet/enet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static ENetHost * client;
static ENetHost * server;
static int checksummed = 0;

static unsigned get16 (const enet_uint8 * at) { return ((unsigned) at [0] << 8) | at [1]; }
static unsigned long get32 (const enet_uint8 * at)
{
    return ((unsigned long) at [0] << 24) | ((unsigned long) at [1] << 16) | ((unsigned long) at [2] << 8) | at [3];
}

static enet_uint32 fnv1a (const enet_uint8 * data, size_t length)
{
    enet_uint32 hash = 2166136261u;
    size_t i;
    for (i = 0; i < length; ++ i)
        hash = (hash ^ data [i]) * 16777619u;
    return hash;
}

static const char * const names [] = {
    "NONE", "ACKNOWLEDGE", "CONNECT", "VERIFY_CONNECT", "DISCONNECT", "PING", "SEND_RELIABLE",
    "SEND_UNRELIABLE", "SEND_FRAGMENT", "SEND_UNSEQUENCED", "BANDWIDTH_LIMIT", "THROTTLE_CONFIGURE",
    "SEND_UNRELIABLE_FRAGMENT"
};
static const size_t sizes [] = { 0, 8, 48, 44, 8, 4, 6, 8, 24, 8, 12, 16, 24 };

/* Prints one command starting at `at` (with `left` bytes in the datagram);
 * returns its total length, or 0 when the rest cannot be decoded. */
static size_t print_command (const enet_uint8 * at, size_t left)
{
    unsigned number = at [0] & 0x0F, payload = 0;
    size_t size;
    if (number >= sizeof (sizes) / sizeof (sizes [0]) || sizes [number] == 0 || left < sizes [number])
    {
        printf ("    undecodable command byte 0x%02x with %zu bytes left\n", at [0], left);
        return 0;
    }
    size = sizes [number];
    printf ("    %s%s%s ch=%u rseq=%u", names [number], at [0] & 0x80 ? " +ack" : "",
            at [0] & 0x40 ? " +unseq" : "", at [1], get16 (at + 2));
    switch (number)
    {
    case 1:
        printf (" acked=%u", get16 (at + 4));
        break;
    case 2:
    case 3:
        printf (" peer=%u sessions=%u/%u mtu=%lu window=%lu channels=%lu bandwidth=%lu/%lu throttle=%lu/%lu/%lu",
                get16 (at + 4), at [6], at [7], get32 (at + 8), get32 (at + 12), get32 (at + 16),
                get32 (at + 20), get32 (at + 24), get32 (at + 28), get32 (at + 32), get32 (at + 36));
        if (number == 2)
            printf (" data=%lu", get32 (at + 44));
        break;
    case 4:
        printf (" data=%lu", get32 (at + 4));
        break;
    case 6:
        payload = get16 (at + 4);
        break;
    case 7:
        printf (" useq=%u", get16 (at + 4));
        payload = get16 (at + 6);
        break;
    case 9:
        printf (" group=%u", get16 (at + 4));
        payload = get16 (at + 6);
        break;
    case 8:
    case 12:
        printf (" start=%u fragment=%lu/%lu total=%lu offset=%lu", get16 (at + 4), get32 (at + 12),
                get32 (at + 8), get32 (at + 16), get32 (at + 20));
        payload = get16 (at + 6);
        break;
    case 10:
        printf (" bandwidth=%lu/%lu", get32 (at + 4), get32 (at + 8));
        break;
    case 11:
        printf (" throttle=%lu/%lu/%lu", get32 (at + 4), get32 (at + 8), get32 (at + 12));
        break;
    default:
        break;
    }
    if (payload > left - size)
    {
        printf (" payload of %u overruns the datagram\n", payload);
        return 0;
    }
    if (number == 6 || number == 7 || number == 8 || number == 9 || number == 12)
        printf (" length=%u hash=%08x", payload, (unsigned) fnv1a (at + size, payload));
    printf ("\n");
    return size + payload;
}

static int ENET_CALLBACK intercept (ENetHost * host, ENetEvent * event)
{
    const enet_uint8 * data = host -> receivedData;
    size_t length = host -> receivedDataLength, offset;
    unsigned peerField;
    (void) event;
    if (length < 2)
    {
        printf ("%s: runt datagram of %zu bytes\n", host == server ? "client->server" : "server->client", length);
        return 0;
    }
    peerField = get16 (data);
    offset = (peerField & 0x8000) ? 4 : 2;
    printf ("%s: peer=%u session=%u%s%s%s\n", host == server ? "client->server" : "server->client",
            peerField & 0x0FFF, (peerField >> 12) & 3, peerField & 0x8000 ? " +time" : "",
            peerField & 0x4000 ? " +compressed" : "", checksummed ? " +checksum" : "");
    if (checksummed)
        offset += 4;
    while (offset + 4 <= length)
    {
        size_t used = print_command (data + offset, length - offset);
        if (used == 0)
            return 0;
        offset += used;
    }
    if (offset != length)
        printf ("    %zu trailing bytes\n", length - offset);
    return 0;
}

/* Services both hosts in a fixed order, printing the events each sees. */
static void pump (int rounds)
{
    ENetEvent event;
    int round;
    for (round = 0; round < rounds; ++ round)
    {
        ENetHost * hosts [2] = { client, server };
        int i;
        for (i = 0; i < 2; ++ i)
            while (enet_host_service (hosts [i], & event, 0) > 0)
            {
                const char * side = hosts [i] == client ? "client" : "server";
                switch (event.type)
                {
                case ENET_EVENT_TYPE_CONNECT:
                    printf ("  %s event: connect data=%u\n", side, event.data);
                    break;
                case ENET_EVENT_TYPE_DISCONNECT:
                    printf ("  %s event: disconnect data=%u\n", side, event.data);
                    break;
                case ENET_EVENT_TYPE_RECEIVE:
                    printf ("  %s event: receive ch=%u length=%zu hash=%08x\n", side, event.channelID,
                            event.packet -> dataLength, (unsigned) fnv1a (event.packet -> data, event.packet -> dataLength));
                    enet_packet_destroy (event.packet);
                    break;
                default:
                    break;
                }
            }
    }
}

static ENetPacket * pattern (size_t length, enet_uint32 flags, unsigned seed)
{
    ENetPacket * packet = enet_packet_create (NULL, length, flags);
    size_t i;
    for (i = 0; i < length; ++ i)
        packet -> data [i] = (enet_uint8) (i * 7 + seed);
    return packet;
}

static void sleep_ms (long ms)
{
    struct timespec pause = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep (& pause, NULL);
}

static ENetPeer * server_peer (void)
{
    size_t i;
    for (i = 0; i < server -> peerCount; ++ i)
        if (server -> peers [i].state == ENET_PEER_STATE_CONNECTED)
            return & server -> peers [i];
    return NULL;
}

static int script (void)
{
    ENetAddress address;
    ENetPeer * toServer;
    ENetPeer * toClient;

    enet_address_set_host_ip (& address, "127.0.0.1");
    address.port = 0;
    server = enet_host_create (& address, 4, 4, 0, 0);
    client = enet_host_create (NULL, 1, 4, 0, 0);
    if (server == NULL || client == NULL)
        return 1;
    /* Our default MTU is 1.3.18's 1392; the reference is 1.3.17 (1400).
     * Programs may set host->mtu, so pin it to compare like with like. */
    server -> mtu = client -> mtu = 1400;
    server -> intercept = intercept;
    client -> intercept = intercept;
    if (checksummed)
        server -> checksum = client -> checksum = enet_crc32;
    address.port = server -> address.port;

    printf ("== connect with data\n");
    toServer = enet_host_connect (client, & address, 3, 0x1234);
    pump (6);
    toClient = server_peer ();
    if (toServer == NULL || toClient == NULL)
        return 1;

    printf ("== every delivery mode, both directions\n");
    enet_peer_send (toServer, 0, pattern (10, ENET_PACKET_FLAG_RELIABLE, 1));
    enet_peer_send (toServer, 1, pattern (20, 0, 2));
    enet_peer_send (toServer, 2, pattern (5, ENET_PACKET_FLAG_UNSEQUENCED, 3));
    enet_peer_send (toServer, 1, pattern (3000, ENET_PACKET_FLAG_RELIABLE, 4));
    enet_peer_send (toServer, 2, pattern (2500, ENET_PACKET_FLAG_UNRELIABLE_FRAGMENT, 5));
    enet_peer_send (toServer, 0, pattern (0, ENET_PACKET_FLAG_RELIABLE, 6));
    enet_peer_send (toClient, 0, pattern (7, ENET_PACKET_FLAG_RELIABLE, 7));
    enet_peer_send (toClient, 2, pattern (2, 0, 8));
    enet_peer_send (toClient, 1, pattern (1, ENET_PACKET_FLAG_UNSEQUENCED, 9));
    pump (6);

    printf ("== throttle configuration and an explicit ping\n");
    enet_peer_throttle_configure (toServer, 1000, 3, 4);
    enet_peer_ping (toClient);
    pump (6);

    printf ("== bandwidth limits (sent at the next throttle pass, a second on)\n");
    enet_host_bandwidth_limit (client, 100000, 200000);
    sleep_ms (1100);
    pump (6);

    printf ("== graceful disconnect with data\n");
    enet_peer_disconnect (toServer, 99);
    pump (6);

    printf ("== reconnect, then the server disconnects at once\n");
    toServer = enet_host_connect (client, & address, 1, 5);
    pump (6);
    toClient = server_peer ();
    if (toClient == NULL)
        return 1;
    enet_peer_disconnect_now (toClient, 77);
    pump (6);

    enet_host_destroy (client);
    enet_host_destroy (server);
    return 0;
}

int main (void)
{
    if (enet_initialize () != 0)
        return 1;
    printf ("=== plain\n");
    if (script () != 0)
        return 1;
    checksummed = 1;
    printf ("=== with CRC32 checksums\n");
    if (script () != 0)
        return 1;
    enet_deinitialize ();
    return 0;
}
