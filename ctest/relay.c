/*
 * relay.c: an impairing UDP relay on 127.0.0.1 for the cross-check harness.
 *
 *   relay SERVER_PORTFILE RELAY_PORTFILE SEED LOSS DUPLICATE MAX_DELAY_MS SECONDS
 *
 * Datagrams from clients go to the server's port, the server's replies go
 * back to the client they answer. Each datagram is dropped with probability
 * LOSS %, duplicated with probability DUPLICATE %, and delayed by a random
 * 0..MAX_DELAY_MS (which reorders). Deterministic for a given SEED and input
 * order. It exits after SECONDS.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_HELD 4096
#define MAX_DATAGRAM 4096

typedef struct
{
    long long due;
    int socket;
    struct sockaddr_in to;
    size_t length;
    unsigned char data [MAX_DATAGRAM];
} Held;

static Held held [MAX_HELD];
static int heldCount = 0;
static unsigned long long state;

static unsigned long long next_random (void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static long long now_ms (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, & ts);
    return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static unsigned read_port (const char * file)
{
    unsigned port = 0;
    int tries;
    for (tries = 0; tries < 250 && port == 0; ++ tries)
    {
        FILE * in = fopen (file, "r");
        struct timespec pause = { 0, 20000000L };
        if (in != NULL)
        {
            if (fscanf (in, "%u", & port) != 1)
                port = 0;
            fclose (in);
        }
        if (port == 0)
            nanosleep (& pause, NULL);
    }
    return port;
}

/* Queues a datagram with the relay's impairments. */
static void impair (int socket, const struct sockaddr_in * to, const unsigned char * data, size_t length,
                    unsigned loss, unsigned duplicate, unsigned maxDelay)
{
    int copies = 1, i;
    if (next_random () % 100 < loss)
        return;
    if (next_random () % 100 < duplicate)
        copies = 2;
    for (i = 0; i < copies && heldCount < MAX_HELD; ++ i)
    {
        Held * h = & held [heldCount ++];
        h -> due = now_ms () + (maxDelay ? (long long) (next_random () % (maxDelay + 1)) : 0);
        h -> socket = socket;
        h -> to = * to;
        h -> length = length;
        memcpy (h -> data, data, length);
    }
}

int main (int argc, char ** argv)
{
    struct sockaddr_in server, relay, client, from;
    int serverSide, clientSide, i;
    unsigned loss, duplicate, maxDelay;
    long long end;
    FILE * out;
    socklen_t length;
    int haveClient = 0;

    if (argc != 8)
    {
        fprintf (stderr, "usage: relay SERVER_PORTFILE RELAY_PORTFILE SEED LOSS DUPLICATE MAX_DELAY_MS SECONDS\n");
        return 2;
    }
    state = strtoull (argv [3], NULL, 10) * 0x9E3779B97F4A7C15ull | 1;
    loss = (unsigned) atoi (argv [4]);
    duplicate = (unsigned) atoi (argv [5]);
    maxDelay = (unsigned) atoi (argv [6]);
    end = now_ms () + atoi (argv [7]) * 1000LL;

    memset (& server, 0, sizeof (server));
    server.sin_family = AF_INET;
    server.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    server.sin_port = htons ((unsigned short) read_port (argv [1]));
    /* One socket faces the clients, one faces the server. */
    clientSide = socket (AF_INET, SOCK_DGRAM, 0);
    serverSide = socket (AF_INET, SOCK_DGRAM, 0);
    memset (& relay, 0, sizeof (relay));
    relay.sin_family = AF_INET;
    relay.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    if (bind (clientSide, (struct sockaddr *) & relay, sizeof (relay)) < 0 ||
        bind (serverSide, (struct sockaddr *) & relay, sizeof (relay)) < 0)
        return 1;
    length = sizeof (relay);
    getsockname (clientSide, (struct sockaddr *) & relay, & length);
    out = fopen (argv [2], "w");
    fprintf (out, "%u\n", ntohs (relay.sin_port));
    fclose (out);

    while (now_ms () < end)
    {
        struct pollfd fds [2] = { { clientSide, POLLIN, 0 }, { serverSide, POLLIN, 0 } };
        long long soonest = end, t = now_ms ();
        unsigned char data [MAX_DATAGRAM];
        for (i = 0; i < heldCount; ++ i)
            if (held [i].due < soonest)
                soonest = held [i].due;
        poll (fds, 2, soonest > t ? (int) (soonest - t) : 0);
        if (fds [0].revents & POLLIN)
        {
            ssize_t n;
            length = sizeof (from);
            n = recvfrom (clientSide, data, sizeof (data), 0, (struct sockaddr *) & from, & length);
            if (n > 0)
            {
                client = from;
                haveClient = 1;
                impair (serverSide, & server, data, (size_t) n, loss, duplicate, maxDelay);
            }
        }
        if (fds [1].revents & POLLIN)
        {
            ssize_t n;
            length = sizeof (from);
            n = recvfrom (serverSide, data, sizeof (data), 0, (struct sockaddr *) & from, & length);
            if (n > 0 && haveClient)
                impair (clientSide, & client, data, (size_t) n, loss, duplicate, maxDelay);
        }
        t = now_ms ();
        for (i = 0; i < heldCount; )
            if (held [i].due <= t)
            {
                sendto (held [i].socket, held [i].data, held [i].length, 0, (struct sockaddr *) & held [i].to, sizeof (held [i].to));
                held [i] = held [-- heldCount];
            }
            else
                ++ i;
    }
    return 0;
}
