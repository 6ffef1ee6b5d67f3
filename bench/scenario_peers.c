/*
 * scenario_peers.c: scenarios about many peers on one host: connecting them,
 * the cost of servicing an idle host, broadcasting, and memory.
 *
 * The peers come from client hosts of 100 peers each (see BenchPair), all
 * connecting to one server on 127.0.0.1; only the server is measured.
 */
#include "bench_common.h"
#include "scenarios.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h>

#define PENDING_CONNECTS 256
#define CONNECT_LIMIT 30.0

/* ---- liveness: one reliable message from every client peer --------------- */

typedef struct
{
    BenchPair * pair;
    size_t received;
    unsigned char * seen;
} VerifyState;

static void on_verify_server (ENetEvent * event, void * context)
{
    VerifyState * state = context;
    size_t index;
    enet_uint32 sequence;
    if (event -> type != ENET_EVENT_TYPE_RECEIVE)
        bench_fail ("unexpected event %d on the server while verifying", (int) event -> type);
    index = bench_peer_index (event -> peer);
    sequence = bench_payload_check (event -> packet -> data, event -> packet -> dataLength, 16);
    /* The number inside must match the peer it came through: catches messages
     * delivered to the wrong peer as well as lost ones. */
    if (sequence != index || state -> seen [index])
        bench_fail ("server peer %zu received message %u (duplicate or misrouted)", index, sequence);
    state -> seen [index] = 1;
    ++ state -> received;
    enet_packet_destroy (event -> packet);
}

static void on_unexpected (ENetEvent * event, void * context)
{
    (void) context;
    bench_fail ("unexpected event %d on the client", (int) event -> type);
}

/* Every peer must still be connected and route traffic correctly. */
static void verify_all_peers (BenchPair * pair)
{
    VerifyState state = { pair, 0, calloc (pair -> peers, 1) };
    double deadline = bench_now () + 10.0;
    size_t i;
    if (state.seen == NULL)
        bench_fail ("out of memory");
    bench_payload_init (16, 0);
    for (i = 0; i < pair -> peers; ++ i)
    {
        ENetPacket * packet = enet_packet_create (NULL, 16, ENET_PACKET_FLAG_RELIABLE);
        if (packet == NULL)
            bench_fail ("enet_packet_create failed");
        bench_payload_fill (packet -> data, 16, (enet_uint32) i);
        if (pair -> client_peers [i] -> state != ENET_PEER_STATE_CONNECTED || enet_peer_send (pair -> client_peers [i], 0, packet) != 0)
            bench_fail ("client peer %zu is no longer connected", i);
    }
    while (state.received < pair -> peers)
    {
        bench_pair_service (pair, on_unexpected, NULL, on_verify_server, & state);
        if (bench_now () > deadline)
            bench_fail ("only %zu of %zu peers delivered their check message", state.received, pair -> peers);
    }
    free (state.seen);
}

/* ---- connecting ----------------------------------------------------------- */

int scenario_connect (size_t peers)
{
    BenchPair pair;
    double start = bench_now (), cpu_start = bench_cpu_now (), elapsed, cpu_elapsed;
    char metric [64];
    bench_pair_connect (& pair, peers, 2, PENDING_CONNECTS, CONNECT_LIMIT);
    elapsed = bench_now () - start;
    cpu_elapsed = bench_cpu_now () - cpu_start;
    verify_all_peers (& pair);
    /* CPU time first (this loop never sleeps, so it equals wall time on a
     * quiet machine and is not inflated by other jobs on a shared one). */
    snprintf (metric, sizeof metric, "connect_%zu_ms", peers);
    bench_report (metric, cpu_elapsed * 1e3);
    snprintf (metric, sizeof metric, "connect_%zu_wall_ms", peers);
    bench_report (metric, elapsed * 1e3);
    bench_pair_destroy (& pair);
    return 0;
}

/* ---- idle service cost ---------------------------------------------------- */

#define CALLS_PER_SAMPLE 100

int scenario_idle (size_t peers, double seconds)
{
    BenchPair pair;
    ENetEvent event;
    double cpu = 0, end, before;
    size_t calls = 0, i, client = 0;
    char metric [64];

    bench_pair_connect (& pair, peers, 2, PENDING_CONNECTS, CONNECT_LIMIT);
    verify_all_peers (& pair);

    /* CPU time of the server's service calls only, read around batches of 100
     * so the clock's own cost (a syscall for process CPU time) stays small.
     * The client hosts are serviced between batches, outside the measurement,
     * so the peers stay alive and their pings reach the server as in a real
     * idle server. */
    end = bench_now () + seconds;
    while (bench_now () < end)
    {
        /* One client host, then a measured batch on the server: the server
         * sees its peers' pings a few at a time, as it would in real use. */
        bench_drain (pair.clients [client], on_unexpected, NULL);
        client = (client + 1) % pair.client_count;
        before = bench_cpu_now ();
        for (i = 0; i < CALLS_PER_SAMPLE; ++ i)
        {
            int result = enet_host_service (pair.server, & event, 0);
            if (result != 0)
                bench_fail ("idle server: service returned %d (event %d)", result, result > 0 ? (int) event.type : -1);
        }
        cpu += bench_cpu_now () - before;
        calls += CALLS_PER_SAMPLE;
    }

    verify_all_peers (& pair);
    snprintf (metric, sizeof metric, "idle_service_ns_%zu", peers);
    bench_report (metric, cpu / (double) calls * 1e9);
    bench_pair_destroy (& pair);
    return 0;
}

/* ---- broadcast ------------------------------------------------------------ */

#define BROADCAST_SIZE 100
#define BROADCAST_WINDOW 8    /* broadcasts in flight: about one datagram per peer */

typedef struct
{
    enet_uint32 * next;       /* per client peer: next expected number */
    size_t delivered;
    double last_delivery;
} BroadcastState;

static void on_broadcast (ENetEvent * event, void * context)
{
    BroadcastState * state = context;
    size_t index;
    enet_uint32 sequence;
    if (event -> type != ENET_EVENT_TYPE_RECEIVE)
        bench_fail ("unexpected event %d on the client during broadcast", (int) event -> type);
    index = bench_peer_index (event -> peer);
    sequence = bench_payload_check (event -> packet -> data, event -> packet -> dataLength, BROADCAST_SIZE);
    if (sequence != state -> next [index])
        bench_fail ("peer %zu got broadcast %u, expected %u", index, sequence, state -> next [index]);
    ++ state -> next [index];
    ++ state -> delivered;
    state -> last_delivery = bench_now ();
    enet_packet_destroy (event -> packet);
}

int scenario_broadcast (size_t peers, double seconds)
{
    BenchPair pair;
    BroadcastState state = { NULL, 0, 0 };
    size_t sent = 0;
    double start, cpu_start, cpu_elapsed, end, deadline;
    char metric [64];

    bench_pair_connect (& pair, peers, 2, PENDING_CONNECTS, CONNECT_LIMIT);
    verify_all_peers (& pair);
    state.next = calloc (peers, sizeof (enet_uint32));
    if (state.next == NULL)
        bench_fail ("out of memory");
    bench_payload_init (BROADCAST_SIZE, 0);

    start = bench_now ();
    cpu_start = bench_cpu_now ();
    end = start + seconds;
    while (bench_now () < end)
    {
        /* One packet object shared by all peers: what enet_host_broadcast is for. */
        while (sent * peers - state.delivered < BROADCAST_WINDOW * peers)
        {
            ENetPacket * packet = enet_packet_create (NULL, BROADCAST_SIZE, ENET_PACKET_FLAG_RELIABLE);
            if (packet == NULL)
                bench_fail ("enet_packet_create failed");
            bench_payload_fill (packet -> data, BROADCAST_SIZE, (enet_uint32) sent);
            enet_host_broadcast (pair.server, 0, packet);
            ++ sent;
        }
        bench_pair_service (& pair, on_broadcast, & state, on_unexpected, NULL);
    }
    deadline = bench_now () + 10.0;
    while (state.delivered < sent * peers)
    {
        bench_pair_service (& pair, on_broadcast, & state, on_unexpected, NULL);
        if (bench_now () > deadline)
            bench_fail ("broadcast: %zu of %zu deliveries", state.delivered, sent * peers);
    }

    cpu_elapsed = bench_cpu_now () - cpu_start;
    /* Per CPU-second, as the stream scenarios (see there); wall rate beside. */
    snprintf (metric, sizeof metric, "broadcast_%zu_deliveries_per_s", peers);
    bench_report (metric, (double) state.delivered / cpu_elapsed);
    snprintf (metric, sizeof metric, "broadcast_%zu_wall_deliveries_per_s", peers);
    bench_report (metric, (double) state.delivered / (state.last_delivery - start));
    free (state.next);
    bench_pair_destroy (& pair);
    return 0;
}

/* ---- memory --------------------------------------------------------------- */

int scenario_memory (size_t peers)
{
    BenchPair pair;
    long before = bench_proc_status_kib ("VmRSS"), after;
    char metric [64];

    /* Both hosts belong to the library under test, so the growth covers a
     * server with `peers` connections and a client with as many. */
    bench_pair_connect (& pair, peers, 2, PENDING_CONNECTS, CONNECT_LIMIT);
    verify_all_peers (& pair);
    after = bench_proc_status_kib ("VmRSS");
    if (getenv ("BENCH_HEAP_DETAIL") != NULL)
    {
        /* Diagnosis only: what the allocator holds for the program and what
         * it keeps free (glibc), to tell live data from fragmentation. */
        struct mallinfo2 info = mallinfo2 ();
        fprintf (stderr, "heap in use %zu KiB, free in heap %zu KiB, mmapped %zu KiB\n",
                 info.uordblks / 1024, info.fordblks / 1024, info.hblkhd / 1024);
    }
    snprintf (metric, sizeof metric, "memory_%zu_rss_growth_kib", peers);
    bench_report (metric, (double) (after - before));
    snprintf (metric, sizeof metric, "memory_%zu_hwm_kib", peers);
    bench_report (metric, (double) bench_proc_status_kib ("VmHWM"));
    bench_pair_destroy (& pair);
    return 0;
}
