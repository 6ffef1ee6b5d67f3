/*
 * scenario_rtt.c: ping-pong round-trip time, p50 and p99.
 *
 * Unlike the stream scenarios, the two ends run in two processes and wait in
 * enet_host_service with a timeout, as real programs do; the round trip then
 * includes the library's waiting and wake-up path, not just its CPU cost.
 * A fork (rather than threads) keeps each library instance single-threaded.
 */
#include "bench_common.h"
#include "scenarios.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define PING_SIZE 64
#define MAX_PINGS 2000000

/* Child: echo each ping back on the same channel until the client leaves. */
static void echo_server (ENetHost * server, double time_limit)
{
    ENetEvent event;
    enet_uint32 expected = 0;
    double deadline = bench_now () + time_limit;

    while (bench_now () < deadline)
    {
        int result = enet_host_service (server, & event, 100);
        if (result < 0)
            bench_fail ("echo server: enet_host_service failed");
        if (result == 0 || event.type == ENET_EVENT_TYPE_CONNECT)
            continue;
        if (event.type == ENET_EVENT_TYPE_DISCONNECT)
        {
            enet_host_flush (server);
            _exit (0);
        }
        if (bench_payload_check (event.packet -> data, event.packet -> dataLength, PING_SIZE) != expected)
            bench_fail ("echo server: ping out of order (wanted %u)", expected);
        ++ expected;
        /* The received packet goes straight back: no copy on our side. */
        if (enet_peer_send (event.peer, 0, event.packet) != 0)
            bench_fail ("echo server: enet_peer_send failed");
    }
    bench_fail ("echo server: client never disconnected");
}

static int compare_doubles (const void * a, const void * b)
{
    double x = * (const double *) a, y = * (const double *) b;
    return (x > y) - (x < y);
}

int scenario_rtt (double seconds)
{
    ENetAddress address;
    ENetHost * server, * client;
    ENetPeer * peer;
    ENetEvent event;
    double * rtts = malloc (MAX_PINGS * sizeof (double)), end, deadline;
    size_t pings = 0;
    int status, connected = 0;
    pid_t child;

    if (rtts == NULL)
        bench_fail ("out of memory");
    bench_payload_init (PING_SIZE, 0);
    server = bench_server_create (1, & address);
    fflush (NULL);
    child = fork ();
    if (child < 0)
        bench_fail ("fork failed");
    if (child == 0)
    {
        /* Never outlive a parent that failed and exited. */
        prctl (PR_SET_PDEATHSIG, SIGKILL);
        echo_server (server, seconds + 20.0);
    }

    client = enet_host_create (NULL, 1, 2, 0, 0);
    if (client == NULL || (peer = enet_host_connect (client, & address, 2, 0)) == NULL)
        bench_fail ("cannot create or connect the ping client");
    deadline = bench_now () + 5.0;
    while (! connected)
    {
        if (bench_now () > deadline)
            bench_fail ("ping client never connected");
        if (enet_host_service (client, & event, 100) > 0)
        {
            if (event.type != ENET_EVENT_TYPE_CONNECT)
                bench_fail ("unexpected event %d while connecting", (int) event.type);
            connected = 1;
        }
    }

    end = bench_now () + seconds;
    while (bench_now () < end && pings < MAX_PINGS)
    {
        ENetPacket * packet = enet_packet_create (NULL, PING_SIZE, ENET_PACKET_FLAG_RELIABLE);
        double sent_at;
        int result;
        if (packet == NULL)
            bench_fail ("enet_packet_create failed");
        bench_payload_fill (packet -> data, PING_SIZE, (enet_uint32) pings);
        sent_at = bench_now ();
        if (enet_peer_send (peer, 0, packet) != 0)
            bench_fail ("enet_peer_send failed");
        /* The send happens inside this service call, then it waits for the echo. */
        deadline = sent_at + 2.0;
        while ((result = enet_host_service (client, & event, 100)) == 0)
            if (bench_now () > deadline)
                bench_fail ("ping %zu: no echo within 2 s", pings);
        if (result < 0 || event.type != ENET_EVENT_TYPE_RECEIVE)
            bench_fail ("ping %zu: service result %d, event %d", pings, result, (int) event.type);
        rtts [pings] = bench_now () - sent_at;
        if (bench_payload_check (event.packet -> data, event.packet -> dataLength, PING_SIZE) != pings)
            bench_fail ("echo of ping %zu carries the wrong number", pings);
        enet_packet_destroy (event.packet);
        ++ pings;
    }

    enet_peer_disconnect (peer, 0);
    deadline = bench_now () + 3.0;
    while (bench_now () < deadline)
        if (enet_host_service (client, & event, 50) > 0 && event.type == ENET_EVENT_TYPE_DISCONNECT)
            break;
    if (waitpid (child, & status, 0) != child || ! WIFEXITED (status) || WEXITSTATUS (status) != 0)
        bench_fail ("echo server process failed (status %d)", status);
    if (pings < 100)
        bench_fail ("only %zu pings completed", pings);

    qsort (rtts, pings, sizeof (double), compare_doubles);
    bench_report ("rtt_p50_us", rtts [pings / 2] * 1e6);
    bench_report ("rtt_p99_us", rtts [pings * 99 / 100] * 1e6);
    enet_host_destroy (client);
    free (rtts);
    return 0;
}
