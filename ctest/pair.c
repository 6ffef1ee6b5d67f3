/*
 * pair.c: one side of a client/server exchange over 127.0.0.1.
 *
 *   pair server PORTFILE      serve one client; write the bound port to PORTFILE
 *   pair client PORTFILE      connect to the port in PORTFILE and run the script
 *
 * The program is built once against upstream's header and library; the
 * runner (run_pair.sh) starts each side with either library through
 * LD_LIBRARY_PATH, so the same binary proves both the drop-in claim and
 * wire compatibility in all four pairings. It is also built against our
 * own header.
 *
 * The script: connect on 3 channels with data 1234; send reliable packets
 * on every channel, unreliable and unsequenced ones, a 100 KB reliable
 * packet (fragmented) and an unreliable-fragment packet; the server echoes
 * every packet back on its channel with the same flags; the client checks
 * every reliable echo arrived in order with the right content, then
 * disconnects with data 99, which the server must see. Both exit 0 only if
 * everything held, within a time limit.
 */
#define _POSIX_C_SOURCE 200809L
#include <enet/enet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHANNELS 3
#define RELIABLE_PER_CHANNEL 50
#define BIG_SIZE 100000
#define FRAGMENTED_UNRELIABLE_SIZE 3000
#define TIME_LIMIT_MS 15000

static int fail (const char * side, const char * what)
{
    fprintf (stderr, "pair %s: FAILED: %s\n", side, what);
    return 1;
}

/* A payload whose bytes depend on (channel, index, length), so echoes can be checked. */
static void fill (enet_uint8 * data, size_t length, unsigned channel, unsigned index)
{
    size_t i;
    for (i = 0; i < length; ++ i)
        data [i] = (enet_uint8) (channel * 31 + index * 7 + i * 13);
    if (length >= 2)
    {
        data [0] = (enet_uint8) channel;
        data [1] = (enet_uint8) index;
    }
}

static int matches (const ENetPacket * packet, unsigned channel, unsigned index, size_t length)
{
    enet_uint8 * expected = (enet_uint8 *) malloc (length ? length : 1);
    int same;
    fill (expected, length, channel, index);
    same = packet -> dataLength == length && memcmp (packet -> data, expected, length) == 0;
    free (expected);
    return same;
}

static int send_payload (ENetPeer * peer, unsigned channel, unsigned index, size_t length, enet_uint32 flags)
{
    ENetPacket * packet = enet_packet_create (NULL, length, flags);
    if (packet == NULL)
        return -1;
    fill (packet -> data, length, channel, index);
    if (enet_peer_send (peer, (enet_uint8) channel, packet) < 0)
    {
        enet_packet_destroy (packet);
        return -1;
    }
    return 0;
}

static int run_server (const char * portFile)
{
    ENetAddress address;
    ENetHost * host;
    ENetEvent event;
    FILE * file;
    int connected = 0, received = 0, disconnected = 0;
    enet_uint32 start = enet_time_get (), disconnectData = 0;

    enet_address_set_host_ip (& address, "127.0.0.1");
    address.port = 0;
    host = enet_host_create (& address, 4, CHANNELS, 0, 0);
    if (host == NULL)
        return fail ("server", "enet_host_create");
    file = fopen (portFile, "w");
    if (file == NULL)
        return fail ("server", "port file");
    fprintf (file, "%u\n", host -> address.port);
    fclose (file);

    while (! disconnected && enet_time_get () - start < TIME_LIMIT_MS)
    {
        if (enet_host_service (host, & event, 10) <= 0)
            continue;
        switch (event.type)
        {
        case ENET_EVENT_TYPE_CONNECT:
            connected = 1;
            if (event.data != 1234)
                return fail ("server", "connect data");
            if (event.peer -> channelCount != CHANNELS)
                return fail ("server", "channel count");
            event.peer -> data = & connected;
            break;
        case ENET_EVENT_TYPE_RECEIVE:
        {
            ENetPacket * echo = enet_packet_create (event.packet -> data, event.packet -> dataLength,
                                                    event.packet -> flags & (ENET_PACKET_FLAG_RELIABLE |
                                                    ENET_PACKET_FLAG_UNSEQUENCED | ENET_PACKET_FLAG_UNRELIABLE_FRAGMENT));
            ++ received;
            if (event.packet -> referenceCount != 0)
                return fail ("server", "received packet reference count");
            if (enet_peer_send (event.peer, event.channelID, echo) < 0)
                enet_packet_destroy (echo);
            enet_packet_destroy (event.packet);
            break;
        }
        case ENET_EVENT_TYPE_DISCONNECT:
            if (event.peer -> data != & connected)
                return fail ("server", "peer->data survives until the disconnect event");
            disconnectData = event.data;
            disconnected = 1;
            break;
        default:
            break;
        }
    }
    enet_host_destroy (host);
    printf ("server (library 1.3.%u): connected %d received %d disconnected %d data %u\n",
            ENET_VERSION_GET_PATCH (enet_linked_version ()), connected, received, disconnected, disconnectData);
    if (! disconnected || disconnectData != 99)
        return fail ("server", "graceful disconnect with data 99");
    if (received < CHANNELS * RELIABLE_PER_CHANNEL + 1)
        return fail ("server", "every reliable packet received");
    return 0;
}

static int run_client (const char * portFile)
{
    ENetAddress address;
    ENetHost * host;
    ENetPeer * peer;
    ENetEvent event;
    FILE * file;
    unsigned port = 0, channel, next [CHANNELS] = { 0 };
    int connected = 0, bigBack = 0, disconnected = 0, sentScript = 0, unreliableBack = 0;
    enet_uint32 start = enet_time_get ();

    for (;;)
    {
        file = fopen (portFile, "r");
        if (file != NULL && fscanf (file, "%u", & port) == 1 && port != 0)
            break;
        if (file != NULL)
            fclose (file);
        file = NULL;
        if (enet_time_get () - start > 5000)
            return fail ("client", "server port file");
        {
            struct timespec pause = { 0, 20 * 1000000L };
            nanosleep (& pause, NULL);
        }
    }
    fclose (file);

    host = enet_host_create (NULL, 1, CHANNELS, 0, 0);
    if (host == NULL)
        return fail ("client", "enet_host_create");
    enet_address_set_host_ip (& address, "127.0.0.1");
    address.port = (enet_uint16) port;
    peer = enet_host_connect (host, & address, CHANNELS, 1234);
    if (peer == NULL)
        return fail ("client", "enet_host_connect");

    while (! disconnected && enet_time_get () - start < TIME_LIMIT_MS)
    {
        int allBack = bigBack;
        for (channel = 0; channel < CHANNELS; ++ channel)
            allBack = allBack && next [channel] == RELIABLE_PER_CHANNEL;
        if (allBack && sentScript == 1)
        {
            enet_peer_disconnect (peer, 99);
            sentScript = 2;
        }
        if (enet_host_service (host, & event, 10) <= 0)
            continue;
        switch (event.type)
        {
        case ENET_EVENT_TYPE_CONNECT:
        {
            unsigned index;
            connected = 1;
            if (event.data != 0)
                return fail ("client", "the connecting side's CONNECT data is 0");
            for (index = 0; index < RELIABLE_PER_CHANNEL; ++ index)
                for (channel = 0; channel < CHANNELS; ++ channel)
                {
                    if (send_payload (peer, channel, index, 1 + (index * 37) % 900, ENET_PACKET_FLAG_RELIABLE) < 0)
                        return fail ("client", "send reliable");
                    if (send_payload (peer, channel, 200 + index, 20, 0) < 0 ||
                        send_payload (peer, channel, 201 + index, 20, ENET_PACKET_FLAG_UNSEQUENCED) < 0)
                        return fail ("client", "send unreliable");
                }
            if (send_payload (peer, 0, 250, BIG_SIZE, ENET_PACKET_FLAG_RELIABLE) < 0 ||
                send_payload (peer, 1, 251, FRAGMENTED_UNRELIABLE_SIZE, ENET_PACKET_FLAG_UNRELIABLE_FRAGMENT) < 0)
                return fail ("client", "send large");
            sentScript = 1;
            break;
        }
        case ENET_EVENT_TYPE_RECEIVE:
        {
            ENetPacket * packet = event.packet;
            channel = event.channelID;
            if (packet -> flags & ENET_PACKET_FLAG_RELIABLE)
            {
                if (packet -> dataLength == BIG_SIZE)
                {
                    if (! matches (packet, 0, 250, BIG_SIZE))
                        return fail ("client", "100 KB echo content");
                    bigBack = 1;
                }
                else if (channel >= CHANNELS || ! matches (packet, channel, next [channel], 1 + (next [channel] * 37) % 900))
                    return fail ("client", "reliable echo out of order or corrupted");
                else
                    ++ next [channel];
            }
            else
                ++ unreliableBack;
            enet_packet_destroy (packet);
            break;
        }
        case ENET_EVENT_TYPE_DISCONNECT:
            disconnected = 1;
            if (event.data != 0)
                return fail ("client", "the initiator's DISCONNECT data is 0");
            break;
        default:
            break;
        }
    }
    printf ("client (library 1.3.%u): connected %d reliable echoes %u/%u/%u big %d unreliable echoes %d disconnected %d rtt %u\n",
            ENET_VERSION_GET_PATCH (enet_linked_version ()), connected, next [0], next [1], next [2], bigBack,
            unreliableBack, disconnected, peer -> roundTripTime);
    enet_host_destroy (host);
    if (! connected || ! disconnected)
        return fail ("client", "connect and disconnect");
    return 0;
}

int main (int argc, char ** argv)
{
    int result;
    if (argc != 3 || (strcmp (argv [1], "server") != 0 && strcmp (argv [1], "client") != 0))
    {
        fprintf (stderr, "usage: pair server|client PORTFILE\n");
        return 2;
    }
    if (enet_initialize () != 0)
        return 1;
    result = strcmp (argv [1], "server") == 0 ? run_server (argv [2]) : run_client (argv [2]);
    enet_deinitialize ();
    return result;
}
