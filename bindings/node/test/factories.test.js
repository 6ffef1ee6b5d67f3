'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const dgram = require('node:dgram');
const native = require('../lib/native');
const L = require('../lib/layout');
const { enet, destroyAll, remember, callbackPromise, once } = require('./helpers');

test.afterEach(destroyAll);

test('B1 M2 createServer returns the Host at once and calls back asynchronously', async () => {
  let called = false;
  const { callback, promise } = callbackPromise();
  const host = remember(enet.createServer({ address: '127.0.0.1:0' }, (...args) => { called = true; callback(...args); }));
  assert.ok(host instanceof enet.Host);
  assert.equal(called, false, 'callback must not run synchronously');
  const [err, same] = await promise;
  assert.equal(err, undefined);
  assert.equal(same, host);
  assert.equal(host.address().address, '127.0.0.1');
  assert.ok(host.address().port > 0);
});

test('B1 a bind failure calls back with an Error whose code is EADDRINUSE; the host is dead', async () => {
  const socket = dgram.createSocket('udp4');
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  try {
    const { callback, promise } = callbackPromise();
    const host = enet.createServer({ address: { address: '127.0.0.1', port } }, callback);
    const [err] = await promise;
    assert.ok(err instanceof Error);
    assert.equal(err.code, 'EADDRINUSE');
    assert.match(err.message, new RegExp(`bind EADDRINUSE 127\\.0\\.0\\.1:${port}`));
    assert.equal(host.isOffline(), true);
    assert.equal(host.address(), undefined);
  } finally {
    socket.close();
  }
});

test('B2 M3 createClient calls back on a later tick with an unbound host', async () => {
  let called = false;
  const { callback, promise } = callbackPromise();
  const host = remember(enet.createClient((...args) => { called = true; callback(...args); }));
  assert.equal(called, false);
  const [err, same] = await promise;
  assert.equal(err, undefined);
  assert.equal(same, host);
  assert.equal(host.address().port, 0, 'a client is not bound until it first sends');
});

test('B3 ENet creation failure: synchronous string callback, factory returns undefined', () => {
  const calls = [];
  const result = enet.createServer({ address: '127.0.0.1:0', peers: 5000 }, (...args) => calls.push(args));
  assert.equal(result, undefined);
  assert.deepEqual(calls, [['failed to create ENet host']]);
  const clientCalls = [];
  assert.equal(enet.createClient({ peers: 5000 }, (...args) => clientCalls.push(args)), undefined);
  assert.deepEqual(clientCalls, [['failed to create ENet host']]);
});

test('B4 defaults: 128 peers, 5 channels, unlimited bandwidth, bound to 0.0.0.0', async () => {
  const { callback, promise } = callbackPromise();
  const host = remember(enet.createServer(callback));
  await promise;
  const ptr = host._ptr;
  assert.equal(native.read.size(ptr, L.HOST.peerCount), 128);
  assert.equal(native.read.size(ptr, L.HOST.channelLimit), 5);
  assert.equal(native.read.u32(ptr, L.HOST.incomingBandwidth), 0);
  assert.equal(native.read.u32(ptr, L.HOST.outgoingBandwidth), 0);
  assert.equal(host.address().address, '0.0.0.0');
  assert.ok(host.address().port > 0);
});

test('B4 options are passed to enet_host_create (peers, channels, down, up, address forms)', async () => {
  const { callback, promise } = callbackPromise();
  const host = remember(enet.createServer({
    address: new enet.Address('127.0.0.1', 0), peers: 3, channels: 2, down: 57600 / 8, up: 14400 / 8,
  }, callback));
  await promise;
  assert.equal(native.read.size(host._ptr, L.HOST.peerCount), 3);
  assert.equal(native.read.size(host._ptr, L.HOST.channelLimit), 2);
  assert.equal(native.read.u32(host._ptr, L.HOST.incomingBandwidth), 7200);
  assert.equal(native.read.u32(host._ptr, L.HOST.outgoingBandwidth), 1800);
  const port = host.address().port;
  host.destroy();
  // the seed's examples pass the port as a string
  const again = callbackPromise();
  const second = remember(enet.createServer({ address: { address: '127.0.0.1', port: String(port) } }, again.callback));
  const [err] = await again.promise;
  assert.equal(err, undefined);
  assert.equal(second.address().port, port);
});

test('M4 createServerFromSocket answers with a documented ERR_ENET_UNSUPPORTED error', async () => {
  const socket = dgram.createSocket('udp4');
  try {
    const { callback, promise } = callbackPromise();
    let synchronous = true;
    const result = enet.createServerFromSocket({ socket }, (...args) => { assert.equal(synchronous, false); callback(...args); });
    synchronous = false;
    assert.equal(result, undefined);
    const [err] = await promise;
    assert.equal(err.code, 'ERR_ENET_UNSUPPORTED');
    assert.match(err.message, /not supported/);
  } finally {
    socket.close();
  }
});

test('HE4 destroy emits "destroy" once; H15 H16 online/offline', async () => {
  const { callback, promise } = callbackPromise();
  const host = remember(enet.createServer({ address: '127.0.0.1:0' }, callback));
  await promise;
  assert.equal(host.isOnline(), true);
  assert.equal(host.isOffline(), false);
  const destroyed = once(host, 'destroy');
  let count = 0;
  host.on('destroy', () => count++);
  host.destroy();
  await destroyed;
  host.destroy();
  assert.equal(count, 1);
  assert.equal(host.isOnline(), false);
  assert.equal(host.isOffline(), true);
  assert.equal(host.address(), undefined);
  assert.equal(host.receivedAddress(), undefined);
});
