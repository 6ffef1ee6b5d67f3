'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { enet, destroyAll, once, until, delay, connectedPair } = require('./helpers');

const { PEER_STATE } = enet;
test.afterEach(destroyAll);

test('P2 B13 PE3 disconnect(data): remote gets data, local gets 0, later; chainable', async () => {
  const { clientPeer, serverPeer } = await connectedPair();
  const remote = once(serverPeer, 'disconnect');
  const local = once(clientPeer, 'disconnect');
  let insideCall = true;
  let firedInsideCall = false;
  clientPeer.once('disconnect', () => { firedInsideCall = insideCall; });
  assert.equal(clientPeer.disconnect(77), clientPeer);
  insideCall = false;
  assert.equal(clientPeer.state(), PEER_STATE.DISCONNECTING);
  assert.deepEqual(await remote, [77]);
  assert.deepEqual(await local, [0]);
  assert.equal(firedInsideCall, false, 'the event comes later, from ENet');
  assert.equal(clientPeer.state(), PEER_STATE.DISCONNECTED);
});

test('P3 B13 disconnectNow emits "disconnect" synchronously with undefined; remote sees its data', async () => {
  const { clientPeer, serverPeer } = await connectedPair();
  const remote = once(serverPeer, 'disconnect');
  const seen = [];
  clientPeer.on('disconnect', (...args) => seen.push(args));
  assert.equal(clientPeer.disconnectNow(5), clientPeer);
  assert.deepEqual(seen, [[undefined]]);
  assert.equal(clientPeer.state(), PEER_STATE.DISCONNECTED);
  assert.deepEqual(await remote, [5]);
  clientPeer.disconnectNow(); // dead peer: no second event
  assert.equal(seen.length, 1);
});

test('P4 B13 disconnectLater delivers queued data first, then disconnects with the data', async () => {
  const { clientPeer, serverPeer } = await connectedPair();
  const received = [];
  serverPeer.on('message', (packet) => received.push(packet.data().toString()));
  const remote = once(serverPeer, 'disconnect');
  for (let i = 0; i < 5; i++) clientPeer.send(0, `m${i}`);
  assert.equal(clientPeer.disconnectLater(9), clientPeer);
  assert.equal(clientPeer.state(), PEER_STATE.DISCONNECT_LATER);
  assert.equal(clientPeer.send(0, 'too late'), true, 'no new sends while disconnecting later');
  assert.deepEqual(await remote, [9]);
  assert.deepEqual(received, ['m0', 'm1', 'm2', 'm3', 'm4']);
});

test('P5 reset drops the peer silently: no local event, chainable; the remote times out', async () => {
  const { clientPeer, serverPeer } = await connectedPair();
  serverPeer.timeout(1, 100, 300);
  let localEvents = 0;
  clientPeer.on('disconnect', () => localEvents++);
  const remote = once(serverPeer, 'disconnect', 8000);
  assert.equal(clientPeer.reset(), clientPeer);
  assert.equal(clientPeer.state(), PEER_STATE.DISCONNECTED);
  assert.equal(clientPeer._host.peers().length, 0);
  serverPeer.ping(); // forces traffic the reset client will never acknowledge
  await remote;
  assert.equal(localEvents, 0);
});

test('P6 ping is chainable and produces a round trip', async () => {
  const { clientPeer } = await connectedPair();
  const before = clientPeer.outgoingDataTotal();
  assert.equal(clientPeer.ping(), clientPeer);
  await until(() => clientPeer.outgoingDataTotal() > before, 3000, 'the ping to go out');
});

test('P7 state() follows the connection and reads 0 once the peer is dead', async () => {
  const { clientPeer } = await connectedPair();
  assert.equal(clientPeer.state(), PEER_STATE.CONNECTED);
  clientPeer.disconnectNow();
  assert.equal(clientPeer.state(), PEER_STATE.DISCONNECTED);
  assert.equal(clientPeer.incomingDataTotal(), 0);
  assert.equal(clientPeer.outgoingDataTotal(), 0);
  assert.equal(clientPeer.reliableDataInTransit(), 0);
});

test('P8 address() keeps answering after the peer is gone', async () => {
  const { serverHost, clientPeer } = await connectedPair();
  const expected = { address: '127.0.0.1', port: serverHost.address().port };
  clientPeer.disconnectNow();
  assert.deepEqual(clientPeer.address(), expected);
});

test('B14 H5 destroy: send callbacks, then peer "disconnect" 0, then "destroy"; idempotent', async () => {
  const { clientHost, clientPeer, serverPeer } = await connectedPair();
  const order = [];
  clientPeer.send(0, 'pending', (status) => order.push(['send', status]));
  clientPeer.on('disconnect', (data) => order.push(['disconnect', data]));
  clientHost.on('destroy', () => order.push(['destroy']));
  const remote = once(serverPeer, 'disconnect');
  clientHost.destroy();
  clientHost.destroy();
  assert.deepEqual(order, [['send', 'packet-not-delivered'], ['disconnect', 0], ['destroy']]);
  await remote; // disconnect_now told the server
  assert.equal(clientPeer.state(), PEER_STATE.DISCONNECTED);
});

test('destroying a host from inside its own event listener is safe', async () => {
  const { serverHost, clientPeer, serverPeer } = await connectedPair();
  const destroyed = once(serverHost, 'destroy');
  serverPeer.on('message', () => serverHost.destroy());
  clientPeer.send(0, 'one');
  clientPeer.send(0, 'two');
  await destroyed;
  await delay(30);
  assert.equal(serverHost.isOffline(), true);
});

test('a connecting peer fails with "failed" when its host is destroyed', async () => {
  const { clientHost } = await connectedPair();
  const errors = [];
  clientHost.connect('127.0.0.1:9', 1, 0, (err) => errors.push(err && err.message));
  clientHost.destroy();
  assert.deepEqual(errors, ['failed']);
});
