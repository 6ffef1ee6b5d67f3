'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { pipeline } = require('node:stream/promises');
const { Readable } = require('node:stream');
const { LOOPBACK, destroyAll, client, server, once, until, callbackPromise, connectedPair } = require('./helpers');

test.afterEach(destroyAll);

function collect(stream, ms = 5000) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    const timer = setTimeout(() => reject(new Error('stream did not end')), ms);
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => { clearTimeout(timer); resolve(Buffer.concat(chunks)); });
    stream.on('error', (err) => { clearTimeout(timer); reject(err); });
  });
}

test('P12 P13 a write stream sends each chunk reliably on its channel; the read stream ends on disconnect', async () => {
  const { clientPeer, serverPeer } = await connectedPair();
  const incoming = serverPeer.createReadStream(1);
  const otherChannel = [];
  serverPeer.on('message', (packet, channel) => { if (channel !== 1) otherChannel.push(channel); });
  const outgoing = clientPeer.createWriteStream(1);
  const body = collect(incoming);
  outgoing.write('alpha ');
  outgoing.write(Buffer.from('beta '));
  outgoing.end('gamma');
  await once(outgoing, 'finish');
  clientPeer.send(0, 'not for the stream');
  await until(() => otherChannel.length === 1, 3000, 'channel 0 message');
  clientPeer.disconnect();
  assert.equal((await body).toString(), 'alpha beta gamma');
});

test('P14 a duplex stream echoes over one channel', async () => {
  const { clientPeer, serverPeer } = await connectedPair();
  const serverSide = serverPeer.createDuplexStream(0);
  serverSide.pipe(serverSide); // echo
  const clientSide = clientPeer.createDuplexStream(0);
  const echoed = [];
  clientSide.on('data', (chunk) => echoed.push(chunk.toString()));
  clientSide.write('ping-1');
  clientSide.write('ping-2');
  await until(() => echoed.join('') === 'ping-1ping-2', 3000, 'the echo');
});

test('B19 a read stream created before the peer connects ends immediately', async () => {
  const serverHost = await server();
  const clientHost = await client();
  const peer = clientHost.connect({ address: LOOPBACK, port: serverHost.address().port }, 1);
  const early = peer.createReadStream(0);
  assert.equal((await collect(early, 2000)).length, 0);
});

test('B19 write stream errors are the seed strings: peer-not-connected and packet-queuing-error', async () => {
  const serverHost = await server();
  const clientHost = await client();
  const peer = clientHost.connect({ address: LOOPBACK, port: serverHost.address().port }, 1);
  const early = peer.createWriteStream(0);
  early.write('too early');
  assert.deepEqual(await once(early, 'error'), ['peer-not-connected']);

  const { clientPeer } = await connectedPair({ channels: 1 });
  const wrongChannel = clientPeer.createWriteStream(3); // beyond the peer's channel count
  wrongChannel.write('refused');
  assert.deepEqual(await once(wrongChannel, 'error'), ['packet-queuing-error']);
});

test('B19 streams of a dead peer are undefined', async () => {
  const { clientPeer } = await connectedPair();
  clientPeer.disconnectNow();
  assert.equal(clientPeer.createReadStream(0), undefined);
  assert.equal(clientPeer.createWriteStream(0), undefined);
  assert.equal(clientPeer.createDuplexStream(0), undefined);
});

test('B19 back-pressure: bytes handed to ENet stay under the queue limit while the receiver is stalled', async () => {
  const { serverHost, clientPeer, serverPeer } = await connectedPair();
  clearInterval(serverHost._timer); // the receiver stops acknowledging
  serverHost._timer = null;
  const queueLimit = 16 * 1024;
  const chunk = Buffer.alloc(1024, 7);
  const stream = clientPeer.createWriteStream(0, { queueLimit });
  let written = 0;
  let peak = 0;
  const source = new Readable({
    read() {
      peak = Math.max(peak, stream.bytesInEnet());
      if (written >= 256 * 1024) return this.push(null);
      written += chunk.length;
      this.push(chunk);
    },
  });
  const done = pipeline(source, stream);
  await until(() => stream.bytesInEnet() >= queueLimit, 3000, 'the queue to fill');
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.ok(written < 64 * 1024, `the source was paused (read ${written} bytes)`);
  assert.ok(peak <= queueLimit + chunk.length, `peak ${peak}`);
  assert.ok(clientPeer.reliableDataInTransit() > 0, 'ENet reports unacknowledged data');
  let received = 0;
  serverPeer.on('message', (packet) => { received += packet.dataLength(); });
  serverHost.start(2);
  await Promise.race([done, new Promise((resolve, reject) => setTimeout(() => reject(new Error('transfer stalled')), 8000))]);
  await until(() => received === 256 * 1024, 5000, 'all bytes');
  assert.equal(stream.bytesInEnet(), 0, '"finish" waits for every acknowledgement');
});

test('a write stream waiting on ENet errors when the peer goes away', async () => {
  const { serverHost, clientPeer } = await connectedPair();
  clearInterval(serverHost._timer);
  serverHost._timer = null;
  const stream = clientPeer.createWriteStream(0, { queueLimit: 1024 });
  stream.write(Buffer.alloc(2048));
  const failed = once(stream, 'error');
  clientPeer.disconnectNow();
  assert.deepEqual(await failed, ['peer-not-connected']);
});

test('streams pipe a file-sized payload end to end', async () => {
  const { clientPeer, serverPeer } = await connectedPair();
  const payload = Buffer.alloc(300 * 1024);
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 31) & 0xff;
  const received = collect(serverPeer.createReadStream(0), 8000);
  const { callback, promise } = callbackPromise(8000);
  const writer = clientPeer.createWriteStream(0);
  Readable.from([payload.subarray(0, 100000), payload.subarray(100000)]).pipe(writer).on('finish', callback);
  await promise;
  clientPeer.disconnect();
  assert.ok((await received).equals(payload));
});
