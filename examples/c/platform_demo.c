/*
 * platform_demo.c: a C program written against upstream ENet's API, built
 * against this project's header and run on its libenet.so.7.
 *
 * It uses the layer that is complete today (packets, CRC32, addresses,
 * sockets, time): one UDP socket sends a checksummed ENet packet in a
 * scatter/gather datagram to another on 127.0.0.1, which verifies it.
 */
#include <enet/enet.h>
#include <enet/time.h>
#include <stdio.h>
#include <string.h>

static int fail (const char * what)
{
    fprintf (stderr, "platform_demo: %s failed\n", what);
    return 1;
}

static ENetSocket bound_udp_socket (ENetAddress * address)
{
    ENetSocket socket = enet_socket_create (ENET_SOCKET_TYPE_DATAGRAM);
    if (socket == ENET_SOCKET_NULL)
        return socket;
    enet_address_set_host_ip (address, "127.0.0.1");
    address -> port = ENET_PORT_ANY;
    if (enet_socket_bind (socket, address) < 0 ||
        enet_socket_get_address (socket, address) < 0 ||
        enet_socket_set_option (socket, ENET_SOCKOPT_NONBLOCK, 1) < 0)
    {
        enet_socket_destroy (socket);
        return ENET_SOCKET_NULL;
    }
    return socket;
}

int main (void)
{
    const char message [] = "hello from a C program on the Rust libenet.so.7";
    ENetAddress senderAddress, receiverAddress, from;
    ENetSocket sender, receiver;
    ENetPacket * packet;
    ENetBuffer gather [2], scatter [1];
    enet_uint32 checksum, condition = ENET_SOCKET_WAIT_RECEIVE, start;
    enet_uint8 datagram [256];
    char text [64];
    int received;

    if (enet_initialize () != 0)
        return fail ("enet_initialize");
    printf ("linked ENet %u.%u.%u\n", ENET_VERSION_GET_MAJOR (enet_linked_version ()),
            ENET_VERSION_GET_MINOR (enet_linked_version ()), ENET_VERSION_GET_PATCH (enet_linked_version ()));
    if (enet_linked_version () != ENET_VERSION)
        return fail ("loading the library this header belongs to");

    sender = bound_udp_socket (& senderAddress);
    receiver = bound_udp_socket (& receiverAddress);
    if (sender == ENET_SOCKET_NULL || receiver == ENET_SOCKET_NULL)
        return fail ("socket setup");
    enet_address_get_host_ip (& receiverAddress, text, sizeof (text));
    printf ("receiver bound to %s:%u\n", text, receiverAddress.port);

    packet = enet_packet_create (message, sizeof (message), ENET_PACKET_FLAG_RELIABLE);
    if (packet == NULL)
        return fail ("enet_packet_create");
    gather [0].data = packet -> data;
    gather [0].dataLength = packet -> dataLength;
    checksum = enet_crc32 (gather, 1);
    gather [1].data = & checksum;
    gather [1].dataLength = sizeof (checksum);

    enet_time_set (0);
    start = enet_time_get ();
    if (enet_socket_send (sender, & receiverAddress, gather, 2) != (int) (sizeof (message) + sizeof (checksum)))
        return fail ("enet_socket_send");
    if (enet_socket_wait (receiver, & condition, 1000) != 0 || ! (condition & ENET_SOCKET_WAIT_RECEIVE))
        return fail ("enet_socket_wait");

    scatter [0].data = datagram;
    scatter [0].dataLength = sizeof (datagram);
    received = enet_socket_receive (receiver, & from, scatter, 1);
    if (received != (int) (sizeof (message) + sizeof (checksum)) || from.port != senderAddress.port)
        return fail ("enet_socket_receive");
    scatter [0].dataLength = (size_t) received - sizeof (checksum);
    if (enet_crc32 (scatter, 1) != checksum || memcmp (datagram, message, sizeof (message)) != 0)
        return fail ("checksum verification");

    printf ("received %d bytes from port %u in %u ms, CRC32 %08x verified: \"%s\"\n", received,
            from.port, ENET_TIME_DIFFERENCE (enet_time_get (), start), ENET_NET_TO_HOST_32 (checksum),
            (const char *) datagram);

    enet_packet_destroy (packet);
    enet_socket_destroy (sender);
    enet_socket_destroy (receiver);
    enet_deinitialize ();
    return 0;
}
