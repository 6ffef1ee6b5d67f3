// Compiled (not run) by test/types.test.js: the tutorial's code and the rest
// of the API must type-check against index.d.ts under --strict.
import enet = require('../..');

enet.init((ip: string, port: number) => ip !== '192.168.0.22' && port > 0);
enet.init();

const server = enet.createServer({ address: { address: '127.0.0.1', port: 7777 }, peers: 32, channels: 2, down: 0, up: 0 }, (err, host) => {
  if (err || !host) return;
  host.on('connect', (peer: enet.Peer, data: number | undefined, outgoing: boolean) => {
    peer.on('message', (packet: enet.Packet, channel: number) => {
      const bytes: Buffer | undefined = packet.data();
      void bytes; void channel; void data; void outgoing;
    });
    const sent: boolean = peer.send(0, 'hi', (status) => { if (status instanceof Error) console.error(status.message); });
    void sent;
    const readable = peer.createReadStream(0);
    const writable = peer.createWriteStream(1, { queueLimit: 1024 });
    if (readable && writable) readable.pipe(writable);
    peer.disconnect(1).disconnectLater(2).disconnectNow(3).reset().ping().timeout(1, 2, 3);
    const transit: number = peer.reliableDataInTransit();
    void transit;
  });
  host.on('telex', (buffer: Buffer, source: { address: string; port: number }) => void [buffer, source]);
  host.on('destroy', () => undefined);
  host.on('error', (e: Error) => void e);
  host.start(50);
  host.enableCompression().disableCompression().throttleBandwidth();
  host.broadcast(0, new enet.Packet('x', enet.PACKET_FLAG.RELIABLE));
  host.send('127.0.0.1', 9, Buffer.from('{}'), (e, n) => void [e, n]);
  const where = host.address();
  if (where) console.log(where.family, where.port);
  const peers: enet.Peer[] = host.peers();
  void peers;
  host.destroy();
});
void server;

enet.createClient((err, client) => {
  if (err || !client) return;
  const peer = client.connect(new enet.Address('127.0.0.1', 7777), 2, 1337, (e, p) => { if (!e && p) p.ping(); });
  if (peer) peer.on('disconnect', (data) => void data);
});

const a = new enet.Address('1.2.3.4:5');
const n: number = a.host() + a.port();
const s: string = a.address() + enet.libraryPath + enet.librarySource;
const state: number = enet.PEER_STATE.CONNECTED;
const ev = new enet.Event();
const t: number = ev.type() + ev.data() + ev.channelID();
const b: Buffer = enet.Buffer.from('x');
void [n, s, state, t, b];
