/*
 * scenarios.h: the enet_bench subcommands, one group per file.
 * Each returns 0, or -1 if it does not know the name; failures exit.
 */
#ifndef SCENARIOS_H
#define SCENARIOS_H

#include <stddef.h>

int scenario_stream (const char * name, double seconds, size_t messages);
int scenario_rtt (double seconds);
int scenario_connect (size_t peers);
int scenario_idle (size_t peers, double seconds);
int scenario_broadcast (size_t peers, double seconds);
int scenario_memory (size_t peers);

#endif
