/*
 * scenario_stream.c: one-way message streams between two hosts in one thread
 * (reliable, unreliable, unsequenced, fragmented, compressed, checksummed).
 *
 * Both hosts live in this thread and are serviced in turn, so the figure is
 * the CPU cost of both ends plus the loopback kernel path, undisturbed by
 * scheduler wake-ups: the most repeatable throughput number a 2-core machine
 * can give. The sender queues a batch, then each host is drained with
 * zero-timeout service calls.
 */
#include "bench_common.h"
#include "scenarios.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
    const char * metric;       /* prefix of the reported metrics */
    size_t size;               /* message size in bytes */
    enet_uint32 flags;         /* ENet packet flags */
    size_t window;             /* reliable: most messages queued but not yet received */
    size_t batch;              /* messages queued between two service rounds */
    int compress, checksum, compressible;
} StreamSpec;

typedef struct
{
    const StreamSpec * spec;
    size_t received, reordered;
    enet_uint32 next;          /* reliable/sequenced: lowest acceptable next number */
    unsigned char * seen;      /* unsequenced: one bit per sent number */
    size_t seen_bytes;
    double last_receive;
} Receiver;

static void on_receive (ENetEvent * event, void * context)
{
    Receiver * receiver = context;
    const StreamSpec * spec = receiver -> spec;
    enet_uint32 sequence;

    if (event -> type != ENET_EVENT_TYPE_RECEIVE)
        bench_fail ("unexpected event %d during the stream", (int) event -> type);
    if (event -> channelID != 0)
        bench_fail ("message on channel %u, sent on 0", event -> channelID);
    sequence = bench_payload_check (event -> packet -> data, event -> packet -> dataLength, spec -> size);

    if (spec -> flags & ENET_PACKET_FLAG_RELIABLE)
    {
        /* Reliable on one channel: every message, exactly in order. */
        if (sequence != receiver -> next)
            bench_fail ("reliable message %u arrived when %u was due", sequence, receiver -> next);
        receiver -> next = sequence + 1;
    }
    else if (spec -> flags & ENET_PACKET_FLAG_UNSEQUENCED)
    {
        /* Unsequenced may reorder and drop, but never duplicate or invent. */
        size_t byte = sequence / 8;
        if (byte >= receiver -> seen_bytes || (receiver -> seen [byte] & (1u << (sequence % 8))))
            bench_fail ("unsequenced message %u duplicated or never sent", sequence);
        receiver -> seen [byte] |= (unsigned char) (1u << (sequence % 8));
        if (sequence < receiver -> next)
            ++ receiver -> reordered;
        else
            receiver -> next = sequence + 1;
    }
    else
    {
        /* Unreliable sequenced drops late messages, so numbers only grow. */
        if (sequence < receiver -> next)
            bench_fail ("sequenced message %u after %u", sequence, receiver -> next - 1);
        receiver -> next = sequence + 1;
    }
    ++ receiver -> received;
    enet_packet_destroy (event -> packet);
}

/* Services the receiving host. The time of the last delivery (for the
 * wall-clock rate) is read once per drain that delivered something, not per
 * message: a clock read per message was about a tenth of the process's CPU
 * time at 64 B, the same absolute cost for both libraries, which pulled every
 * ratio towards 1. */
static void drain_receiver (BenchPair * pair, Receiver * receiver)
{
    size_t before = receiver -> received;
    bench_drain (pair -> server, on_receive, receiver);
    if (receiver -> received != before)
        receiver -> last_receive = bench_now ();
}

static void on_client_event (ENetEvent * event, void * context)
{
    (void) context;
    bench_fail ("the sending host got event %d; it should only send", (int) event -> type);
}

static void grow_seen (Receiver * receiver, size_t sent)
{
    size_t needed = sent / 8 + 1, size;
    if (needed <= receiver -> seen_bytes)
        return;
    size = needed * 2;
    receiver -> seen = realloc (receiver -> seen, size);
    if (receiver -> seen == NULL)
        bench_fail ("out of memory for the unsequenced bitmap");
    memset (receiver -> seen + receiver -> seen_bytes, 0, size - receiver -> seen_bytes);
    receiver -> seen_bytes = size;
}

/* The measured part: sending and complete delivery, without set-up. Kept out
 * of line so callgrind.sh can count instructions in it alone
 * (--toggle-collect=stream_measured). Returns the number of messages sent. */
__attribute__ ((noinline)) size_t stream_measured (const StreamSpec * spec, BenchPair * pair, Receiver * receiver,
                                                   double seconds, size_t messages);
__attribute__ ((noinline)) size_t stream_measured (const StreamSpec * spec, BenchPair * pair, Receiver * receiver,
                                                   double seconds, size_t messages)
{
    ENetPeer * peer = pair -> client_peers [0];
    int reliable = (spec -> flags & ENET_PACKET_FLAG_RELIABLE) != 0;
    double end = bench_now () + seconds, finish_limit;
    size_t sent = 0, k;

    while (messages ? sent < messages : bench_now () < end)
    {
        for (k = 0; k < spec -> batch && (! reliable || sent - receiver -> received < spec -> window)
                    && (messages == 0 || sent < messages); ++ k)
        {
            /* NULL data: ENet allocates, we fill in place (no extra copy). */
            ENetPacket * packet = enet_packet_create (NULL, spec -> size, spec -> flags);
            if (packet == NULL)
                bench_fail ("enet_packet_create failed");
            bench_payload_fill (packet -> data, spec -> size, (enet_uint32) sent);
            if (enet_peer_send (peer, 0, packet) != 0)
                bench_fail ("enet_peer_send failed at message %zu", sent);
            ++ sent;
        }
        if (spec -> flags & ENET_PACKET_FLAG_UNSEQUENCED)
            grow_seen (receiver, sent);
        bench_drain (pair -> client, on_client_event, NULL);
        drain_receiver (pair, receiver);
    }

    /* Let everything in flight land. Reliable delivery must be complete;
     * unreliable gets a few rounds and the rest counts as lost. */
    finish_limit = bench_now () + 10.0;
    for (k = 0; reliable ? receiver -> received < sent : k < 20; ++ k)
    {
        bench_drain (pair -> client, on_client_event, NULL);
        drain_receiver (pair, receiver);
        if (bench_now () > finish_limit)
            bench_fail ("%s: only %zu of %zu reliable messages delivered", spec -> metric, receiver -> received, sent);
    }
    return sent;
}

/* Runs for `seconds`, or, if `messages` is not 0, until that many are sent. */
static void run_stream (const StreamSpec * spec, double seconds, size_t messages)
{
    BenchPair pair;
    Receiver receiver;
    size_t sent;
    int reliable = (spec -> flags & ENET_PACKET_FLAG_RELIABLE) != 0;
    double start, cpu_start, elapsed, cpu_elapsed;
    char metric [128];

    memset (& receiver, 0, sizeof receiver);
    receiver.spec = spec;
    bench_payload_init (spec -> size, spec -> compressible);
    bench_pair_connect (& pair, 1, 2, 1, 5.0);
    /* Both ends must agree before any traffic; set right after the handshake,
     * with nothing in flight. */
    if (spec -> compress)
        if (enet_host_compress_with_range_coder (pair.client) != 0 || enet_host_compress_with_range_coder (pair.server) != 0)
            bench_fail ("enet_host_compress_with_range_coder failed");
    if (spec -> checksum)
        pair.client -> checksum = pair.server -> checksum = enet_crc32;

    start = bench_now ();
    cpu_start = bench_cpu_now ();
    receiver.last_receive = start;
    sent = stream_measured (spec, & pair, & receiver, seconds, messages);
    cpu_elapsed = bench_cpu_now () - cpu_start;
    if (receiver.received == 0)
        bench_fail ("%s: nothing delivered", spec -> metric);
    if (messages != 0)
        bench_report ("messages_delivered", (double) receiver.received);
    if (spec -> compress)
        /* Evidence that the range coder was really used (stderr only: the
         * library's byte counters are 32-bit and only indicative). */
        fprintf (stderr, "%s: %.2f bytes sent on the wire per payload byte\n", spec -> metric,
                 (double) pair.client -> totalSentData / ((double) sent * (double) spec -> size));

    /* Rates per CPU-second of this (single-threaded, never sleeping) process,
     * which includes the kernel's loopback work done on its behalf: what the
     * rate is when the process has a core to itself, and unlike wall time
     * not halved whenever another job on a shared machine takes the core.
     * The wall-clock rate is reported beside it. */
    elapsed = receiver.last_receive - start;
    snprintf (metric, sizeof metric, "%s_msgs_per_s", spec -> metric);
    bench_report (metric, (double) receiver.received / cpu_elapsed);
    if (spec -> size >= 65536)
    {
        snprintf (metric, sizeof metric, "%s_MB_per_s", spec -> metric);
        bench_report (metric, (double) receiver.received * (double) spec -> size / cpu_elapsed / 1e6);
    }
    snprintf (metric, sizeof metric, "%s_wall_msgs_per_s", spec -> metric);
    bench_report (metric, (double) receiver.received / elapsed);
    if (! reliable)
    {
        snprintf (metric, sizeof metric, "%s_loss_pct", spec -> metric);
        bench_report (metric, 100.0 * (double) (sent - receiver.received) / (double) sent);
        if (receiver.reordered != 0)
            fprintf (stderr, "%s: %zu unsequenced messages arrived out of order\n", spec -> metric, receiver.reordered);
    }
    free (receiver.seen);
    bench_pair_destroy (& pair);
}

/* Batches of 64 with at most 2048 unreceived (small) match the method of the
 * published baseline in the reference notes, so figures are comparable. */
static const StreamSpec specs [] =
{
    { "reliable_64B",     64,   ENET_PACKET_FLAG_RELIABLE,    2048, 64, 0, 0, 0 },
    { "reliable_1200B",   1200, ENET_PACKET_FLAG_RELIABLE,    256,  64, 0, 0, 0 },
    { "unreliable_64B",   64,   0,                            0,    64, 0, 0, 0 },
    { "unsequenced_64B",  64,   ENET_PACKET_FLAG_UNSEQUENCED, 0,    64, 0, 0, 0 },
    { "fragmented_1MiB",  1u << 20, ENET_PACKET_FLAG_RELIABLE, 4,   1,  0, 0, 0 },
    { "compressed_1200B", 1200, ENET_PACKET_FLAG_RELIABLE,    256,  64, 1, 0, 1 },
    { "checksummed_1200B", 1200, ENET_PACKET_FLAG_RELIABLE,   256,  64, 0, 1, 0 },
};

/* messages == 0: run for `seconds`; otherwise send exactly that many, which
 * is what callgrind needs to give the same instruction count every run. */
int scenario_stream (const char * name, double seconds, size_t messages)
{
    size_t i;
    for (i = 0; i < sizeof specs / sizeof specs [0]; ++ i)
        if (strcmp (specs [i].metric, name) == 0)
        {
            run_stream (& specs [i], seconds, messages);
            return 0;
        }
    return -1;
}
