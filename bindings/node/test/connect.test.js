'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const dgram = require('node:dgram');
const {
  enet, LOOPBACK, destroyAll, server, client, once, until, delay, callbackPromise, connectedPair,
} = require('./helpers');

test.afterEach(destroyAll);

test('H1 connect returns a CONNECTING Peer and calls back (undefined, peer) on connect', async () => {
  const serverHost = await server();
  const clientHost = await client();
  const { callback, promise } = callbackPromise();
  const peer = clientHost.connect(`${LOOPBACK}:${serverHost.address().port}`, 2, 1337, callback);
  assert.ok(peer instanceof enet.Peer);
  assert.equal(peer.state(), enet.PEER_STATE.CONNECTING);
  const [err, same] = await promise;
  assert.equal(err, undefined);
  assert.equal(same, peer);
  assert.equal(peer.state(), enet.PEER_STATE.CONNECTED);
});

test('B12 HE1 PE1 connect events: peer "connect" then host "connect"(peer, undefined, true); incoming gets the data', async () => {
  const serverHost = await server();
  const clientHost = await client();
  const order = [];
  const incoming = once(serverHost, 'connect');
  clientHost.on('connect', (peer, data, outgoing) => order.push(['host', peer, data, outgoing]));
  const peer = clientHost.connect({ address: LOOPBACK, port: serverHost.address().port }, 3, 0xfeedbeef);
  peer.on('connect', (...args) => order.push(['peer', args.length]));
  const [remotePeer, data, outgoing] = await incoming;
  assert.equal(data, 0xfeedbeef);
  assert.equal(outgoing, false);
  assert.ok(remotePeer instanceof enet.Peer);
  await until(() => order.length === 2, 3000, 'client connect events');
  assert.deepEqual(order[0], ['peer', 0]);
  assert.deepEqual(order[1], ['host', peer, undefined, true]);
});

test('B5 connect failure: callback Error("failed") and peer "disconnect" after ENet gives up', async () => {
  const silent = dgram.createSocket('udp4'); // swallows the CONNECT datagrams
  await new Promise((resolve) => silent.bind(0, LOOPBACK, resolve));
  try {
    const clientHost = await client();
    const { callback, promise } = callbackPromise(8000);
    const peer = clientHost.connect({ address: LOOPBACK, port: silent.address().port }, 1, 0, callback);
    peer.timeout(1, 100, 300); // ENet's default gives up after ~30 s
    const disconnected = once(peer, 'disconnect', 8000);
    const [err] = await promise;
    assert.ok(err instanceof Error);
    assert.equal(err.message, 'failed');
    await disconnected;
    assert.equal(peer.state(), enet.PEER_STATE.DISCONNECTED);
  } finally {
    silent.close();
  }
});

test('B6 no free peer slot: connect returns undefined and calls back Error("maxpeers") asynchronously', async () => {
  const serverHost = await server();
  const clientHost = await client({ peers: 1 });
  const port = serverHost.address().port;
  assert.ok(clientHost.connect({ address: LOOPBACK, port }));
  let synchronous = true;
  const { callback, promise } = callbackPromise();
  const second = clientHost.connect({ address: LOOPBACK, port }, 1, 0, (...args) => {
    assert.equal(synchronous, false, 'maxpeers must be reported asynchronously');
    callback(...args);
  });
  synchronous = false;
  assert.equal(second, undefined);
  const [err] = await promise;
  assert.equal(err.message, 'maxpeers');
});

test('B7 connect on a destroyed host: undefined and a synchronous Error("host-destroyed")', async () => {
  const clientHost = await client();
  clientHost.destroy();
  const calls = [];
  assert.equal(clientHost.connect('127.0.0.1:9', 1, 0, (err) => calls.push(err.message)), undefined);
  assert.deepEqual(calls, ['host-destroyed']);
});

test('B15 H3 polling: connect starts the client timer; a server does nothing until start()', async () => {
  const { callback, promise } = callbackPromise();
  const serverHost = enet.createServer({ address: '127.0.0.1:0' }, callback);
  require('./helpers').remember(serverHost);
  await promise;
  const clientHost = await client();
  assert.equal(clientHost._timer, null);
  const peer = clientHost.connect({ address: LOOPBACK, port: serverHost.address().port });
  assert.notEqual(clientHost._timer, null, 'connect must start polling (firstStart)');
  const timer = clientHost._timer;
  clientHost.firstStart();
  assert.equal(clientHost._timer, timer, 'firstStart keeps a running timer');
  await delay(300);
  assert.notEqual(peer.state(), enet.PEER_STATE.CONNECTED, 'an unserviced server cannot answer');
  const connected = once(peer, 'connect');
  serverHost.start(5);
  await connected;
});

test('H2 start() replaces the previous interval; H4 stop() destroys the host', async () => {
  const serverHost = await server();
  const first = serverHost._timer;
  serverHost.start(20);
  assert.notEqual(serverHost._timer, first);
  const destroyed = once(serverHost, 'destroy');
  serverHost.stop();
  await destroyed;
  assert.equal(serverHost.isOffline(), true);
  assert.equal(serverHost._timer, null);
  serverHost.start(); // harmless on a destroyed host
  assert.equal(serverHost._timer, null);
});

test('H11 peers() and H17 connectedPeers track incoming and outgoing peers', async () => {
  const { serverHost, clientHost, clientPeer, serverPeer } = await connectedPair();
  assert.deepEqual(clientHost.peers(), [clientPeer]);
  assert.deepEqual(serverHost.peers(), [serverPeer]);
  const keys = Object.keys(serverHost.connectedPeers);
  assert.equal(keys.length, 1);
  assert.equal(serverHost.connectedPeers[keys[0]], serverPeer);
  const gone = once(serverPeer, 'disconnect');
  clientPeer.disconnect();
  await gone;
  assert.deepEqual(serverHost.peers(), []);
  await until(() => clientHost.peers().length === 0, 3000, 'client to forget the peer');
});

test('H9 address() and H10 receivedAddress() report the sockets involved', async () => {
  const { serverHost, clientHost, serverPeer } = await connectedPair();
  const clientAddress = clientHost.address();
  assert.equal(clientAddress.family, 'IPv4');
  assert.ok(clientAddress.port > 0, 'the client socket is bound once it sent');
  assert.deepEqual(serverHost.receivedAddress(), { address: LOOPBACK, port: clientAddress.port });
  assert.deepEqual(serverPeer.address(), { address: LOOPBACK, port: clientAddress.port });
  assert.deepEqual(clientHost.receivedAddress(), { address: LOOPBACK, port: serverHost.address().port });
});

test('connect accepts an Address object and the callback in place of channels or data', async () => {
  const serverHost = await server();
  const clientHost = await client();
  const { callback, promise } = callbackPromise();
  clientHost.connect(new enet.Address(LOOPBACK, serverHost.address().port), callback);
  const [err, peer] = await promise;
  assert.equal(err, undefined);
  assert.equal(peer.state(), enet.PEER_STATE.CONNECTED);
});
