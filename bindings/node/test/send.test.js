'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const registry = require('../lib/packet-registry');
const { enet, destroyAll, once, until, delay, callbackPromise, connectedPair, client } = require('./helpers');

test.afterEach(destroyAll);

test('P1 B9 send returns false and calls back undefined once a reliable packet is acknowledged', async () => {
  const { clientPeer, serverPeer } = await connectedPair();
  const received = once(serverPeer, 'message');
  const { callback, promise } = callbackPromise();
  assert.equal(clientPeer.send(1, 'hello', callback), false);
  const [packet, channel] = await received;
  assert.equal(channel, 1);
  assert.deepEqual(await promise, [undefined]);
  assert.equal(packet.dataLength(), 0, 'the received packet is gone once the listeners returned');
});

test('B9 an unreliable packet calls back undefined once transmitted', async () => {
  const { clientPeer, serverPeer } = await connectedPair();
  const received = once(serverPeer, 'message');
  const { callback, promise } = callbackPromise();
  const packet = new enet.Packet('unreliable');
  assert.equal(clientPeer.send(0, packet, callback), false);
  assert.deepEqual(await promise, [undefined]);
  const [incoming] = await received;
  assert.equal(incoming.dataLength(), 0);
  assert.equal(packet.data(), undefined, 'a sent Packet is detached once ENet frees it');
});

test('B9 queued packets dropped by disconnectNow call back "packet-not-delivered"', async () => {
  const { clientPeer } = await connectedPair();
  const results = [];
  clientPeer.send(0, 'never flushed', (status) => results.push(status));
  clientPeer.disconnectNow();
  assert.deepEqual(results, ['packet-not-delivered']);
});

test('B8 send errors: host-destroyed, Peer is disconnected, null packet, Packet not queued (return true, sync callback)', async () => {
  const { clientHost, clientPeer, serverPeer } = await connectedPair({ channels: 2 });
  const errors = [];
  const record = (err) => errors.push(err && err.message);

  const destroyed = new enet.Packet('x');
  destroyed.destroy();
  assert.equal(clientPeer.send(0, destroyed, record), true);
  assert.equal(clientPeer.send(0, 42, record), true);
  const before = registry.queuedCount();
  assert.equal(clientPeer.send(2, 'channel out of range', record), true);
  assert.equal(clientPeer.send(300, 'channel not a byte', record), true);
  assert.equal(registry.queuedCount(), before, 'a refused packet is not left registered');
  const refused = new enet.Packet('mine', enet.PACKET_FLAG.RELIABLE);
  assert.equal(clientPeer.send(5, refused, record), true);
  assert.equal(refused.data().toString(), 'mine', 'a refused Packet still belongs to the caller');
  refused.destroy();

  const gone = once(serverPeer, 'disconnect');
  clientPeer.disconnectNow();
  assert.equal(clientPeer.send(0, 'late', record), true);
  await gone;
  clientHost.destroy();
  assert.equal(clientPeer.send(0, 'later', record), true);
  assert.deepEqual(errors, [
    'null packet', 'null packet', 'Packet not queued', 'Packet not queued', 'Packet not queued',
    'Peer is disconnected', 'host-destroyed',
  ]);
});

test('send on a peer that is still connecting is refused ("Packet not queued")', async () => {
  const clientHost = await client();
  const peer = clientHost.connect('127.0.0.1:9', 1);
  const { callback, promise } = callbackPromise();
  assert.equal(peer.send(0, 'too early', callback), true);
  assert.equal((await promise)[0].message, 'Packet not queued');
});

test('B10 Buffer and string sends are reliable, new Packet() is not', async () => {
  const { clientPeer, serverPeer } = await connectedPair();
  const flags = [];
  serverPeer.on('message', (packet) => flags.push([packet.data().toString(), packet.flags() & enet.PACKET_FLAG.RELIABLE]));
  clientPeer.send(0, 'string');
  clientPeer.send(0, Buffer.from('buffer'));
  clientPeer.send(1, new enet.Packet('packet'));
  clientPeer.send(1, new enet.Packet('reliable packet', enet.PACKET_FLAG.RELIABLE));
  await until(() => flags.length === 4, 3000, 'four messages');
  flags.sort();
  assert.deepEqual(flags, [['buffer', 1], ['packet', 0], ['reliable packet', 1], ['string', 1]]);
});

test('B11 HE2 PE2 host "message" then peer "message"; the packet is invalidated after the emit', async () => {
  const { serverHost, clientPeer, serverPeer } = await connectedPair();
  const order = [];
  let kept;
  serverHost.on('message', (peer, packet, channel) => {
    order.push(['host', peer === serverPeer, packet.data().toString(), channel]);
    kept = packet;
  });
  serverPeer.on('message', (packet, channel) => order.push(['peer', packet === kept, channel]));
  clientPeer.send(1, 'payload');
  await until(() => order.length === 2, 3000, 'both message events');
  assert.deepEqual(order, [['host', true, 'payload', 1], ['peer', true, 1]]);
  assert.equal(kept.data(), undefined);
  assert.equal(kept.dataLength(), 0);
  assert.equal(kept.flags(), 0);
  kept.destroy(); // must not double-free
});

test('a received packet can be forwarded from inside the listener', async () => {
  const { clientPeer, serverPeer } = await connectedPair();
  let forwarded;
  serverPeer.on('message', (packet) => {
    serverPeer.send(0, packet);
    forwarded = packet;
  });
  const texts = [];
  clientPeer.on('message', (packet) => texts.push(packet.data().toString()));
  clientPeer.send(0, 'echo me');
  await until(() => texts.length === 1, 3000, 'the echo');
  assert.deepEqual(texts, ['echo me']);
  assert.equal(forwarded.data(), undefined, 'the forwarded wrapper is invalidated too');
});

test('H7 broadcast reaches every connected peer; a Buffer becomes reliable; strings are refused', async () => {
  const { serverHost, clientHost, clientPeer } = await connectedPair();
  const second = await client();
  const { callback, promise } = callbackPromise();
  const otherPeer = second.connect({ address: '127.0.0.1', port: serverHost.address().port }, 2, 0, callback);
  await promise;
  await until(() => serverHost.peers().length === 2, 3000, 'two server peers');
  const got = [];
  clientPeer.on('message', (packet, channel) => got.push(['one', packet.data().toString(), channel, packet.flags() & 1]));
  otherPeer.on('message', (packet, channel) => got.push(['two', packet.data().toString(), channel, packet.flags() & 1]));
  serverHost.broadcast(1, Buffer.from('to all'));
  serverHost.broadcast(0, new enet.Packet('unreliable to all'));
  assert.throws(() => serverHost.broadcast(0, 'text'), TypeError);
  await until(() => got.length === 4, 3000, 'four deliveries');
  got.sort();
  assert.deepEqual(got, [
    ['one', 'to all', 1, 1], ['one', 'unreliable to all', 0, 0],
    ['two', 'to all', 1, 1], ['two', 'unreliable to all', 0, 0],
  ]);
  assert.ok(clientHost.isOnline());
});

test('H7 broadcast with no connected peer frees the packet (wrapper detached)', async () => {
  const clientHost = await client();
  const packet = new enet.Packet('nobody listens');
  clientHost.broadcast(0, packet);
  assert.equal(packet.data(), undefined);
});

test('H6 flush() sends queued packets without a service call', async () => {
  const { clientHost, clientPeer, serverPeer } = await connectedPair();
  clearInterval(clientHost._timer); // only flush() may send now
  clientHost._timer = null;
  const received = once(serverPeer, 'message');
  clientPeer.send(0, 'flushed');
  await delay(50);
  clientHost.flush();
  const [packet] = await received;
  assert.equal(packet.dataLength(), 0);
});

test('P9 P10 P11 incoming/outgoing totals and reliableDataInTransit', async () => {
  const { serverHost, clientPeer, serverPeer } = await connectedPair();
  clearInterval(serverHost._timer); // no acknowledgements while the server sleeps
  serverHost._timer = null;
  const before = clientPeer.outgoingDataTotal();
  clientPeer.send(0, Buffer.alloc(1000, 1));
  clientPeer._host.flush();
  assert.ok(clientPeer.reliableDataInTransit() >= 1000, `in transit: ${clientPeer.reliableDataInTransit()}`);
  assert.ok(clientPeer.outgoingDataTotal() >= before + 1000);
  serverHost.start(2);
  await until(() => clientPeer.reliableDataInTransit() === 0, 3000, 'the acknowledgement');
  assert.ok(serverPeer.incomingDataTotal() >= 1000);
});

test('large reliable messages are fragmented and reassembled', async () => {
  const { clientPeer, serverPeer } = await connectedPair();
  const big = Buffer.alloc(200 * 1024);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 0xff;
  const received = once(serverPeer, 'message', 5000);
  const { callback, promise } = callbackPromise(5000);
  clientPeer.send(0, big, callback);
  const [packet] = await received;
  assert.deepEqual(await promise, [undefined]);
  assert.equal(packet.dataLength(), 0);
  const copies = [];
  serverPeer.on('message', (p) => copies.push(p.data()));
  clientPeer.send(0, big);
  await until(() => copies.length === 1, 5000, 'second copy');
  assert.ok(copies[0].equals(big));
});

test('K5 received flags follow upstream: unsequenced 2, oversized unreliable goes reliable, UNRELIABLE_FRAGMENT 8', async () => {
  const { clientPeer, serverPeer } = await connectedPair();
  const seen = [];
  serverPeer.on('message', (packet, channel) => seen.push([packet.data().length, packet.flags(), channel]));
  clientPeer.send(1, new enet.Packet('u', enet.PACKET_FLAG.UNSEQUENCED));
  await until(() => seen.length === 1, 3000, 'the unsequenced packet');
  clientPeer.send(1, new enet.Packet(Buffer.alloc(3000), 0));
  await until(() => seen.length === 2, 3000, 'the oversized unreliable packet');
  clientPeer.send(1, new enet.Packet(Buffer.alloc(3000), enet.PACKET_FLAG.UNRELIABLE_FRAGMENT));
  await until(() => seen.length === 3, 3000, 'the unreliable fragments');
  assert.deepEqual(seen, [[1, 2, 1], [3000, 1, 1], [3000, 8, 1]]);
});

test('P11 reliableDataInTransit counts exactly the unacknowledged payload bytes', async () => {
  const { serverHost, clientHost, clientPeer } = await connectedPair();
  clearInterval(serverHost._timer);
  serverHost._timer = null;
  clientPeer.send(0, Buffer.alloc(1000, 1));
  clientHost.flush();
  assert.equal(clientPeer.reliableDataInTransit(), 1000);
  clientPeer.send(0, Buffer.alloc(5000, 2)); // fragmented
  clientHost.flush();
  assert.equal(clientPeer.reliableDataInTransit(), 6000);
  serverHost.start(2);
  await until(() => clientPeer.reliableDataInTransit() === 0, 3000, 'all acknowledgements');
});
