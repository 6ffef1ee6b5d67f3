/*
 * fault_shim.c: an LD_PRELOAD library that breaks delivery on purpose, to
 * check that enet_bench notices instead of reporting a figure. It wraps
 * enet_peer_send and, at the 1000th call, does what BENCH_FAULT says:
 *   corrupt  flip one payload byte
 *   drop     destroy the packet but report success (a lost message)
 *   swap     hold the packet back and send it after the next one
 * Used only by bench/selftest.sh.
 */
#define _GNU_SOURCE
#include <enet/enet.h>
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

typedef int (* SendFunction) (ENetPeer *, enet_uint8, ENetPacket *);

int enet_peer_send (ENetPeer * peer, enet_uint8 channel, ENetPacket * packet)
{
    static SendFunction real;
    static unsigned long calls;
    static ENetPacket * held;
    const char * fault = getenv ("BENCH_FAULT");
    int result;

    if (real == NULL)
        real = (SendFunction) dlsym (RTLD_NEXT, "enet_peer_send");
    if (fault == NULL || ++ calls != 1000)
    {
        result = real (peer, channel, packet);
        if (held != NULL)
        {
            real (peer, channel, held);
            held = NULL;
        }
        return result;
    }
    if (strcmp (fault, "corrupt") == 0)
        packet -> data [packet -> dataLength - 1] ^= 0x40;
    else if (strcmp (fault, "drop") == 0)
    {
        enet_packet_destroy (packet);
        return 0;
    }
    else if (strcmp (fault, "swap") == 0)
    {
        held = packet;
        return 0;
    }
    return real (peer, channel, packet);
}
