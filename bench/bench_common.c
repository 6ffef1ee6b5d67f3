/*
 * bench_common.c: timing, library identification, self-checking payloads and
 * connection set-up for enet_bench. Public ENet API only.
 */
#define _GNU_SOURCE
#include "bench_common.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void bench_fail (const char * format, ...)
{
    va_list args;
    fprintf (stderr, "\n*** enet_bench: DELIVERY/SETUP FAILURE: ");
    va_start (args, format);
    vfprintf (stderr, format, args);
    va_end (args);
    fprintf (stderr, " ***\n*** no figure is reported for this scenario ***\n");
    fflush (stdout);
    exit (2);
}

static double clock_seconds (clockid_t clock)
{
    struct timespec ts;
    clock_gettime (clock, & ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

double bench_now (void) { return clock_seconds (CLOCK_MONOTONIC); }
double bench_cpu_now (void) { return clock_seconds (CLOCK_PROCESS_CPUTIME_ID); }

void bench_report (const char * metric, double value)
{
    printf ("%s %.6g\n", metric, value);
    fflush (stdout);
}

void bench_check_library (void)
{
    Dl_info info;
    char loaded [PATH_MAX], expected [PATH_MAX];
    const char * expect = getenv ("BENCH_EXPECT_LIB");

    /* The address of a function we call is the one the program actually uses,
     * whatever the search path said. */
    if (dladdr ((void *) enet_host_create, & info) == 0 || info.dli_fname == NULL)
        bench_fail ("dladdr cannot tell which library provides enet_host_create");
    if (realpath (info.dli_fname, loaded) == NULL)
        bench_fail ("cannot resolve loaded library path %s", info.dli_fname);
    fprintf (stderr, "enet_bench: enet_host_create from %s\n", loaded);
    if (expect == NULL)
        return;
    if (realpath (expect, expected) == NULL)
        bench_fail ("BENCH_EXPECT_LIB=%s does not exist", expect);
    if (strcmp (loaded, expected) != 0)
        bench_fail ("loaded %s but BENCH_EXPECT_LIB is %s; refusing to report", loaded, expected);
}

/* ---- payloads ---------------------------------------------------------- */

#define HEADER_SIZE 8

static enet_uint8 * payload_base;
static size_t payload_base_size;
static int payload_compressible;

static uint64_t splitmix64 (uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

void bench_payload_init (size_t max_size, int compressible)
{
    uint64_t state = 42;
    size_t i;
    free (payload_base);
    payload_base_size = max_size;
    payload_compressible = compressible;
    payload_base = malloc (max_size + 8);
    if (payload_base == NULL)
        bench_fail ("out of memory for payload base");
    for (i = 0; i < max_size + 8; ++ i)
    {
        state = splitmix64 (state);
        /* Four symbols, as in slowly varying game state, compress to about a
         * third; full-entropy bytes exercise the plain path. */
        payload_base [i] = compressible ? (enet_uint8) (0x40 | (state & 3)) : (enet_uint8) state;
    }
}

/* Per-message mask applied to the shared base: cheap to generate and check
 * (one XOR per 8 bytes) yet different for every sequence number. */
static uint64_t payload_mask (enet_uint32 sequence)
{
    uint64_t mask = splitmix64 (sequence);
    return payload_compressible ? (mask & 0x0303030303030303ull) : mask;
}

static void put32 (enet_uint8 * p, enet_uint32 v) { memcpy (p, & v, 4); }
static enet_uint32 get32 (const enet_uint8 * p) { enet_uint32 v; memcpy (& v, p, 4); return v; }

void bench_payload_fill (enet_uint8 * data, size_t size, enet_uint32 sequence)
{
    uint64_t mask = payload_mask (sequence), word;
    size_t body = size - HEADER_SIZE, i;
    if (size < HEADER_SIZE || body > payload_base_size)
        bench_fail ("payload size %zu out of range", size);
    put32 (data, sequence);
    put32 (data + 4, (enet_uint32) size);
    for (i = 0; i + 8 <= body; i += 8)
    {
        memcpy (& word, payload_base + i, 8);
        word ^= mask;
        memcpy (data + HEADER_SIZE + i, & word, 8);
    }
    for (; i < body; ++ i)
        data [HEADER_SIZE + i] = payload_base [i] ^ (enet_uint8) (mask >> (8 * (i % 8)));
}

enet_uint32 bench_payload_check (const enet_uint8 * data, size_t size, size_t expected_size)
{
    enet_uint32 sequence;
    uint64_t mask, word, base;
    size_t body, i;
    if (size != expected_size || size < HEADER_SIZE || get32 (data + 4) != size)
        bench_fail ("received %zu bytes (header says %u), expected %zu", size,
                    size >= HEADER_SIZE ? get32 (data + 4) : 0u, expected_size);
    sequence = get32 (data);
    mask = payload_mask (sequence);
    body = size - HEADER_SIZE;
    for (i = 0; i + 8 <= body; i += 8)
    {
        memcpy (& word, data + HEADER_SIZE + i, 8);
        memcpy (& base, payload_base + i, 8);
        if ((word ^ mask) != base)
            bench_fail ("corrupt body in message %u near byte %zu", sequence, HEADER_SIZE + i);
    }
    for (; i < body; ++ i)
        if ((enet_uint8) (data [HEADER_SIZE + i] ^ (enet_uint8) (mask >> (8 * (i % 8)))) != payload_base [i])
            bench_fail ("corrupt body in message %u at byte %zu", sequence, HEADER_SIZE + i);
    return sequence;
}

/* ---- hosts and connections ---------------------------------------------- */

ENetHost * bench_server_create (size_t peers, ENetAddress * bound)
{
    ENetAddress address;
    ENetHost * host;
    enet_address_set_host_ip (& address, "127.0.0.1");
    address.port = 0;  /* ephemeral: parallel runs never collide */
    host = enet_host_create (& address, peers, 2, 0, 0);
    if (host == NULL)
        bench_fail ("enet_host_create (server, %zu peers) failed", peers);
    if (enet_socket_get_address (host -> socket, bound) != 0)
        bench_fail ("enet_socket_get_address failed");
    enet_address_set_host_ip (bound, "127.0.0.1");
    return host;
}

size_t bench_peer_index (const ENetPeer * peer)
{
    size_t tag = (size_t) (uintptr_t) peer -> data;
    if (tag == 0)
        bench_fail ("event for a peer the benchmark did not connect");
    return tag - 1;
}

typedef struct
{
    BenchPair * pair;
    size_t client_connected, server_connected;
} ConnectState;

static void on_connect_event (ENetEvent * event, void * context)
{
    ConnectState * state = context;
    BenchPair * pair = state -> pair;
    if (event -> type != ENET_EVENT_TYPE_CONNECT)
        bench_fail ("unexpected event %d while connecting", (int) event -> type);
    if (event -> peer -> host == pair -> server)
    {
        /* The connect data carries the client's index, which tells us which
         * server-side peer belongs to which client-side peer. */
        size_t index = event -> data;
        if (index >= pair -> peers || pair -> server_peers [index] != NULL)
            bench_fail ("server saw a bogus or duplicate connect (data %zu)", index);
        pair -> server_peers [index] = event -> peer;
        event -> peer -> data = (void *) (uintptr_t) (index + 1);
        ++ state -> server_connected;
    }
    else
        ++ state -> client_connected;
}

void bench_pair_connect (BenchPair * pair, size_t peers, size_t channels, size_t pending, double time_limit)
{
    ENetAddress address;
    ConnectState state = { pair, 0, 0 };
    size_t started = 0, i;
    double deadline = bench_now () + time_limit;

    pair -> peers = peers;
    pair -> server = bench_server_create (peers, & address);
    pair -> client_count = (peers + BENCH_PEERS_PER_CLIENT - 1) / BENCH_PEERS_PER_CLIENT;
    pair -> clients = calloc (pair -> client_count, sizeof (ENetHost *));
    pair -> client_peers = calloc (peers, sizeof (ENetPeer *));
    pair -> server_peers = calloc (peers, sizeof (ENetPeer *));
    if (pair -> clients == NULL || pair -> client_peers == NULL || pair -> server_peers == NULL)
        bench_fail ("out of memory for %zu peers", peers);
    for (i = 0; i < pair -> client_count; ++ i)
    {
        size_t slots = peers - i * BENCH_PEERS_PER_CLIENT;
        pair -> clients [i] = enet_host_create (NULL, slots < BENCH_PEERS_PER_CLIENT ? slots : BENCH_PEERS_PER_CLIENT,
                                                channels, 0, 0);
        if (pair -> clients [i] == NULL)
            bench_fail ("cannot create client host %zu", i);
    }
    pair -> client = pair -> clients [0];

    while (state.client_connected < peers || state.server_connected < peers)
    {
        /* Bounded outstanding handshakes: a burst of thousands of CONNECTs would
         * overflow the server's socket buffer and turn the measurement into one
         * of the 500 ms initial retransmission timer. */
        while (started < peers && started - state.server_connected < pending)
        {
            ENetHost * client = pair -> clients [started / BENCH_PEERS_PER_CLIENT];
            ENetPeer * peer = enet_host_connect (client, & address, channels, (enet_uint32) started);
            if (peer == NULL)
                bench_fail ("enet_host_connect failed for peer %zu", started);
            peer -> data = (void *) (uintptr_t) (started + 1);
            pair -> client_peers [started ++] = peer;
        }
        bench_pair_service (pair, on_connect_event, & state, on_connect_event, & state);
        if (bench_now () > deadline)
            bench_fail ("only %zu/%zu client and %zu/%zu server connections after %.1f s",
                        state.client_connected, peers, state.server_connected, peers, time_limit);
    }
}

void bench_pair_destroy (BenchPair * pair)
{
    /* Hosts are destroyed without a disconnect handshake: the benchmark is over
     * and the measured part never includes teardown. */
    size_t i;
    for (i = 0; i < pair -> client_count; ++ i)
        enet_host_destroy (pair -> clients [i]);
    enet_host_destroy (pair -> server);
    free (pair -> clients);
    free (pair -> client_peers);
    free (pair -> server_peers);
}

void bench_drain (ENetHost * host, BenchEventHandler handle, void * context)
{
    ENetEvent event;
    int result;
    while ((result = enet_host_service (host, & event, 0)) > 0)
    {
        if (event.type == ENET_EVENT_TYPE_DISCONNECT)
            bench_fail ("unexpected disconnect of peer %zu", bench_peer_index (event.peer));
        handle (& event, context);
    }
    if (result < 0)
        bench_fail ("enet_host_service returned %d", result);
}

void bench_pair_service (BenchPair * pair, BenchEventHandler on_client, void * client_context,
                         BenchEventHandler on_server, void * server_context)
{
    size_t i;
    for (i = 0; i < pair -> client_count; ++ i)
    {
        bench_drain (pair -> server, on_server, server_context);
        bench_drain (pair -> clients [i], on_client, client_context);
    }
    bench_drain (pair -> server, on_server, server_context);
}

long bench_proc_status_kib (const char * field)
{
    char line [256];
    size_t length = strlen (field);
    long value = -1;
    FILE * file = fopen ("/proc/self/status", "r");
    if (file == NULL)
        bench_fail ("cannot open /proc/self/status");
    while (fgets (line, sizeof line, file) != NULL)
        if (strncmp (line, field, length) == 0 && line [length] == ':')
        {
            value = strtol (line + length + 1, NULL, 10);
            break;
        }
    fclose (file);
    if (value < 0)
        bench_fail ("no %s in /proc/self/status", field);
    return value;
}

long bench_udp_receive_drops (void)
{
    char names [512], values [512], * name_save, * value_save, * name, * value;
    long drops = -1;
    FILE * file = fopen ("/proc/net/snmp", "r");
    if (file == NULL)
        return -1;
    /* The Udp section is a header line of names and a line of values. */
    while (fgets (names, sizeof names, file) != NULL)
    {
        if (strncmp (names, "Udp:", 4) != 0 || fgets (values, sizeof values, file) == NULL)
            continue;
        name = strtok_r (names, " \n", & name_save);
        value = strtok_r (values, " \n", & value_save);
        while (name != NULL && value != NULL)
        {
            if (strcmp (name, "RcvbufErrors") == 0)
                drops = strtol (value, NULL, 10);
            name = strtok_r (NULL, " \n", & name_save);
            value = strtok_r (NULL, " \n", & value_save);
        }
        break;
    }
    fclose (file);
    return drops;
}
