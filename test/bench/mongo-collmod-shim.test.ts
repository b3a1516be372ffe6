// @requires-services mongo
// The bench's collMod shim (scripts/bench/original/mongo-collmod-shim.ts) in front of the real dev
// stand-in: it must answer the original's collMod itself (the stand-in would say error 59) and
// leave every other command, and the change stream, to the stand-in.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { MongoClient, type Db } from 'mongodb';
import { encodeRequest, parseOpMsg, readHeader } from '../../scripts/bench/original/op-msg.js';
import { serverLacksCollMod, startCollModShim, type CollModShim } from '../../scripts/bench/original/mongo-collmod-shim.js';
import { MONGO_URI, openDb, uniqueName } from '../mongodb/helpers.js';

const dbName = uniqueName('mstream_shim');
let db: Db;
let drop: () => Promise<void>;
let shim: CollModShim;
let viaShim: MongoClient;
// The dev stand-in (no collMod) unless MONGO_URI names a real MongoDB; what the server itself says
// to a forwarded command differs between the two.
let standIn: boolean;

before(async () => {
  ({ db, drop } = await openDb(dbName));
  standIn = await serverLacksCollMod(db);
  shim = await startCollModShim(MONGO_URI);
  viaShim = await MongoClient.connect(shim.uri);
});
after(async () => {
  await viaShim?.close();
  await shim?.close();
  await drop();
});

/** Sends one raw message through the shim, `pieces` bytes at a time, and reads one reply. */
async function roundTrip(message: Buffer, pieces = message.length): Promise<Buffer> {
  const socket = net.connect(shim.port, '127.0.0.1');
  try {
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const reply = new Promise<Buffer>((resolve, reject) => {
      let got = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        got = Buffer.concat([got, chunk]);
        if (got.length >= 4 && got.length >= got.readInt32LE(0)) resolve(got);
      });
      socket.once('error', reject);
      setTimeout(() => reject(new Error('no reply within 5 s')), 5000);
    });
    for (let at = 0; at < message.length; at += pieces) {
      socket.write(message.subarray(at, at + pieces));
      await new Promise((r) => setImmediate(r));
    }
    return await reply;
  } finally {
    socket.destroy();
  }
}

describe('OP_MSG codec', () => {
  it('reads the body past document sequences and a checksum', () => {
    const message = encodeRequest(7, { insert: 'c', $db: 'x' }, { documents: [{ a: 1 }, { b: 'two' }] }, true);
    const msg = parseOpMsg(message);
    assert.equal(msg.header.requestId, 7);
    assert.equal(msg.flagBits & 1, 1);
    assert.deepEqual(msg.body, { insert: 'c', $db: 'x' });
    assert.deepEqual(msg.sequences.get('documents'), [{ a: 1 }, { b: 'two' }]);
  });

  it('refuses a message whose length does not match', () => {
    const message = encodeRequest(1, { ping: 1, $db: 'admin' });
    assert.throws(() => parseOpMsg(message.subarray(0, message.length - 1)), /messageLength/);
  });
});

describe('collMod shim against the stand-in', () => {
  it('the stand-in itself lacks collMod (what the bench detects)', async (t) => {
    if (!standIn) return t.skip('MONGO_URI is a MongoDB with collMod');
    await assert.rejects(db.command({ collMod: 'c_direct', changeStreamPreAndPostImages: { enabled: true } }), (err: { code?: number }) => err.code === 59);
  });

  it('answers collMod changeStreamPreAndPostImages itself, to the request, even split and checksummed', async () => {
    const before = shim.answered();
    const request = encodeRequest(4242, { collMod: 'c_pre', changeStreamPreAndPostImages: { enabled: true }, $db: dbName }, {}, true);
    const reply = await roundTrip(request, 3);
    const header = readHeader(reply);
    assert.equal(header.responseTo, 4242);
    const msg = parseOpMsg(reply);
    assert.deepEqual(msg.body, { ok: 1 });
    assert.equal(shim.answered(), before + 1);
    // Through a driver, as the original asks it.
    assert.equal((await viaShim.db(dbName).command({ collMod: 'c_pre', changeStreamPreAndPostImages: { enabled: true } })).ok, 1);
    assert.equal(shim.answered(), before + 2);
  });

  it('forwards every other command, collMod without pre-images included', async () => {
    const raw = parseOpMsg(await roundTrip(encodeRequest(9, { buildInfo: 1, $db: 'admin' })));
    assert.equal(raw.header.responseTo, 9);
    assert.deepEqual(raw.body, await db.admin().command({ buildInfo: 1 }));
    // The stand-in's own refusal comes back: the shim did not answer it.
    if (standIn) await assert.rejects(viaShim.db(dbName).command({ collMod: 'c_other', validator: {} }), (err: { code?: number }) => err.code === 59);
    const answered = shim.answered();
    const col = viaShim.db(dbName).collection('c_crud');
    await col.insertMany(Array.from({ length: 300 }, (_, n) => ({ n }))); // a kind-1 document sequence
    assert.equal(await db.collection('c_crud').countDocuments(), 300);
    assert.equal((await col.find({ n: { $gte: 100 } }).toArray()).length, 200);
    assert.equal(shim.answered(), answered);
  });

  it('leaves the change stream to the stand-in: whenAvailable yields no pre-image', async () => {
    const col = viaShim.db(dbName).collection('c_watch');
    await col.insertOne({ created: true });
    const stream = col.watch([], { fullDocument: 'updateLookup', fullDocumentBeforeChange: 'whenAvailable' });
    try {
      await stream.tryNext(); // opens the stream before the writes
      await db.collection('c_watch').insertOne({ _id: 1 as never, v: 1 });
      await db.collection('c_watch').deleteOne({ _id: 1 as never });
      const seen = [];
      for (let tries = 0; seen.length < 2 && tries < 50; tries++) {
        const change = await stream.tryNext();
        if (change) seen.push(change);
      }
      assert.deepEqual(seen.map((c) => c.operationType), ['insert', 'delete']);
      assert.deepEqual((seen[0] as { fullDocument?: unknown }).fullDocument, { _id: 1, v: 1 });
      assert.equal((seen[1] as { fullDocumentBeforeChange?: unknown }).fullDocumentBeforeChange ?? null, null);
    } finally {
      await stream.close();
    }
  });
});
