// Bench-only: a TCP proxy in front of the dev MongoDB stand-in (mongo-java-server) so the Rust
// original can run against it. Before watching, the original runs
// `collMod <coll> changeStreamPreAndPostImages: {enabled: true}` (MongoDB 6+), which the stand-in
// does not know (error 59, CommandNotFound), and the original's job then dies. The proxy answers
// exactly that command itself with {ok: 1} and passes every other byte through unchanged, both
// ways, so the change stream the original then opens (aggregate, getMore) is the stand-in's own.
// It is one call at start-up; the stand-in keeps no pre-images, so `fullDocumentBeforeChange:
// whenAvailable` (which it accepts and ignores) yields none, as on a server where they are off.
// mongo-kafka.bench.ts starts it only when serverLacksCollMod says so (error 59 to that very
// command); against a real MongoDB (MONGO_URI=…) the original connects directly.
//
// Limits, on purpose: OP_COMPRESSED is passed through unread (the bench's URI negotiates no
// compression), and a reply is written to the client straight away, which is right because a driver
// has one request in flight per connection (no exhaust cursors or streaming hello with this server).
import net from 'node:net';
import type { Db } from 'mongodb';
import { encodeReply, HEADER_BYTES, MORE_TO_COME, OP_MSG, parseOpMsg, readHeader, type OpMsg } from './op-msg.js';

export interface CollModShim {
  /** The original's connection string: the given one, pointed at the proxy. */
  uri: string;
  port: number;
  /** How many collMod commands the proxy answered (the bench reports it). */
  answered(): number;
  close(): Promise<void>;
}

/** True for the one command the proxy answers: collMod that sets changeStreamPreAndPostImages. */
export function isPreImagesCollMod(msg: OpMsg): boolean {
  const [name] = Object.keys(msg.body);
  return name === 'collMod' && 'changeStreamPreAndPostImages' in msg.body;
}

/** Where a single-host mongodb:// URI points, and a function giving the same URI pointed at 127.0.0.1:port. */
function retarget(uri: string): { upstream: { host: string; port: number }; via: (port: number) => string } {
  const url = new URL(uri);
  if (url.protocol !== 'mongodb:' || url.host.includes(',')) throw new Error(`the collMod shim needs a single-host mongodb:// URI, not ${uri}`);
  const upstream = { host: url.hostname, port: Number(url.port || 27017) };
  const via = (port: number) => {
    url.host = `127.0.0.1:${port}`;
    // The driver must talk to the proxy only, never to hosts the server advertises.
    url.searchParams.set('directConnection', 'true');
    return url.toString();
  };
  return { upstream, via };
}

export async function startCollModShim(targetUri: string): Promise<CollModShim> {
  let answered = 0;
  let nextRequestId = 1;
  const sockets = new Set<net.Socket>();
  const { upstream, via } = retarget(targetUri);

  const server = net.createServer((client) => {
    const mongo = net.connect(upstream);
    sockets.add(client).add(mongo);
    const end = () => {
      client.destroy();
      mongo.destroy();
      sockets.delete(client);
      sockets.delete(mongo);
    };
    client.on('error', end).on('close', end);
    mongo.on('error', end).on('close', end);
    mongo.pipe(client);
    mongo.on('drain', () => client.resume());

    let pending: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 4) {
        const length = pending.readInt32LE(0);
        if (length < HEADER_BYTES) return end(); // not the wire protocol: nothing sensible to forward
        if (pending.length < length) break;
        const message = pending.subarray(0, length);
        pending = pending.subarray(length);
        const reply = answer(message);
        if (reply === undefined) {
          if (!mongo.write(message)) client.pause();
        } else if (reply.length > 0) {
          client.write(reply);
        }
      }
    });
  });

  /** The reply to send instead of forwarding (empty: answered, moreToCome asks for no reply), or undefined. */
  function answer(message: Buffer): Buffer | undefined {
    if (readHeader(message).opCode !== OP_MSG) return undefined;
    let msg: OpMsg;
    try {
      msg = parseOpMsg(message);
    } catch {
      return undefined; // the server judges a message this reader does not follow
    }
    if (!isPreImagesCollMod(msg)) return undefined;
    answered++;
    if (msg.flagBits & MORE_TO_COME) return Buffer.alloc(0);
    return encodeReply(nextRequestId++, msg.header.requestId, { ok: 1 });
  }

  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    uri: via(port),
    port,
    answered: () => answered,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Whether the server lacks collMod altogether (error 59, CommandNotFound): the dev stand-in does, a
 * real MongoDB does not. Asked with the original's own command on a scratch collection, so the
 * answer is about exactly what the original needs; any other outcome (it worked, or a real server
 * refused it, e.g. no privilege or MongoDB < 6) means no shim: the original meets the server as is.
 */
export async function serverLacksCollMod(db: Db): Promise<boolean> {
  const scratch = `collmod_probe_${process.pid}`;
  await db.collection(scratch).insertOne({ probe: true });
  try {
    await db.command({ collMod: scratch, changeStreamPreAndPostImages: { enabled: true } });
    return false;
  } catch (err) {
    return (err as { code?: unknown }).code === 59;
  } finally {
    await db.collection(scratch).drop().catch(() => undefined);
  }
}
