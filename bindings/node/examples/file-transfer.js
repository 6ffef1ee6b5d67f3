// File transfer with streams: a server pipes a file into a peer's write
// stream on channel 0; the client pipes its read stream into a new file.
// The write stream applies back-pressure from ENet's queues, so the file is
// read only as fast as the client acknowledges. Both hosts run in this one
// process so the example ends by itself.
//
//   node examples/file-transfer.js [file-to-send]
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const enet = require('..');

const source = process.argv[2] || makeSampleFile();
const target = path.join(os.tmpdir(), `enet-received-${process.pid}.bin`);

function makeSampleFile() {
  const file = path.join(os.tmpdir(), `enet-sample-${process.pid}.bin`);
  fs.writeFileSync(file, crypto.randomBytes(2 * 1024 * 1024));
  process.on('exit', () => fs.rmSync(file, { force: true }));
  return file;
}

function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

enet.createServer({ address: '127.0.0.1:0', peers: 4, channels: 1 }, (err, server) => {
  if (err) throw err;
  server.start(2);
  server.on('connect', (peer) => {
    // Streams are created in the connect listener, when the peer is CONNECTED.
    const upload = peer.createWriteStream(0);
    upload.on('error', (e) => console.error('server: stream error', e));
    upload.on('finish', () => {
      console.log('server: file sent and acknowledged');
      peer.disconnectLater(); // disconnects once everything queued went out
    });
    fs.createReadStream(source).pipe(upload);
  });

  enet.createClient({ peers: 1, channels: 1 }, (err2, client) => {
    if (err2) throw err2;
    const peer = client.connect({ address: '127.0.0.1', port: server.address().port }, 1);
    peer.on('connect', () => {
      client.start(2);
      const download = peer.createReadStream(0);
      const file = fs.createWriteStream(target);
      download.pipe(file);
      file.on('finish', () => {
        const ok = sha256(source) === sha256(target);
        console.log(`client: received ${fs.statSync(target).size} bytes, checksum ${ok ? 'matches' : 'DIFFERS'}`);
        fs.rmSync(target, { force: true });
        if (!ok) process.exitCode = 1;
        client.destroy();
        server.destroy();
      });
    });
  });
});
