'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const dgram = require('node:dgram');
const { enet, LOOPBACK, destroyAll, server, client, once, until, delay, callbackPromise, connectedPair } = require('./helpers');

test.afterEach(() => {
  enet.init(); // the filter is global: never leak it into the next test
  destroyAll();
});

async function udpSocket() {
  const socket = dgram.createSocket('udp4');
  await new Promise((resolve) => socket.bind(0, LOOPBACK, resolve));
  return socket;
}

function sendRaw(socket, port, bytes) {
  return new Promise((resolve, reject) => socket.send(bytes, port, LOOPBACK, (err) => (err ? reject(err) : resolve())));
}

test('H8 HE3 host.send puts a raw datagram out; a JSON-looking one arrives as "telex"', async () => {
  const serverHost = await server();
  const clientHost = await client();
  const telex = once(serverHost, 'telex');
  const { callback, promise } = callbackPromise();
  clientHost.send(LOOPBACK, serverHost.address().port, Buffer.from('{"telex":true}\n'), callback);
  assert.deepEqual(await promise, [null, 15]);
  const [buffer, source] = await telex;
  assert.equal(buffer.toString(), '{"telex":true}\n', 'the trailing newline is kept');
  assert.deepEqual(source, { address: LOOPBACK, port: clientHost.address().port });
});

test('B16 telex rule: "{...}" or "{...}\\n", at least 2 bytes; everything else goes to ENet', async () => {
  const serverHost = await server();
  const socket = await udpSocket();
  try {
    const seen = [];
    serverHost.on('telex', (buffer) => seen.push(buffer.toString('latin1')));
    const port = serverHost.address().port;
    const samples = ['{}', '{x', '{', '}', '{"a":1}', '{"a":1}\n', '}\n', '{\n', 'x{}', '{}\n\n', '{}}'];
    for (const sample of samples) await sendRaw(socket, port, Buffer.from(sample, 'latin1'));
    await sendRaw(socket, port, Buffer.from('{"end":1}'));
    await until(() => seen.includes('{"end":1}'), 3000, 'the last telex');
    assert.deepEqual(seen, ['{}', '{"a":1}', '{"a":1}\n', '{}}', '{"end":1}']);
    assert.ok(serverHost.isOnline(), 'non-telex garbage is dropped by ENet without harm');
  } finally {
    socket.close();
  }
});

test('telexes and an ENet connection share a socket without disturbing each other', async () => {
  const { serverHost, clientHost, clientPeer, serverPeer } = await connectedPair();
  const telexes = [];
  serverHost.on('telex', (buffer) => telexes.push(buffer.toString()));
  const messages = [];
  serverPeer.on('message', (packet) => messages.push(packet.data().toString()));
  clientHost.send(LOOPBACK, serverHost.address().port, '{"n":1}');
  clientPeer.send(0, 'enet');
  clientHost.send(LOOPBACK, serverHost.address().port, '{"n":2}');
  await until(() => telexes.length === 2 && messages.length === 1, 3000, 'telexes and message');
  assert.deepEqual(telexes, ['{"n":1}', '{"n":2}']);
  assert.deepEqual(messages, ['enet']);
});

test('H8 host.send on a destroyed host calls back with host-destroyed', async () => {
  const clientHost = await client();
  clientHost.destroy();
  const { callback, promise } = callbackPromise();
  clientHost.send(LOOPBACK, 9, 'x', callback);
  assert.equal((await promise)[0].message, 'host-destroyed');
});

test('B17 M1 init(filter): called with (ip, port) for every datagram; falsy drops it', async () => {
  const serverHost = await server();
  const socket = await udpSocket();
  try {
    const calls = [];
    enet.init((ip, port) => {
      calls.push([ip, port]);
      return port !== socket.address().port; // drop everything from this socket
    });
    const telexes = [];
    serverHost.on('telex', (buffer) => telexes.push(buffer.toString()));
    await sendRaw(socket, serverHost.address().port, Buffer.from('{"dropped":1}'));
    const other = await client();
    other.send(LOOPBACK, serverHost.address().port, '{"kept":1}');
    await until(() => telexes.length === 1, 3000, 'the permitted telex');
    await delay(20);
    assert.deepEqual(telexes, ['{"kept":1}']);
    assert.ok(calls.some(([ip, port]) => ip === LOOPBACK && port === socket.address().port));
    assert.ok(calls.some(([ip, port]) => ip === LOOPBACK && port === other.address().port));
  } finally {
    socket.close();
  }
});

test('B17 a filter returning undefined drops everything, so connecting fails', async () => {
  const serverHost = await server();
  enet.init(() => undefined);
  const clientHost = await client();
  const { callback, promise } = callbackPromise(8000);
  const peer = clientHost.connect({ address: LOOPBACK, port: serverHost.address().port }, 1, 0, callback);
  peer.timeout(1, 100, 300);
  assert.equal((await promise)[0].message, 'failed');
  assert.equal(serverHost.peers().length, 0);
});

test('B17 a throwing filter drops the datagram and reports the error on the host', async () => {
  const serverHost = await server();
  enet.init(() => { throw new Error('filter broke'); });
  const errors = [];
  serverHost.on('error', (err) => errors.push(err.message));
  const telexes = [];
  serverHost.on('telex', (buffer) => telexes.push(buffer));
  const clientHost = await client();
  clientHost.send(LOOPBACK, serverHost.address().port, '{"x":1}');
  await until(() => errors.length > 0, 3000, 'the error event');
  assert.equal(errors[0], 'filter broke');
  assert.equal(telexes.length, 0);
});

test('init() without a function removes the filter; a non-function is refused', async () => {
  assert.throws(() => enet.init(42), TypeError);
  enet.init(() => false);
  enet.init();
  const serverHost = await server();
  const clientHost = await client();
  const telex = once(serverHost, 'telex');
  clientHost.send(LOOPBACK, serverHost.address().port, '{"open":1}');
  assert.equal((await telex)[0].toString(), '{"open":1}');
});
