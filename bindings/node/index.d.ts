// Type declarations for the `enet` package (the npm enet 0.2.x API on
// libenet.so through koffi). Non-seed additions are marked "not in the seed".

/// <reference types="node" />
import { EventEmitter } from 'node:events';
import { Readable, Writable, Duplex } from 'node:stream';

export type AddressLike = Address | { address?: string | number; port?: number | string } | string;

/** Global packet filter: return a truthy value to keep the datagram, falsy (even undefined) to drop it. */
export type PacketFilter = (ip: string, port: number) => unknown;

/** A send callback: an Error (synchronously) when queuing failed, else `undefined` once sent or `'packet-not-delivered'`. */
export type SendCallback = (status: Error | 'packet-not-delivered' | undefined) => void;

export interface HostOptions {
  /** Bind address (servers only). Default 0.0.0.0:0. */
  address?: AddressLike;
  /** Maximum peers (ENet peerCount, at most 4095). Default 128. */
  peers?: number;
  /** Channel limit. Default 5. */
  channels?: number;
  /** Incoming bandwidth in bytes/s, 0 = unlimited. Default 0. */
  down?: number;
  /** Outgoing bandwidth in bytes/s, 0 = unlimited. Default 0. */
  up?: number;
}

/** Error for a failed bind: `code` is the errno name, e.g. 'EADDRINUSE'. */
export interface BindError extends Error {
  code: string;
  errno: number;
  syscall: 'bind';
  address: string;
  port: number;
}

/** err: a BindError (async), the string 'failed to create ENet host' (sync), or undefined. */
export type HostCallback = (err: BindError | Error | string | undefined, host?: Host) => void;

export interface WriteStreamOptions {
  /** Not in the seed: bytes handed to ENet and not yet acknowledged above which writes wait. Default 256 KiB. */
  queueLimit?: number;
}

export interface ENetWritable extends Writable {
  /** Not in the seed: bytes this stream has queued in ENet that ENet has not freed yet. */
  bytesInEnet(): number;
}

export interface ENetDuplex extends Duplex {
  bytesInEnet(): number;
}

export function init(filter?: PacketFilter | null): void;
export function createServer(options?: HostOptions, callback?: HostCallback): Host | undefined;
export function createServer(callback: HostCallback): Host | undefined;
export function createClient(options?: HostOptions, callback?: HostCallback): Host | undefined;
export function createClient(callback: HostCallback): Host | undefined;
/** Not supported natively: always calls back (async) with an Error whose code is 'ERR_ENET_UNSUPPORTED'. */
export function createServerFromSocket(options: { socket: unknown } & HostOptions, callback?: (err: Error & { code: 'ERR_ENET_UNSUPPORTED' }) => void): undefined;

export class Host extends EventEmitter {
  /** Throws: hosts come from createServer/createClient. */
  private constructor();
  connectedPeers: Record<string, Peer>;
  connect(address: AddressLike, channelCount?: number, data?: number, callback?: (err: Error | undefined, peer?: Peer) => void): Peer | undefined;
  connect(address: AddressLike, callback: (err: Error | undefined, peer?: Peer) => void): Peer | undefined;
  connect(address: AddressLike, channelCount: number, callback: (err: Error | undefined, peer?: Peer) => void): Peer | undefined;
  start(intervalMs?: number): void;
  firstStart(): void;
  /** Same as destroy(). */
  stop(): void;
  destroy(): void;
  flush(): void;
  broadcast(channel: number, packet: Packet | Buffer): void;
  send(ip: string | number, port: number, buffer: Buffer | string, callback?: (err: Error | null, bytes?: number) => void): void;
  address(): { address: string; family: 'IPv4'; port: number } | undefined;
  receivedAddress(): { address: string; port: number } | undefined;
  peers(): Peer[];
  enableCompression(): this;
  disableCompression(): this;
  throttleBandwidth(): this;
  isOnline(): boolean;
  isOffline(): boolean;

  on(event: 'connect', listener: (peer: Peer, data: number | undefined, outgoing: boolean) => void): this;
  on(event: 'message', listener: (peer: Peer, packet: Packet, channel: number) => void): this;
  on(event: 'telex', listener: (buffer: Buffer, source: { address: string; port: number }) => void): this;
  on(event: 'destroy', listener: () => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
  on(event: string | symbol, listener: (...args: any[]) => void): this;
}

export class Peer extends EventEmitter {
  private constructor();
  /** Returns false on success, true on error. */
  send(channel: number, data: Packet | Buffer | string, callback?: SendCallback): boolean;
  disconnect(data?: number): this;
  disconnectNow(data?: number): this;
  disconnectLater(data?: number): this;
  reset(): this;
  ping(): this;
  /** Not in the seed: enet_peer_timeout(limit, minimum ms, maximum ms); 0 keeps ENet's default. */
  timeout(limit?: number, minimum?: number, maximum?: number): this;
  state(): number;
  address(): { address: string; port: number } | undefined;
  incomingDataTotal(): number;
  outgoingDataTotal(): number;
  reliableDataInTransit(): number;
  /** Not in the seed: smoothed round-trip time in ms. */
  roundTripTime(): number;
  createReadStream(channel: number): Readable | undefined;
  createWriteStream(channel: number, options?: WriteStreamOptions): ENetWritable | undefined;
  createDuplexStream(channel: number, options?: WriteStreamOptions): ENetDuplex | undefined;

  on(event: 'connect', listener: () => void): this;
  on(event: 'message', listener: (packet: Packet, channel: number) => void): this;
  on(event: 'disconnect', listener: (data: number | undefined) => void): this;
  on(event: string | symbol, listener: (...args: any[]) => void): this;
}

export class Packet {
  constructor(data: Buffer | Uint8Array | string, flags?: number);
  /** A copy of the bytes; undefined once the packet is gone (destroyed, freed by ENet, or received and its event over). */
  data(): Buffer | undefined;
  dataLength(): number;
  flags(): number;
  wasSent(): boolean;
  destroy(): void;
}

export class Address {
  constructor(address: Address);
  constructor(address: { address?: string | number; port?: number | string });
  constructor(address: string);
  constructor(ip: string | number, port: number | string);
  constructor();
  host(): number;
  port(): number;
  address(): string;
}

/** Internal ENetEvent reader (exported as in the seed). */
export class Event {
  constructor();
  type(): number;
  peer(): Peer | undefined;
  peerPtr(): bigint;
  packet(): Packet | undefined;
  data(): number;
  channelID(): number;
  free(): void;
}

export const PACKET_FLAG: Readonly<{ RELIABLE: 1; UNSEQUENCED: 2; UNRELIABLE_FRAGMENT: 8; SENT: 256 }>;
export const PEER_STATE: Readonly<{
  DISCONNECTED: 0; CONNECTING: 1; ACKNOWLEDGING_CONNECT: 2; CONNECTION_PENDING: 3; CONNECTION_SUCCEEDED: 4;
  CONNECTED: 5; DISCONNECT_LATER: 6; DISCONNECTING: 7; ACKNOWLEDGING_DISCONNECT: 8; ZOMBIE: 9;
}>;
export const Buffer: BufferConstructor;
/** Not in the seed: the path or soname of the libenet that was loaded. */
export const libraryPath: string;
/** Not in the seed: 'env' (ENET_LIBRARY), 'repo' (this repository's build) or 'system'. */
export const librarySource: 'env' | 'repo' | 'system';
