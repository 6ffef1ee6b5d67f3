/*
 * codec_bench.c: throughput of the range coder and CRC32 through the public
 * ENet API. The same binary runs against upstream's library and ours (chosen
 * with LD_LIBRARY_PATH by run-codec-bench.sh); it prints "metric value" lines
 * in MB/s and fails loudly if a round trip does not restore the data.
 */
#define _POSIX_C_SOURCE 200809L
#include <enet/enet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PACKET_SIZE 1200
#define PACKETS 256

static double now_seconds (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, & ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* Game-state-like datagram bodies: entity records whose fields drift slowly. */
static void make_packets (enet_uint8 * packets)
{
    unsigned seed = 12345, i, p;
    short position [3] = { 0, 0, 0 };
    for (p = 0; p < PACKETS; ++ p)
    {
        enet_uint8 * out = packets + (size_t) p * PACKET_SIZE;
        for (i = 0; i + 9 <= PACKET_SIZE; i += 9)
        {
            int axis;
            seed = seed * 1103515245u + 12345u;
            out [i] = (enet_uint8) (i / 9);
            out [i + 1] = (enet_uint8) p;
            for (axis = 0; axis < 3; ++ axis)
            {
                position [axis] = (short) (position [axis] + (int) ((seed >> (8 + axis * 4)) & 3) - 1);
                memcpy (out + i + 2 + axis * 2, & position [axis], 2);
            }
            out [i + 8] = (enet_uint8) ((seed >> 24) & 3);
        }
        memset (out + i, 0, PACKET_SIZE - i);
    }
}

int main (int argc, char ** argv)
{
    double seconds = argc > 1 ? atof (argv [1]) : 0.5;
    enet_uint8 * packets = malloc ((size_t) PACKETS * PACKET_SIZE);
    enet_uint8 * compressed = malloc ((size_t) PACKETS * PACKET_SIZE * 2);
    size_t sizes [PACKETS];
    enet_uint8 restored [PACKET_SIZE];
    void * context = enet_range_coder_create ();
    double start, elapsed;
    size_t bytes, p;
    volatile enet_uint32 sink = 0;

    if (packets == NULL || compressed == NULL || context == NULL || enet_initialize () != 0)
        return 1;
    make_packets (packets);

    /* Compression. */
    bytes = 0;
    start = now_seconds ();
    do {
        for (p = 0; p < PACKETS; ++ p)
        {
            ENetBuffer buffer = { packets + p * PACKET_SIZE, PACKET_SIZE };
            sizes [p] = enet_range_coder_compress (context, & buffer, 1, PACKET_SIZE,
                                                   compressed + p * PACKET_SIZE * 2, PACKET_SIZE * 2);
            if (sizes [p] == 0) { fprintf (stderr, "compression failed\n"); return 1; }
        }
        bytes += (size_t) PACKETS * PACKET_SIZE;
        elapsed = now_seconds () - start;
    } while (elapsed < seconds);
    printf ("range_coder_compress_MBps %.2f\n", bytes / elapsed / 1e6);

    /* Decompression, checked against the original. */
    bytes = 0;
    start = now_seconds ();
    do {
        for (p = 0; p < PACKETS; ++ p)
        {
            size_t n = enet_range_coder_decompress (context, compressed + p * PACKET_SIZE * 2, sizes [p],
                                                    restored, sizeof (restored));
            if (n != PACKET_SIZE || memcmp (restored, packets + p * PACKET_SIZE, PACKET_SIZE) != 0)
            { fprintf (stderr, "decompression did not restore packet %zu\n", p); return 1; }
        }
        bytes += (size_t) PACKETS * PACKET_SIZE;
        elapsed = now_seconds () - start;
    } while (elapsed < seconds);
    printf ("range_coder_decompress_MBps %.2f\n", bytes / elapsed / 1e6);

    /* CRC32 over datagram-sized buffers in two pieces (header + body). */
    bytes = 0;
    start = now_seconds ();
    do {
        for (p = 0; p < PACKETS; ++ p)
        {
            ENetBuffer buffers [2] = { { packets + p * PACKET_SIZE, 4 }, { packets + p * PACKET_SIZE + 4, PACKET_SIZE - 4 } };
            sink ^= enet_crc32 (buffers, 2);
        }
        bytes += (size_t) PACKETS * PACKET_SIZE;
        elapsed = now_seconds () - start;
    } while (elapsed < seconds);
    printf ("crc32_MBps %.2f\n", bytes / elapsed / 1e6);
    {
        ENetBuffer check = { (void *) "123456789", 9 };
        if (ENET_NET_TO_HOST_32 (enet_crc32 (& check, 1)) != 0xCBF43926u)
        { fprintf (stderr, "crc32 check value wrong\n"); return 1; }
    }

    enet_range_coder_destroy (context);
    free (packets);
    free (compressed);
    return (int) (sink & 0);
}
