// The seed tutorial's server, as written in the tutorial; only the require
// path and the address/port source differ. Two additions (marked) make it a runnable
// demo: it answers each message and exits when its client has left.
var enet = require("..");  // tutorial: require("enet")
var PORT = Number(process.env.ENET_EXAMPLE_PORT || 7777);
var HOST = process.env.ENET_EXAMPLE_HOST || "0.0.0.0"; // run-all.js keeps tests on 127.0.0.1

enet.init(function(ipaddress /*String*/, port /*Number*/){
  if(ipaddress === '192.168.0.22'){
	return 0; //drop the packet
  }
  return 1; //permit the packet
});

var addr = new enet.Address(HOST, /* ANY ADDRESS */
							 PORT      /* UDP Port 7777 */);

enet.createServer({
	address: addr, /* the address the server host will bind to */
	peers:32, /* allow up to 32 clients and/or outgoing connections */
	channels:2, /* allow up to 2 channels to be used, 0 and 1 */
	down:0, /* assume any amount of incoming bandwidth */
	up:0 /* assume any amount of outgoing bandwidth */

},function(err, host){
	if(err){
		console.error("server: host creation failed:", err);
		process.exitCode = 1;
		return; /* host creation failed */
	}

	//setup event handlers..
	host.on("connect",function(peer,data){
		//incoming peer connection
		console.log("server: peer connected, connect data", data);
		peer.on("message",function(packet,channel){
			console.log("received packet contents:",packet.data());
			peer.send(channel, "echo: " + packet.data().toString()); // addition: reply
		});
		peer.on("disconnect", function(data){ // addition: stop once the client left
			console.log("server: peer disconnected with data", data);
			host.destroy();
		});
	});
	host.on("destroy", function(){ console.log("server: destroyed"); });

	//start polling the host for events at 50ms intervals
	host.start(50);
	console.log("server: listening on port", host.address().port);
});
