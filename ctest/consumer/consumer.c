/* A minimal downstream program: it must find our installed header and
 * library (not the system's reference ENet) and use them. */
#include <enet/enet.h>
#include <stdio.h>
#include <string.h>

int main (void)
{
    ENetVersion version;
    ENetPacket * packet;
    ENetBuffer buffer;
    int ok;

    if (enet_initialize () != 0)
        return 1;
    version = enet_linked_version ();
    packet = enet_packet_create ("123456789", 9, ENET_PACKET_FLAG_RELIABLE);
    buffer.data = packet -> data;
    buffer.dataLength = packet -> dataLength;
    /* The check value of CRC-32, as enet_crc32 returns it (network order). */
    ok = version == ENET_VERSION && ENET_VERSION_GET_PATCH (version) == 18 &&
         ENET_NET_TO_HOST_32 (enet_crc32 (& buffer, 1)) == 0xCBF43926u;
    enet_packet_destroy (packet);
    enet_deinitialize ();
    printf ("linked ENet %u.%u.%u: %s\n", ENET_VERSION_GET_MAJOR (version),
            ENET_VERSION_GET_MINOR (version), ENET_VERSION_GET_PATCH (version),
            ok ? "consumer ok" : "MISMATCH");
    return ok ? 0 : 1;
}
