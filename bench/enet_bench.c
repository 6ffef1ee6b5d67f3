/*
 * enet_bench.c: ENet benchmark scenarios against the public enet.h API only,
 * so one binary measures upstream's libenet.so.7 and ours (picked by
 * LD_LIBRARY_PATH; run.sh alternates them). Each run does one scenario and
 * prints "metric value" lines; any delivery or ordering error exits non-zero
 * before a figure is printed.
 *
 *   enet_bench reliable_64B|reliable_1200B|unreliable_64B|unsequenced_64B|
 *              fragmented_1MiB|compressed_1200B|checksummed_1200B [seconds]
 *   enet_bench count <stream scenario> <messages>   fixed work, for callgrind
 *   enet_bench rtt [seconds]
 *   enet_bench connect [peers]
 *   enet_bench idle <peers> [seconds]
 *   enet_bench broadcast [peers] [seconds]
 *   enet_bench memory [peers]
 */
#include "bench_common.h"
#include "scenarios.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double arg_double (int argc, char ** argv, int index, double fallback)
{
    return argc > index ? atof (argv [index]) : fallback;
}

static size_t arg_size (int argc, char ** argv, int index, size_t fallback)
{
    return argc > index ? (size_t) strtoul (argv [index], NULL, 10) : fallback;
}

static int usage (void)
{
    fprintf (stderr, "usage: enet_bench <scenario> [arguments]; see the comment at the top of enet_bench.c\n");
    return 64;
}

int main (int argc, char ** argv)
{
    const char * scenario;
    int result;
    long drops;

    if (argc < 2)
        return usage ();
    scenario = argv [1];
    bench_check_library ();
    if (enet_initialize () != 0)
        bench_fail ("enet_initialize failed");
    drops = bench_udp_receive_drops ();

    if (strcmp (scenario, "count") == 0)
        result = argc == 4 ? scenario_stream (argv [2], 0, arg_size (argc, argv, 3, 0)) : -1;
    else if (strcmp (scenario, "rtt") == 0)
        result = scenario_rtt (arg_double (argc, argv, 2, 2.0));
    else if (strcmp (scenario, "connect") == 0)
        result = scenario_connect (arg_size (argc, argv, 2, 2000));
    else if (strcmp (scenario, "idle") == 0)
        result = argc > 2 ? scenario_idle (arg_size (argc, argv, 2, 1), arg_double (argc, argv, 3, 1.0)) : -1;
    else if (strcmp (scenario, "broadcast") == 0)
        result = scenario_broadcast (arg_size (argc, argv, 2, 1000), arg_double (argc, argv, 3, 2.0));
    else if (strcmp (scenario, "memory") == 0)
        result = scenario_memory (arg_size (argc, argv, 2, 4000));
    else
        result = scenario_stream (scenario, arg_double (argc, argv, 2, 1.5), 0);

    if (result != 0)
        return usage ();
    if (drops >= 0)
        fprintf (stderr, "enet_bench: %ld UDP datagrams dropped for full receive buffers during the run (system-wide)\n",
                 bench_udp_receive_drops () - drops);
    enet_deinitialize ();
    return 0;
}
