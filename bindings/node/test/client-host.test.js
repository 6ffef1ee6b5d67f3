'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const native = require('../lib/native');
const L = require('../lib/layout');
const { LOOPBACK, destroyAll, client, delay, callbackPromise, connectedPair } = require('./helpers');

test.afterEach(destroyAll);

test('B18 a client host refuses incoming connections: the connector times out, the client emits nothing', async () => {
  const { clientHost } = await connectedPair(); // the client's socket is now bound
  const clientPort = clientHost.address().port;
  const connects = [];
  clientHost.on('connect', (peer, data, outgoing) => connects.push(outgoing));
  let intruderConnected = false;
  const intruder = await client();
  const { callback, promise } = callbackPromise(8000);
  const peer = intruder.connect({ address: LOOPBACK, port: clientPort }, 1, 0, callback);
  peer.on('connect', () => { intruderConnected = true; });
  peer.timeout(1, 200, 1000);
  const [err] = await promise;
  assert.equal(err.message, 'failed');
  await delay(20);
  assert.deepEqual(connects, []);
  assert.equal(intruderConnected, false, 'the request got no answer at all');
  assert.equal(clientHost.peers().length, 1);
});

async function bytesSentFor(payload, compress) {
  const { clientHost, clientPeer, serverHost, serverPeer } = await connectedPair();
  if (compress) {
    assert.equal(clientHost.enableCompression(), clientHost);
    assert.equal(serverHost.enableCompression(), serverHost);
  }
  const before = native.read.u32(clientHost._ptr, L.HOST.totalSentData);
  const received = [];
  serverPeer.on('message', (packet) => received.push(packet.data()));
  const { callback, promise } = callbackPromise();
  clientPeer.send(0, payload, callback);
  await promise;
  assert.equal(received.length, 1);
  assert.ok(received[0].equals(payload), 'payload intact');
  return native.read.u32(clientHost._ptr, L.HOST.totalSentData) - before;
}

test('H12 enableCompression makes compressible traffic smaller; H13 disableCompression turns it off', async () => {
  const payload = Buffer.alloc(1200, 'a');
  const plain = await bytesSentFor(payload, false);
  destroyAll();
  const compressed = await bytesSentFor(payload, true);
  assert.ok(compressed < plain / 2, `compressed ${compressed} vs plain ${plain}`);
  destroyAll();
  const { clientHost, serverHost, clientPeer, serverPeer } = await connectedPair();
  clientHost.enableCompression();
  serverHost.enableCompression();
  assert.equal(clientHost.disableCompression(), clientHost);
  const before = native.read.u32(clientHost._ptr, L.HOST.totalSentData);
  const got = [];
  serverPeer.on('message', (packet) => got.push(packet.data()));
  const { callback, promise } = callbackPromise();
  clientPeer.send(0, payload, callback);
  await promise;
  assert.ok(got[0].equals(payload));
  assert.ok(native.read.u32(clientHost._ptr, L.HOST.totalSentData) - before >= payload.length);
});

test('H14 throttleBandwidth is chainable and leaves the host working', async () => {
  const { clientHost, clientPeer, serverPeer } = await connectedPair({ clientOptions: { up: 100000, down: 100000 } });
  assert.equal(clientHost.throttleBandwidth(), clientHost);
  const { callback, promise } = callbackPromise();
  const got = [];
  serverPeer.on('message', (packet) => got.push(packet.data().toString()));
  clientPeer.send(0, 'still fine', callback);
  await promise;
  assert.deepEqual(got, ['still fine']);
});

test('HE5 a failing enet_host_service is reported as "error" (when listened to)', async () => {
  const clientHost = await client();
  // Replace the host's socket fd with /dev/null: receiving then fails (ENOTSOCK).
  const libc = native.koffi.load(null);
  const open = libc.func('int open(const char *path, int flags)');
  const dup2 = libc.func('int dup2(int from, int to)');
  const close = libc.func('int close(int fd)');
  const socket = native.read.i32(clientHost._ptr, L.HOST.socket);
  const devNull = open('/dev/null', 0);
  assert.ok(devNull >= 0);
  assert.equal(dup2(devNull, socket), socket);
  close(devNull);
  const errors = [];
  clientHost.on('error', (err) => errors.push(err.message));
  clientHost._service();
  assert.deepEqual(errors, ['Error servicing host']);
});
