"""A third-party binary on our library: Debian's pyenet (python3-enet), whose
compiled module is linked against libenet.so.7, run unchanged with our
library first on LD_LIBRARY_PATH. It checks which libenet the process
actually loaded, then runs a server and a client host in one process:
connect with data, reliable messages both ways, host checksum through
enet_crc32, the range coder, peer statistics, and a graceful disconnect.

Usage: python3 third_party_pyenet.py EXPECTED_LIBRARY_DIR
"""
import os
import sys
import time

import enet

expected_dir = os.path.realpath(sys.argv[1])
loaded = set()
with open("/proc/self/maps") as maps:
    for line in maps:
        path = line.split()[-1]
        if "libenet.so" in path:
            loaded.add(os.path.realpath(path))
assert loaded and all(path.startswith(expected_dir) for path in loaded), f"loaded {loaded}, expected {expected_dir}"

server = enet.Host(enet.Address(b"127.0.0.1", 0), 4, 2, 0, 0)
client = enet.Host(None, 1, 2, 0, 0)
for host in (server, client):
    host.checksum = enet.ENET_CRC32
    host.compress_with_range_coder()
port = server.address.port
assert port != 0
peer = client.connect(enet.Address(b"127.0.0.1", port), 2, 77)

events = []
deadline = time.time() + 10
echoed = []
sent = False
while time.time() < deadline and len(echoed) < 20:
    for host, side in ((server, "server"), (client, "client")):
        event = host.service(5)
        while event is not None and event.type != enet.EVENT_TYPE_NONE:
            if event.type == enet.EVENT_TYPE_CONNECT:
                events.append((side, "connect", event.data))
                if side == "client" and not sent:
                    for i in range(20):
                        peer.send(i % 2, enet.Packet(b"message %d" % i, enet.PACKET_FLAG_RELIABLE))
                    sent = True
            elif event.type == enet.EVENT_TYPE_RECEIVE:
                if side == "server":
                    event.peer.send(event.channelID, enet.Packet(event.packet.data.upper(), enet.PACKET_FLAG_RELIABLE))
                else:
                    echoed.append(event.packet.data)
            event = host.check_events()

assert ("server", "connect", 77) in events, events
assert ("client", "connect", 0) in events, events
by_channel = [[m for m in echoed if int(m.split()[1]) % 2 == c] for c in (0, 1)]
for channel, messages in enumerate(by_channel):
    expected = [b"MESSAGE %d" % i for i in range(20) if i % 2 == channel]
    assert messages == expected, (channel, messages)
assert peer.roundTripTime > 0 and peer.state == enet.PEER_STATE_CONNECTED
assert server.totalReceivedData > 0 and client.totalSentPackets > 0

peer.disconnect(5)
disconnected = {}
deadline = time.time() + 5
while time.time() < deadline and len(disconnected) < 2:
    for host, side in ((server, "server"), (client, "client")):
        event = host.service(5)
        if event is not None and event.type == enet.EVENT_TYPE_DISCONNECT:
            disconnected[side] = event.data
assert disconnected == {"server": 5, "client": 0}, disconnected
print(f"pyenet on {sorted(loaded)}: connect, 20 echoes in order, crc32 + range coder, disconnect: ok")
