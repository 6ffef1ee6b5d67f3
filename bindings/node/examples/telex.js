// Telex exchange: two ENet hosts swap raw JSON datagrams ("telexes", as the
// telehash project used them) over their ENet sockets with host.send(), and
// receive them as 'telex' events, next to normal ENet traffic.
const enet = require('..');

enet.createServer({ address: '127.0.0.1:0' }, (err, alice) => {
  if (err) throw err;
  alice.start(5);
  enet.createServer({ address: '127.0.0.1:0' }, (err2, bob) => {
    if (err2) throw err2;
    bob.start(5);
    const bobPort = bob.address().port;

    bob.on('telex', (buffer, source) => {
      const message = JSON.parse(buffer.toString());
      console.log(`bob got telex from ${source.address}:${source.port}:`, message);
      bob.send(source.address, source.port, Buffer.from(JSON.stringify({ '+pong': message['+ping'] }) + '\n'));
    });

    alice.on('telex', (buffer, source) => {
      console.log(`alice got telex from ${source.address}:${source.port}:`, JSON.parse(buffer.toString()));
      alice.destroy();
      bob.destroy();
    });

    alice.send('127.0.0.1', bobPort, Buffer.from(JSON.stringify({ '+ping': Date.now() })), (e, bytes) => {
      if (e) throw e;
      console.log(`alice sent a ${bytes}-byte telex to bob`);
    });
  });
});
