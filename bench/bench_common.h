/*
 * bench_common.h: helpers shared by the enet_bench scenarios. Everything here
 * uses only the public upstream ENet 1.3.17 API, so one compiled binary runs
 * against either library (chosen by LD_LIBRARY_PATH).
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <enet/enet.h>
#include <stddef.h>
#include <stdint.h>

/* Stop the whole run with a loud message: a figure from broken delivery must
 * never be printed, so every integrity failure ends here (exit status 2). */
void bench_fail (const char * format, ...) __attribute__ ((noreturn, format (printf, 1, 2)));

double bench_now (void);          /* monotonic wall time, seconds */
double bench_cpu_now (void);      /* CPU time used by this process, seconds */

/* Prints "metric value" on stdout: the only format run.sh parses. */
void bench_report (const char * metric, double value);

/* Prints which libenet.so the dynamic linker bound enet_host_create to and, if
 * BENCH_EXPECT_LIB is set, exits unless it is that file (after resolving
 * symlinks): an LD_LIBRARY_PATH mistake would otherwise silently compare
 * upstream with itself. */
void bench_check_library (void);

/* Payloads: an 8-byte header (sequence number, total size) and a body derived
 * from the sequence number, so the receiver can check content and order
 * without keeping copies. "compressible" bodies use a few symbols only, so the
 * range coder has something to do. */
void bench_payload_init (size_t max_size, int compressible);
void bench_payload_fill (enet_uint8 * data, size_t size, enet_uint32 sequence);
/* Returns the sequence number; fails the run on a wrong size or body. */
enet_uint32 bench_payload_check (const enet_uint8 * data, size_t size, size_t expected_size);

/* A server host on 127.0.0.1 (ephemeral port) and client hosts whose peers
 * all connect to it, at most BENCH_PEERS_PER_CLIENT per client host: like
 * real clients, the peers are spread over several sockets, so a server pass
 * that sends one datagram to each of 1000 peers does not overflow a single
 * receive buffer and turn the measurement into one of retransmissions. */
#define BENCH_PEERS_PER_CLIENT 100

typedef struct
{
    ENetHost * server;
    ENetHost * client;          /* clients [0]: the only one up to 100 peers */
    ENetHost ** clients;
    size_t client_count;
    ENetPeer ** client_peers;   /* client side, by index; peer->data holds index + 1 */
    ENetPeer ** server_peers;   /* server side, by index of the client peer */
    size_t peers;
} BenchPair;

ENetHost * bench_server_create (size_t peers, ENetAddress * bound);
/* Connects `peers` peers, keeping at most `pending` handshakes outstanding;
 * fails the run if not every peer connects on both sides within the limit. */
void bench_pair_connect (BenchPair * pair, size_t peers, size_t channels, size_t pending, double time_limit);
void bench_pair_destroy (BenchPair * pair);

/* Index of a peer in the pair (stored in peer->data by bench_pair_connect). */
size_t bench_peer_index (const ENetPeer * peer);

/* enet_host_service with a zero timeout until no event is left; each event is
 * handed to `handle`. Disconnects are never expected and fail the run. */
typedef void (* BenchEventHandler) (ENetEvent * event, void * context);
void bench_drain (ENetHost * host, BenchEventHandler handle, void * context);
/* Drains each client host in turn with the server drained after each, as a
 * server is serviced continuously in real use: draining all clients first
 * would pile the datagrams of thousands of peers into the server's single
 * receive buffer, overflow it, and measure retransmission timers instead. */
void bench_pair_service (BenchPair * pair, BenchEventHandler on_client, void * client_context,
                         BenchEventHandler on_server, void * server_context);

/* UDP datagrams dropped for a full receive buffer, system-wide (RcvbufErrors
 * in /proc/net/snmp), or -1; a diagnostic for figures that look like timers. */
long bench_udp_receive_drops (void);

/* Reads a field such as VmRSS from /proc/self/status, in KiB. */
long bench_proc_status_kib (const char * field);

#endif
