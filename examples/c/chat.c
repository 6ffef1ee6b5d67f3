/*
 * chat.c: a tiny ENet chat room in C, written against the upstream API and
 * run on this project's libenet.so.7.
 *
 *   chat server PORT CLIENTS         relay every message to everyone
 *   chat client PORT NAME LINE...    join, say each LINE, then leave
 *
 * The server relays what a client says to all connected clients with
 * enet_host_broadcast, and stops once CLIENTS clients have joined and left.
 * A client prints everything it hears and leaves half a second after
 * hearing its own last line come back (so it hears the others too).
 */
#define _POSIX_C_SOURCE 200809L
#include <enet/enet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CLIENTS 8
#define TIME_LIMIT_MS 20000

static void broadcast_text (ENetHost * host, const char * text)
{
    ENetPacket * packet = enet_packet_create (text, strlen (text) + 1, ENET_PACKET_FLAG_RELIABLE);
    enet_host_broadcast (host, 0, packet);
}

static int run_server (enet_uint16 port, int expected)
{
    ENetAddress address;
    ENetHost * host;
    ENetEvent event;
    char line [512], where [64];
    int joined = 0, present = 0;
    enet_uint32 start = enet_time_get ();

    enet_address_set_host_ip (& address, "127.0.0.1");
    address.port = port;
    host = enet_host_create (& address, MAX_CLIENTS, 2, 0, 0);
    if (host == NULL)
    {
        fprintf (stderr, "server: cannot listen on port %u\n", port);
        return 1;
    }
    printf ("[server] listening on 127.0.0.1:%u (library %u.%u.%u)\n", host -> address.port,
            ENET_VERSION_GET_MAJOR (enet_linked_version ()), ENET_VERSION_GET_MINOR (enet_linked_version ()),
            ENET_VERSION_GET_PATCH (enet_linked_version ()));
    fflush (stdout);
    while ((joined < expected || present > 0) && enet_time_get () - start < TIME_LIMIT_MS)
    {
        if (enet_host_service (host, & event, 50) <= 0)
            continue;
        switch (event.type)
        {
        case ENET_EVENT_TYPE_CONNECT:
            enet_address_get_host_ip (& event.peer -> address, where, sizeof (where));
            printf ("[server] a client connected from %s:%u\n", where, event.peer -> address.port);
            event.peer -> data = NULL;
            ++ joined;
            ++ present;
            break;
        case ENET_EVENT_TYPE_RECEIVE:
            if (event.channelID == 1)
            {
                /* Channel 1 carries the client's name. */
                event.peer -> data = malloc (event.packet -> dataLength);
                memcpy (event.peer -> data, event.packet -> data, event.packet -> dataLength);
                snprintf (line, sizeof (line), "* %s joined", (char *) event.peer -> data);
            }
            else
                snprintf (line, sizeof (line), "%s: %s", event.peer -> data ? (char *) event.peer -> data : "?",
                          (char *) event.packet -> data);
            printf ("[server] relaying \"%s\"\n", line);
            broadcast_text (host, line);
            enet_packet_destroy (event.packet);
            break;
        case ENET_EVENT_TYPE_DISCONNECT:
            printf ("[server] %s left\n", event.peer -> data ? (char *) event.peer -> data : "a client");
            free (event.peer -> data);
            event.peer -> data = NULL;
            -- present;
            break;
        default:
            break;
        }
        fflush (stdout);
    }
    enet_host_destroy (host);
    printf ("[server] done: %d client(s) came and went\n", joined);
    return joined == expected && present == 0 ? 0 : 1;
}

static int run_client (enet_uint16 port, const char * name, int lineCount, char ** lines)
{
    ENetAddress address;
    ENetHost * host;
    ENetPeer * peer;
    ENetEvent event;
    char last [512];
    int next = 0, leaving = 0, left = 0;
    enet_uint32 roundTrip = 0, heardLast = 0;
    enet_uint32 start = enet_time_get ();

    host = enet_host_create (NULL, 1, 2, 0, 0);
    enet_address_set_host_ip (& address, "127.0.0.1");
    address.port = port;
    peer = host ? enet_host_connect (host, & address, 2, 0) : NULL;
    if (peer == NULL)
    {
        fprintf (stderr, "%s: cannot connect\n", name);
        return 1;
    }
    snprintf (last, sizeof (last), "%s: %s", name, lineCount > 0 ? lines [lineCount - 1] : "");
    while (! left && enet_time_get () - start < TIME_LIMIT_MS)
    {
        if (heardLast != 0 && ! leaving && enet_time_get () - heardLast >= 500)
        {
            leaving = 1;
            roundTrip = peer -> roundTripTime;
            enet_peer_disconnect_later (peer, 0);
        }
        if (enet_host_service (host, & event, 50) <= 0)
            continue;
        switch (event.type)
        {
        case ENET_EVENT_TYPE_CONNECT:
            enet_peer_send (peer, 1, enet_packet_create (name, strlen (name) + 1, ENET_PACKET_FLAG_RELIABLE));
            for (next = 0; next < lineCount; ++ next)
                enet_peer_send (peer, 0, enet_packet_create (lines [next], strlen (lines [next]) + 1, ENET_PACKET_FLAG_RELIABLE));
            break;
        case ENET_EVENT_TYPE_RECEIVE:
            printf ("[%s] hears \"%s\"\n", name, (char *) event.packet -> data);
            if (heardLast == 0 && strcmp ((char *) event.packet -> data, last) == 0)
                heardLast = enet_time_get ();
            enet_packet_destroy (event.packet);
            break;
        case ENET_EVENT_TYPE_DISCONNECT:
            left = 1;
            break;
        default:
            break;
        }
        fflush (stdout);
    }
    printf ("[%s] left the room (round trip %u ms)\n", name, roundTrip);
    enet_host_destroy (host);
    return left ? 0 : 1;
}

int main (int argc, char ** argv)
{
    int result;
    if (argc < 4 || (strcmp (argv [1], "server") != 0 && strcmp (argv [1], "client") != 0))
    {
        fprintf (stderr, "usage: chat server PORT CLIENTS | chat client PORT NAME LINE...\n");
        return 2;
    }
    if (enet_initialize () != 0)
        return 1;
    if (strcmp (argv [1], "server") == 0)
        result = run_server ((enet_uint16) atoi (argv [2]), atoi (argv [3]));
    else
        result = run_client ((enet_uint16) atoi (argv [2]), argv [3], argc - 4, argv + 4);
    enet_deinitialize ();
    return result;
}
