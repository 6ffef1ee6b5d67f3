/*
 * flood.c: a spoofed-CONNECT flood against an ENet server, measured.
 *
 *   flood SECONDS RATE
 *
 * One process: a server host (256 slots) with one established client that
 * streams reliable messages (each checked for order), a flooder sending
 * CONNECT datagrams at RATE per second from 512 loopback source addresses
 * (127.1.x.y) with fresh connect IDs, and two real clients: one starting to
 * connect half a second into the flood, one the moment it stops. Prints one
 * line of figures; exits non-zero only if the established stream broke
 * (lost, reordered or disconnected). Loopback only; bounded in time.
 */
#define _POSIX_C_SOURCE 200809L
#include <enet/enet.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SOURCES 512
#define SLOTS 256

static double now_seconds (void)
{
    struct timespec t;
    clock_gettime (CLOCK_MONOTONIC, & t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static long resident_kib (void)
{
    char line [256];
    long value = -1;
    FILE * status = fopen ("/proc/self/status", "r");
    if (status == NULL)
        return -1;
    while (fgets (line, sizeof (line), status) != NULL)
        if (strncmp (line, "VmRSS:", 6) == 0)
            value = strtol (line + 6, NULL, 10);
    fclose (status);
    return value;
}

static void put16 (unsigned char * at, unsigned value) { at [0] = (unsigned char) (value >> 8); at [1] = (unsigned char) value; }
static void put32 (unsigned char * at, unsigned long value)
{
    at [0] = (unsigned char) (value >> 24); at [1] = (unsigned char) (value >> 16);
    at [2] = (unsigned char) (value >> 8); at [3] = (unsigned char) value;
}

/* A CONNECT datagram as a fresh client sends it (wire format of ENet 1.3). */
static size_t forge_connect (unsigned char * out, unsigned long connectID)
{
    unsigned char * command = out + 4;
    put16 (out, 0x8000 | 0x0FFF);           /* sent time flag, no peer yet */
    put16 (out + 2, (unsigned) connectID);  /* sent time */
    command [0] = 0x82;                     /* CONNECT, acknowledge */
    command [1] = 0xFF;
    put16 (command + 2, 1);
    put16 (command + 4, 0);                 /* outgoing peer ID */
    command [6] = 0xFF;
    command [7] = 0xFF;
    put32 (command + 8, 1392);              /* MTU */
    put32 (command + 12, 32768);            /* window */
    put32 (command + 16, 2);                /* channels */
    put32 (command + 20, 0);
    put32 (command + 24, 0);
    put32 (command + 28, 5000);
    put32 (command + 32, 2);
    put32 (command + 36, 2);
    memcpy (command + 40, & connectID, 4);  /* connect ID, raw */
    put32 (command + 44, 0);                /* data */
    return 4 + 48;
}

typedef struct
{
    ENetHost * host;
    ENetPeer * peer;
    double started, connectedAt;
} RealClient;

static void start_real (RealClient * client, const ENetAddress * server, double now)
{
    client -> host = enet_host_create (NULL, 1, 2, 0, 0);
    client -> peer = enet_host_connect (client -> host, server, 2, 7);
    client -> started = now;
    client -> connectedAt = -1;
}

static void service_real (RealClient * client, double now)
{
    ENetEvent event;
    if (client -> host == NULL)
        return;
    while (enet_host_service (client -> host, & event, 0) > 0)
        if (event.type == ENET_EVENT_TYPE_CONNECT && client -> connectedAt < 0)
            client -> connectedAt = now - client -> started;
}

/* The established client's stream as the server sees it. */
typedef struct
{
    enet_uint32 connectID;
    unsigned long expected, received;
    int broken;
} Stream;

/* Services the server, checking the stream's order and dropping the rest. */
static void serve (ENetHost * server, Stream * stream, enet_uint32 timeout)
{
    ENetEvent event;
    while (enet_host_service (server, & event, timeout) > 0)
    {
        if (event.type != ENET_EVENT_TYPE_RECEIVE)
            continue;
        if (event.peer -> connectID == stream -> connectID)
        {
            unsigned long value;
            memcpy (& value, event.packet -> data, sizeof (value));
            if (value != stream -> expected)
                stream -> broken = 1;
            stream -> expected = value + 1;
            ++ stream -> received;
        }
        enet_packet_destroy (event.packet);
    }
}

int main (int argc, char ** argv)
{
    double seconds = argc > 1 ? atof (argv [1]) : 2.0, rate = argc > 2 ? atof (argv [2]) : 20000;
    ENetAddress address;
    ENetHost * server, * established;
    ENetPeer * toServer;
    ENetEvent event;
    RealClient during = { NULL, NULL, 0, -1 }, after = { NULL, NULL, 0, -1 };
    int sources [SOURCES], i, connected = 0;
    struct sockaddr_in target;
    Stream stream = { 0, 0, 0, 0 };
    unsigned long sent = 0, floodSent = 0;
    long memoryBefore, memory, memoryPeak = 0;
    double start, floodStart, floodEnd, end;

    if (enet_initialize () != 0)
        return 2;
    enet_address_set_host_ip (& address, "127.0.0.1");
    address.port = 0;
    server = enet_host_create (& address, SLOTS, 2, 0, 0);
    established = enet_host_create (NULL, 1, 2, 0, 0);
    if (server == NULL || established == NULL)
        return 2;
    address.port = server -> address.port;
    toServer = enet_host_connect (established, & address, 2, 1);
    for (start = now_seconds (); now_seconds () - start < 5 && connected < 2;)
    {
        if (enet_host_service (server, & event, 1) > 0 && event.type == ENET_EVENT_TYPE_CONNECT)
            ++ connected;
        if (enet_host_service (established, & event, 1) > 0 && event.type == ENET_EVENT_TYPE_CONNECT)
            ++ connected;
    }
    if (connected < 2)
    {
        fprintf (stderr, "flood: the established client never connected\n");
        return 2;
    }

    memset (& target, 0, sizeof (target));
    target.sin_family = AF_INET;
    target.sin_port = htons (address.port);
    target.sin_addr.s_addr = htonl (0x7F000001);
    for (i = 0; i < SOURCES; ++ i)
    {
        struct sockaddr_in source;
        memset (& source, 0, sizeof (source));
        source.sin_family = AF_INET;
        source.sin_addr.s_addr = htonl (0x7F010000u | (unsigned) (i + 1));
        sources [i] = socket (AF_INET, SOCK_DGRAM, 0);
        if (sources [i] < 0 || bind (sources [i], (struct sockaddr *) & source, sizeof (source)) != 0)
        {
            fprintf (stderr, "flood: cannot bind source address %d\n", i);
            return 2;
        }
    }

    stream.connectID = toServer -> connectID;
    memoryBefore = resident_kib ();
    floodStart = now_seconds ();
    floodEnd = floodStart + seconds;
    end = floodEnd + 3.0;
    for (;;)
    {
        double now = now_seconds ();
        if (now >= end)
            break;
        /* The flood, paced to RATE. */
        while (now < floodEnd && floodSent < (unsigned long) ((now - floodStart) * rate))
        {
            unsigned char datagram [64];
            size_t length = forge_connect (datagram, 0x9E3779B9ul * (floodSent + 1));
            sendto (sources [floodSent % SOURCES], datagram, length, 0, (struct sockaddr *) & target, sizeof (target));
            ++ floodSent;
        }
        if (during.host == NULL && now >= floodStart + 0.5 && now < floodEnd)
            start_real (& during, & address, now);
        if (after.host == NULL && now >= floodEnd)
            start_real (& after, & address, now);

        /* The established stream: a reliable message every millisecond. */
        if (sent < (unsigned long) ((now - floodStart) * 1000) && now < floodEnd + 2.0)
        {
            ENetPacket * packet = enet_packet_create (& sent, sizeof (sent), ENET_PACKET_FLAG_RELIABLE);
            if (enet_peer_send (toServer, 0, packet) == 0)
                ++ sent;
        }
        serve (server, & stream, 0);
        while (enet_host_service (established, & event, 0) > 0)
            if (event.type == ENET_EVENT_TYPE_DISCONNECT)
                stream.broken = 2;
        service_real (& during, now);
        service_real (& after, now);
        memory = resident_kib ();
        if (memory > memoryPeak)
            memoryPeak = memory;
    }
    /* Let the stream drain. */
    for (start = now_seconds (); stream.received < sent && now_seconds () - start < 5;)
    {
        serve (server, & stream, 1);
        enet_host_service (established, & event, 1);
    }
    printf ("flood %.0f CONNECT/s for %.1f s (%lu sent): real client during the flood %s",
            rate, seconds, floodSent, during.connectedAt >= 0 ? "connected after" : "never connected");
    if (during.connectedAt >= 0)
        printf (" %.0f ms", during.connectedAt * 1000);
    printf ("; real client after the flood %s", after.connectedAt >= 0 ? "connected after" : "not connected within 3 s");
    if (after.connectedAt >= 0)
        printf (" %.0f ms", after.connectedAt * 1000);
    printf ("; established stream %lu/%lu in order%s; memory +%ld KiB\n", stream.received, sent,
            stream.broken ? " BROKEN" : "", memoryPeak - memoryBefore);
    for (i = 0; i < SOURCES; ++ i)
        close (sources [i]);
    if (during.host != NULL)
        enet_host_destroy (during.host);
    if (after.host != NULL)
        enet_host_destroy (after.host);
    enet_host_destroy (established);
    enet_host_destroy (server);
    enet_deinitialize ();
    return stream.broken || stream.received != sent ? 1 : 0;
}
