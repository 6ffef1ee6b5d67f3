'use strict';
// Byte offsets of the upstream ENet 1.3.17 structures on x86_64 Linux (LP64),
// the fields this package reads or writes directly. They come from the layout
// tables of the upstream headers; our libenet.so promises the same layout, and
// test/layout.test.js checks them against live hosts and peers.

module.exports = Object.freeze({
  ADDRESS: Object.freeze({ SIZE: 8, host: 0, port: 4 }),
  PACKET: Object.freeze({
    SIZE: 48, referenceCount: 0, flags: 8, data: 16, dataLength: 24, freeCallback: 32, userData: 40,
  }),
  EVENT: Object.freeze({ SIZE: 32, type: 0, peer: 8, channelID: 16, data: 20, packet: 24 }),
  HOST: Object.freeze({
    SIZE: 11024,
    socket: 0,
    address: 4,
    incomingBandwidth: 12,
    outgoingBandwidth: 16,
    peers: 40,
    peerCount: 48,
    channelLimit: 56,
    receivedAddress: 10936,
    receivedData: 10944,
    receivedDataLength: 10952,
    totalSentData: 10960,
    totalSentPackets: 10964,
    totalReceivedData: 10968,
    totalReceivedPackets: 10972,
    intercept: 10976,
  }),
  PEER: Object.freeze({
    SIZE: 456,
    host: 16,
    connectID: 28,
    address: 36,
    data: 48,
    state: 56,
    channelCount: 72,
    incomingDataTotal: 96,
    outgoingDataTotal: 100,
    roundTripTime: 200,
    reliableDataInTransit: 216,
  }),
});
