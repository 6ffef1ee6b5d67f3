// Packet filter: enet.init(filter) sees the source of every datagram on every
// host and drops those it returns a falsy value for. Here the server bans one
// client's port: the banned client never gets an answer and times out, the
// other connects normally.
const enet = require('..');

const banned = new Set();
enet.init((ip, port) => !banned.has(`${ip}:${port}`));

enet.createServer({ address: '127.0.0.1:0' }, (err, server) => {
  if (err) throw err;
  server.start(5);
  server.on('connect', (peer, data) => console.log(`server: accepted client ${data} from port ${peer.address().port}`));
  const serverAddress = { address: '127.0.0.1', port: server.address().port };

  enet.createClient((err2, intruder) => {
    if (err2) throw err2;
    // A client's socket is bound by its first send; a raw datagram binds it so
    // its port is known before connecting.
    intruder.send('127.0.0.1', 9, Buffer.from('bind'), () => {
      const where = `127.0.0.1:${intruder.address().port}`;
      banned.add(where);
      console.log(`filter: banning ${where}`);
      const peer = intruder.connect(serverAddress, 1, 1, (e) => {
        console.log(`intruder: ${e ? `connect ${e.message} (dropped by the filter)` : 'connected (unexpected!)'}`);
        if (!e) process.exitCode = 1;
        intruder.destroy();
        enet.createClient((err3, friend) => {
          if (err3) throw err3;
          friend.connect(serverAddress, 1, 2, (e2, friendPeer) => {
            console.log(`friend: ${e2 ? `failed: ${e2.message}` : 'connected'}`);
            if (e2) process.exitCode = 1;
            friendPeer && friendPeer.disconnectNow();
            friend.destroy();
            server.destroy();
          });
        });
      });
      peer.timeout(1, 200, 1000); // give up fast instead of ENet's ~30 s
    });
  });
});
