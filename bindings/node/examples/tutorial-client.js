// The seed tutorial's client, as written in the tutorial; only the require
// path and the server address differ (loopback instead of 192.168.1.55).
// Run tutorial-server.js first (examples/run-all.js does both).
var enet = require("..");  // tutorial: require("enet")
var PORT = Number(process.env.ENET_EXAMPLE_PORT || 7777);

enet.createClient({
	peers: 1, /* only allow 1 outgoing connection */
	channels: 2, /* allow up to 2 channels to be used, 0 and 1 */
	down: 57600 / 8, /* 56K modem with 56 Kbps downstream bandwidth */
	up: 14400 / 8 /* 56K modem with 14 Kbps upstream bandwidth */
},function(err, client){
	if(err){
		console.error("client: host creation failed:", err);
		process.exitCode = 1;
		return; /* host creation failed */
	}
	client.on("destroy", function(){ console.log("client: destroyed"); });

	/* connect to the server on this machine */
	var server_addr = new enet.Address("127.0.0.1", PORT);

	/* Initiate the connection, allocating the two channels 0 and 1. */
	var peer = client.connect(server_addr,
				   2, /* channels */
				   1337, /* data to send, (received in 'connect' event at server) */
				   function(err,peer){ /* a connect callback function */
					  if(err){
						console.error(err);//either connect timeout or maximum peers exceeded
						process.exitCode = 1;
						client.destroy();
						return;
					  }
					  //connection to the remote host succeeded
					  peer.ping();
				   });

	//succesful connect event can also be handled with an event handler
	peer.on("connect",function(){
		//connection to the remote host succeeded
		peer.ping();
		console.log("client: connected");

		var packet = new enet.Packet(new Buffer("hello, world"), enet.PACKET_FLAG.RELIABLE); // as in the tutorial (deprecated Buffer constructor)
		var err = peer.send(0 /*channel*/, packet, function(err){
			if (err) {
				console.error("error sending packet!", err);
			} else {
				console.log("packet sent successfully.");
			}
		});
		console.log("client: send returned", err);
		peer.send(0, "Hello ENet");
		peer.send(0, new Buffer("Hello World"));
		peer.send(1, JSON.stringify({ tutorial: true }));
	});

	var replies = 0;
	peer.on("message", function(packet, channel_id){
		console.log("client: reply on channel", channel_id + ":", packet.data().toString());
		if (++replies === 4) peer.disconnect(999); /*send 999 as data with disconnect message*/
	});

	peer.on("disconnect", function(data){
		console.log("client: disconnected");
		client.destroy();
	});
});
