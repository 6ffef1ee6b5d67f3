/*
 * capture.c: records real datagrams exchanged by two hosts of the reference
 * ENet library on 127.0.0.1, as golden vectors for our wire codec.
 *
 * Build and run against the reference library only (see regenerate.sh):
 *   cc -std=c11 capture.c $(pkg-config --cflags --libs libenet) -o capture
 *   ./capture > datagrams.txt
 *
 * Each line: <mode> <direction> <label> <hex>, where mode is plain, crc32
 * or rangecoder, direction c2s or s2c, and label names the step of the
 * scenario during which the datagram arrived.
 */
#include <enet/enet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char * currentMode;
static const char * currentLabel;
static ENetHost * serverHost;

static int record (ENetHost * host, ENetEvent * event)
{
    size_t i;
    (void) event;
    printf ("%s %s %s ", currentMode, host == serverHost ? "c2s" : "s2c", currentLabel);
    for (i = 0; i < host -> receivedDataLength; ++ i)
        printf ("%02x", host -> receivedData [i]);
    printf ("\n");
    return 0; /* let ENet process it as usual */
}

/* Services both hosts for `ms` milliseconds, destroying received packets. */
static void pump (ENetHost * client, ENetHost * server, int ms)
{
    ENetEvent event;
    enet_uint32 start = enet_time_get ();
    while ((int) (enet_time_get () - start) < ms)
    {
        ENetHost * hosts [2] = { client, server };
        int h;
        for (h = 0; h < 2; ++ h)
            while (enet_host_service (hosts [h], & event, 1) > 0)
                if (event.type == ENET_EVENT_TYPE_RECEIVE)
                    enet_packet_destroy (event.packet);
    }
}

static void send_packet (ENetPeer * peer, enet_uint8 channel, size_t length, enet_uint32 flags, char fill)
{
    ENetPacket * packet = enet_packet_create (NULL, length, flags);
    memset (packet -> data, fill, length);
    if (enet_peer_send (peer, channel, packet) < 0)
    {
        fprintf (stderr, "capture: send failed\n");
        exit (1);
    }
}

static void run (const char * mode)
{
    ENetAddress address;
    ENetHost * client;
    ENetPeer * peer;

    currentMode = mode;
    enet_address_set_host_ip (& address, "127.0.0.1");
    address.port = 0;
    serverHost = enet_host_create (& address, 4, 2, 0, 0);
    client = enet_host_create (NULL, 1, 2, 0, 0);
    if (serverHost == NULL || client == NULL)
    {
        fprintf (stderr, "capture: host creation failed\n");
        exit (1);
    }
    serverHost -> intercept = record;
    client -> intercept = record;
    if (strcmp (mode, "crc32") == 0)
        serverHost -> checksum = client -> checksum = enet_crc32;
    if (strcmp (mode, "rangecoder") == 0)
    {
        enet_host_compress_with_range_coder (serverHost);
        enet_host_compress_with_range_coder (client);
    }

    currentLabel = "connect";
    peer = enet_host_connect (client, & serverHost -> address, 2, 0x11223344);
    pump (client, serverHost, 150);

    currentLabel = "reliable";
    {
        ENetPacket * packet = enet_packet_create ("hi", 2, ENET_PACKET_FLAG_RELIABLE);
        enet_peer_send (peer, 1, packet);
    }
    pump (client, serverHost, 100);

    currentLabel = "unreliable";
    send_packet (peer, 0, 2, 0, 'u');
    send_packet (peer, 0, 2, ENET_PACKET_FLAG_UNSEQUENCED, 's');
    pump (client, serverHost, 100);

    currentLabel = "fragments";
    send_packet (peer, 1, 3000, ENET_PACKET_FLAG_RELIABLE, 'f');
    pump (client, serverHost, 100);

    currentLabel = "unreliablefragments";
    send_packet (peer, 0, 2500, ENET_PACKET_FLAG_UNRELIABLE_FRAGMENT, 'g');
    pump (client, serverHost, 100);

    currentLabel = "ping";
    enet_peer_ping (peer);
    pump (client, serverHost, 100);

    currentLabel = "throttle";
    enet_peer_throttle_configure (peer, 3000, 3, 4);
    pump (client, serverHost, 100);

    currentLabel = "bandwidth";
    enet_host_bandwidth_limit (client, 100000, 200000);
    pump (client, serverHost, 1100);

    currentLabel = "disconnect";
    enet_peer_disconnect (peer, 0xABCD);
    pump (client, serverHost, 150);

    enet_host_destroy (client);
    enet_host_destroy (serverHost);
}

int main (void)
{
    if (enet_initialize () != 0)
        return 1;
    run ("plain");
    run ("crc32");
    run ("rangecoder");
    enet_deinitialize ();
    return 0;
}
