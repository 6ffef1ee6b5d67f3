/*
 * platform_diff.c: every platform-layer function of the ENet API (global
 * initialisation and allocator callbacks, version, time, lists, packets,
 * CRC32, addresses, sockets) called with the same inputs. CTest runs it
 * linked against our library and against the reference library and requires
 * identical output, so every line prints only what must be the same on both:
 * return values, contents and relations, never raw pointers, descriptors,
 * ports or times.
 *
 * Deliberate differences are normalised (README, "C API conventions"):
 * the patch version, and enet_socket_receive of a truncated datagram (-2 in
 * 1.3.18 and ours, -1 in 1.3.17), printed as "negative"; and how a packet's
 * memory is split (ours puts a packet's bytes in the struct's allocation,
 * upstream makes two), so packets print that each lifetime allocates through
 * the callbacks and frees all it allocated, not the counts per call. Calls
 * that crash the reference (NULL where it dereferences) are not made here.
 */
#define _POSIX_C_SOURCE 200809L
#include <enet/enet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int failures = 0;

static void check (int condition, const char * what)
{
    if (! condition)
    {
        printf ("SANITY FAILURE: %s\n", what);
        ++ failures;
    }
}

static void sleep_ms (long ms)
{
    struct timespec delay = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep (& delay, NULL);
}

/* A counting allocator, installed with enet_initialize_with_callbacks. */
static int mallocs, frees;
static void * counting_malloc (size_t size) { ++ mallocs; return malloc (size); }
static void counting_free (void * memory) { ++ frees; free (memory); }

static void test_initialisation (void)
{
    ENetCallbacks callbacks;
    memset (& callbacks, 0, sizeof (callbacks));
    printf ("initialize %d\n", enet_initialize ());
    enet_deinitialize ();
    printf ("initialize again %d\n", enet_initialize ());
    printf ("version %u.%u\n", ENET_VERSION_GET_MAJOR (enet_linked_version ()),
            ENET_VERSION_GET_MINOR (enet_linked_version ()));
    printf ("linked patch matches header %d\n", enet_linked_version () == ENET_VERSION);

    callbacks.malloc = counting_malloc;
    printf ("callbacks too old %d\n", enet_initialize_with_callbacks (ENET_VERSION_CREATE (1, 2, 9), & callbacks));
    printf ("callbacks malloc without free %d\n", enet_initialize_with_callbacks (ENET_VERSION, & callbacks));
    callbacks.malloc = NULL;
    callbacks.free = counting_free;
    printf ("callbacks free without malloc %d\n", enet_initialize_with_callbacks (ENET_VERSION, & callbacks));
    callbacks.malloc = counting_malloc;
    printf ("callbacks both %d\n", enet_initialize_with_callbacks (ENET_VERSION, & callbacks));
}

/* How many allocations and frees a piece of work made. */
#define COUNTED(label, work) do { \
        mallocs = frees = 0; work; \
        printf ("%s mallocs %d frees %d\n", label, mallocs, frees); \
    } while (0)

static int freeCallbackCalls;
static size_t freeCallbackLength;
static void note_free (ENetPacket * packet)
{
    ++ freeCallbackCalls;
    freeCallbackLength = packet -> dataLength;
}

static void test_packets (void)
{
    static const char text [] = "hello, packet";
    char adopted [32] = "adopted bytes";
    ENetPacket * packet = NULL;
    void * memory = NULL;
    enet_uint8 * before;

    COUNTED ("enet_malloc", memory = enet_malloc (100));
    COUNTED ("enet_free", enet_free (memory));

    /* One packet's whole life: allocated through the callbacks, all freed. */
    mallocs = frees = 0;
    packet = enet_packet_create (text, sizeof (text), ENET_PACKET_FLAG_RELIABLE);
    printf ("create copy allocated %d frees %d\n", mallocs > 0, frees);
    printf ("copy: length %zu copied %d same pointer %d refs %zu flags %u callback %d userData %d\n",
            packet -> dataLength, memcmp (packet -> data, text, sizeof (text)) == 0,
            (const void *) packet -> data == (const void *) text, packet -> referenceCount, packet -> flags,
            packet -> freeCallback != NULL, packet -> userData != NULL);
    packet -> freeCallback = note_free;
    freeCallbackCalls = 0;
    enet_packet_destroy (packet);
    printf ("copy lifetime balanced %d\n", mallocs == frees);
    printf ("freeCallback calls %d saw length %zu\n", freeCallbackCalls, freeCallbackLength);

    mallocs = frees = 0;
    packet = enet_packet_create (NULL, 64, 0x1230 | ENET_PACKET_FLAG_UNSEQUENCED);
    printf ("create uninitialised allocated %d frees %d\n", mallocs > 0, frees);
    printf ("uninitialised: data %d length %zu flags 0x%x\n", packet -> data != NULL, packet -> dataLength, packet -> flags);
    memset (packet -> data, 'z', 64);
    before = packet -> data;
    {
        int mallocsBefore = mallocs, freesBefore = frees;
        printf ("resize to 10 %d\n", enet_packet_resize (packet, 10));
        printf ("shrink mallocs %d frees %d\n", mallocs - mallocsBefore, frees - freesBefore);
        printf ("shrink kept pointer %d length %zu\n", packet -> data == before, packet -> dataLength);
        mallocsBefore = mallocs;
        printf ("resize to 5000 %d\n", enet_packet_resize (packet, 5000));
        printf ("grow mallocs %d\n", mallocs - mallocsBefore);
    }
    printf ("grow kept bytes %d length %zu\n", packet -> data [0] == 'z' && packet -> data [9] == 'z', packet -> dataLength);
    enet_packet_destroy (packet);
    printf ("grown lifetime balanced %d\n", mallocs == frees);

    COUNTED ("create empty", packet = enet_packet_create (NULL, 0, 0));
    printf ("empty: data %d length %zu\n", packet -> data != NULL, packet -> dataLength);
    COUNTED ("destroy empty", enet_packet_destroy (packet));

    COUNTED ("create no-allocate", packet = enet_packet_create (adopted, sizeof (adopted), ENET_PACKET_FLAG_NO_ALLOCATE));
    printf ("no-allocate: adopted %d\n", (void *) packet -> data == (void *) adopted);
    COUNTED ("resize no-allocate", printf ("resize %d\n", enet_packet_resize (packet, 1000)));
    printf ("no-allocate resize kept pointer %d length %zu\n", (void *) packet -> data == (void *) adopted, packet -> dataLength);
    COUNTED ("destroy no-allocate", enet_packet_destroy (packet));
    printf ("adopted bytes untouched %d\n", strcmp (adopted, "adopted bytes") == 0);

    COUNTED ("destroy NULL", enet_packet_destroy (NULL));
}

static void test_time (void)
{
    enet_uint32 first, second;
    enet_time_set (1000);
    first = enet_time_get ();
    printf ("time after set in range %d\n", first >= 1000 && first < 1100);
    sleep_ms (30);
    second = enet_time_get ();
    printf ("time advanced %d\n", second - first >= 30 && second - first < 1000);
    enet_time_set (0xFFFFFFF0u);
    sleep_ms (30);
    printf ("time wraps %d\n", enet_time_get () < 1000);
}

typedef struct
{
    ENetListNode node;
    int value;
} Item;

static void print_list (const char * label, ENetList * list)
{
    ENetListIterator position;
    printf ("%s size %zu empty %d:", label, enet_list_size (list), enet_list_empty (list));
    for (position = enet_list_begin (list); position != enet_list_end (list); position = enet_list_next (position))
        printf (" %d", ((Item *) position) -> value);
    if (! enet_list_empty (list))
        printf (" | front %d back %d", ((Item *) enet_list_front (list)) -> value, ((Item *) enet_list_back (list)) -> value);
    printf ("\n");
}

static void test_lists (void)
{
    ENetList list, other;
    Item items [6];
    int i;
    ENetListIterator inserted;

    enet_list_clear (& list);
    enet_list_clear (& other);
    print_list ("cleared", & list);
    for (i = 0; i < 6; ++ i)
    {
        items [i].value = i;
        inserted = enet_list_insert (enet_list_end (& list), & items [i]);
        check (inserted == & items [i].node, "insert returns the node");
    }
    print_list ("appended", & list);
    enet_list_insert (enet_list_begin (& list), enet_list_remove (& items [5].node));
    print_list ("moved 5 to front", & list);
    printf ("remove returns node %d\n", enet_list_remove (& items [2].node) == (void *) & items [2]);
    print_list ("removed 2", & list);
    printf ("move returns first %d\n",
            enet_list_move (enet_list_end (& other), & items [0], & items [3]) == & items [0].node);
    print_list ("source after moving 0..3", & list);
    print_list ("destination", & other);
    printf ("previous of back %d\n", ((Item *) enet_list_previous (enet_list_end (& other))) -> value);
    enet_list_clear (& other);
    print_list ("destination cleared", & other);
}

static void test_crc32 (void)
{
    static const char check_text [] = "123456789";
    enet_uint8 data [3000];
    ENetBuffer buffers [4];
    size_t i;

    buffers [0].data = (void *) check_text;
    buffers [0].dataLength = 9;
    printf ("crc32 check %08x\n", enet_crc32 (buffers, 1));
    buffers [0].dataLength = 4;
    buffers [1].data = (void *) (check_text + 4);
    buffers [1].dataLength = 5;
    printf ("crc32 split 4+5 %08x\n", enet_crc32 (buffers, 2));
    printf ("crc32 no buffers %08x\n", enet_crc32 (buffers, 0));
    buffers [0].dataLength = 0;
    printf ("crc32 empty buffer %08x\n", enet_crc32 (buffers, 1));

    for (i = 0; i < sizeof (data); ++ i)
        data [i] = (enet_uint8) (i * 7 + (i >> 5));
    buffers [0].data = data;
    buffers [0].dataLength = 1;
    buffers [1].data = data + 1;
    buffers [1].dataLength = 1399;
    buffers [2].data = data + 1400;
    buffers [2].dataLength = 0;
    buffers [3].data = data + 1400;
    buffers [3].dataLength = 1600;
    printf ("crc32 four buffers %08x\n", enet_crc32 (buffers, 4));
    buffers [0].dataLength = sizeof (data);
    printf ("crc32 one buffer %08x\n", enet_crc32 (buffers, 1));
}

static void test_addresses (void)
{
    static const char * texts [] = { "127.0.0.1", "255.255.255.255", "10.1.2.3", "1.2.3", "abc", "", "300.1.1.1", "::1" };
    ENetAddress address;
    char name [256];
    size_t i;
    size_t sizes [] = { 1, 9, 10, 16 };

    for (i = 0; i < sizeof (texts) / sizeof (texts [0]); ++ i)
    {
        int result;
        address.host = 0x11111111;
        address.port = 4242;
        result = enet_address_set_host_ip (& address, texts [i]);
        printf ("set_host_ip \"%s\" %d host %08x port %u\n", texts [i], result, address.host, address.port);
    }
    address.port = 7;
    printf ("set_host localhost %d", enet_address_set_host (& address, "localhost"));
    printf (" host %08x port %u\n", address.host, address.port);
    printf ("set_host dotted %d", enet_address_set_host (& address, "10.20.30.40"));
    printf (" host %08x\n", address.host);
    printf ("set_host invalid name %d\n", enet_address_set_host (& address, "no.such.host.invalid"));

    enet_address_set_host_ip (& address, "192.168.100.200");
    printf ("get_host_ip %d \"%s\"\n", enet_address_get_host_ip (& address, name, sizeof (name)), name);
    for (i = 0; i < sizeof (sizes) / sizeof (sizes [0]); ++ i)
        printf ("get_host_ip into %zu bytes %d\n", sizes [i], enet_address_get_host_ip (& address, name, sizes [i]));

    enet_address_set_host_ip (& address, "127.0.0.1");
    name [0] = '\0';
    printf ("get_host 127.0.0.1 %d", enet_address_get_host (& address, name, sizeof (name)));
    printf (" named %d\n", name [0] != '\0');
    printf ("get_host into 1 byte %d\n", enet_address_get_host (& address, name, 1));
}

static ENetSocket udp_socket (ENetAddress * address)
{
    ENetSocket socket = enet_socket_create (ENET_SOCKET_TYPE_DATAGRAM);
    enet_address_set_host_ip (address, "127.0.0.1");
    address -> port = 0;
    check (socket != ENET_SOCKET_NULL, "UDP socket created");
    check (enet_socket_bind (socket, address) == 0, "UDP bind");
    check (enet_socket_get_address (socket, address) == 0, "UDP get_address");
    return socket;
}

static void test_udp (void)
{
    ENetAddress a, b, from, loopback;
    ENetSocket first, second;
    ENetBuffer buffers [3];
    char part1 [] = "gather-", part2 [] = "scatter-", part3 [] = "datagram";
    char head [10], tail [64], big [2000];
    enet_uint32 condition;
    int value = -1, result;
    ENetSocketSet readSet;

    first = udp_socket (& a);
    second = udp_socket (& b);
    enet_address_set_host_ip (& loopback, "127.0.0.1");
    printf ("udp bound to loopback %d port set %d\n", a.host == loopback.host, a.port != 0);
    printf ("set NONBLOCK %d\n", enet_socket_set_option (first, ENET_SOCKOPT_NONBLOCK, 1));
    printf ("set NONBLOCK %d\n", enet_socket_set_option (second, ENET_SOCKOPT_NONBLOCK, 1));
    printf ("set BROADCAST %d\n", enet_socket_set_option (first, ENET_SOCKOPT_BROADCAST, 1));
    printf ("set RCVBUF %d\n", enet_socket_set_option (first, ENET_SOCKOPT_RCVBUF, 65536));
    printf ("set SNDBUF %d\n", enet_socket_set_option (first, ENET_SOCKOPT_SNDBUF, 65536));
    printf ("set REUSEADDR %d\n", enet_socket_set_option (first, ENET_SOCKOPT_REUSEADDR, 1));
    printf ("set RCVTIMEO %d\n", enet_socket_set_option (first, ENET_SOCKOPT_RCVTIMEO, 1500));
    printf ("set SNDTIMEO %d\n", enet_socket_set_option (first, ENET_SOCKOPT_SNDTIMEO, 250));
    printf ("set unknown option %d\n", enet_socket_set_option (first, (ENetSocketOption) 99, 1));
    printf ("get ERROR %d", enet_socket_get_option (first, ENET_SOCKOPT_ERROR, & value));
    printf (" value %d\n", value);
    printf ("get NONBLOCK (not readable) %d\n", enet_socket_get_option (first, ENET_SOCKOPT_NONBLOCK, & value));

    buffers [0].data = part1; buffers [0].dataLength = strlen (part1);
    buffers [1].data = part2; buffers [1].dataLength = strlen (part2);
    buffers [2].data = part3; buffers [2].dataLength = strlen (part3);
    printf ("send gather %d\n", enet_socket_send (first, & b, buffers, 3));
    condition = ENET_SOCKET_WAIT_RECEIVE;
    printf ("wait receive %d", enet_socket_wait (second, & condition, 1000));
    printf (" condition %u\n", condition);
    memset (head, 0, sizeof (head));
    memset (tail, 0, sizeof (tail));
    buffers [0].data = head; buffers [0].dataLength = sizeof (head);
    buffers [1].data = tail; buffers [1].dataLength = sizeof (tail);
    result = enet_socket_receive (second, & from, buffers, 2);
    printf ("receive scatter %d head \"%.10s\" tail \"%s\" from first %d\n", result, head, tail,
            from.host == a.host && from.port == a.port);
    printf ("receive nothing %d\n", enet_socket_receive (second, & from, buffers, 2));

    condition = ENET_SOCKET_WAIT_RECEIVE;
    printf ("wait empty %d", enet_socket_wait (second, & condition, 50));
    printf (" condition %u\n", condition);
    condition = ENET_SOCKET_WAIT_SEND;
    printf ("wait send %d", enet_socket_wait (first, & condition, 1000));
    printf (" condition %u\n", condition);

    memset (big, 'b', sizeof (big));
    buffers [0].data = big; buffers [0].dataLength = sizeof (big);
    printf ("send big %d\n", enet_socket_send (first, & b, buffers, 1));
    condition = ENET_SOCKET_WAIT_RECEIVE;
    enet_socket_wait (second, & condition, 1000);
    buffers [0].data = head; buffers [0].dataLength = sizeof (head);
    result = enet_socket_receive (second, & from, buffers, 1);
    printf ("receive truncated %s\n", result < 0 ? "negative" : "non-negative");

    buffers [0].data = part3; buffers [0].dataLength = strlen (part3);
    enet_socket_send (first, & b, buffers, 1);
    ENET_SOCKETSET_EMPTY (readSet);
    ENET_SOCKETSET_ADD (readSet, second);
    result = enet_socketset_select (second, & readSet, NULL, 1000);
    printf ("select %d readable %d\n", result, ENET_SOCKETSET_CHECK (readSet, second) != 0);
    ENET_SOCKETSET_REMOVE (readSet, second);
    printf ("removed from set %d\n", ENET_SOCKETSET_CHECK (readSet, second) != 0);
    buffers [0].data = tail; buffers [0].dataLength = sizeof (tail);
    printf ("receive after select %d\n", enet_socket_receive (second, NULL, buffers, 1));

    printf ("shutdown udp %d\n", enet_socket_shutdown (first, ENET_SOCKET_SHUTDOWN_READ_WRITE) == 0);
    enet_socket_destroy (first);
    enet_socket_destroy (second);
    enet_socket_destroy (ENET_SOCKET_NULL);
}

static void test_tcp (void)
{
    ENetAddress address, peer, loopback;
    ENetSocket listener, client, accepted;
    ENetBuffer buffer;
    enet_uint32 condition;
    char data [32];
    int value = -1, result;

    listener = enet_socket_create (ENET_SOCKET_TYPE_STREAM);
    check (listener != ENET_SOCKET_NULL, "TCP socket created");
    printf ("tcp REUSEADDR %d\n", enet_socket_set_option (listener, ENET_SOCKOPT_REUSEADDR, 1));
    enet_address_set_host_ip (& address, "127.0.0.1");
    address.port = 0;
    printf ("tcp bind %d\n", enet_socket_bind (listener, & address));
    printf ("tcp get_address %d\n", enet_socket_get_address (listener, & address));
    printf ("tcp listen %d\n", enet_socket_listen (listener, -1));

    client = enet_socket_create (ENET_SOCKET_TYPE_STREAM);
    printf ("tcp client NONBLOCK %d\n", enet_socket_set_option (client, ENET_SOCKOPT_NONBLOCK, 1));
    printf ("tcp NODELAY %d\n", enet_socket_set_option (client, ENET_SOCKOPT_NODELAY, 1));
    printf ("tcp connect %d\n", enet_socket_connect (client, & address));
    condition = ENET_SOCKET_WAIT_SEND;
    printf ("tcp wait connected %d", enet_socket_wait (client, & condition, 1000));
    printf (" condition %u\n", condition);
    accepted = enet_socket_accept (listener, & peer);
    enet_address_set_host_ip (& loopback, "127.0.0.1");
    printf ("tcp accepted %d peer loopback %d port set %d\n", accepted != ENET_SOCKET_NULL, peer.host == loopback.host, peer.port != 0);
    printf ("tcp get ERROR %d", enet_socket_get_option (client, ENET_SOCKOPT_ERROR, & value));
    printf (" value %d\n", value);

    buffer.data = (void *) "stream!";
    buffer.dataLength = 7;
    printf ("tcp send %d\n", enet_socket_send (client, NULL, & buffer, 1));
    condition = ENET_SOCKET_WAIT_RECEIVE;
    enet_socket_wait (accepted, & condition, 1000);
    memset (data, 0, sizeof (data));
    buffer.data = data;
    buffer.dataLength = sizeof (data);
    result = enet_socket_receive (accepted, NULL, & buffer, 1);
    printf ("tcp receive %d \"%s\"\n", result, data);

    printf ("tcp shutdown write %d\n", enet_socket_shutdown (client, ENET_SOCKET_SHUTDOWN_WRITE));
    condition = ENET_SOCKET_WAIT_RECEIVE;
    enet_socket_wait (accepted, & condition, 1000);
    printf ("tcp receive at end of stream %d\n", enet_socket_receive (accepted, NULL, & buffer, 1));

    enet_socket_destroy (accepted);
    enet_socket_destroy (client);
    enet_socket_destroy (listener);
}

int main (void)
{
    test_initialisation ();
    test_packets ();
    test_time ();
    test_lists ();
    test_crc32 ();
    test_addresses ();
    test_udp ();
    test_tcp ();
    enet_deinitialize ();
    return failures == 0 ? 0 : 1;
}
