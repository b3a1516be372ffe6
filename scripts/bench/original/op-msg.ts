// Just enough of the MongoDB wire protocol's OP_MSG (opCode 2013) for the bench's collMod shim:
// read a message's header and its kind-0 command document, and write a reply. Layout (MongoDB
// "OP_MSG" spec): a 16-byte header (messageLength, requestID, responseTo, opCode, all int32 LE),
// flagBits (uint32), sections, and a CRC-32C checksum when flag bit 0 (checksumPresent) is set.
// A section is kind 0 (one BSON document: the command body) or kind 1 (int32 size, a cstring
// identifier, then BSON documents up to size: a document sequence, e.g. an insert's documents).
import { deserialize, serialize, type Document } from 'bson';

export const OP_MSG = 2013;
export const HEADER_BYTES = 16;
const CHECKSUM_PRESENT = 1 << 0;
export const MORE_TO_COME = 1 << 1;

export interface MessageHeader {
  messageLength: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export function readHeader(message: Buffer): MessageHeader {
  return {
    messageLength: message.readInt32LE(0),
    requestId: message.readInt32LE(4),
    responseTo: message.readInt32LE(8),
    opCode: message.readInt32LE(12),
  };
}

export interface OpMsg {
  header: MessageHeader;
  flagBits: number;
  /** The kind-0 section: the command, its name the first key. */
  body: Document;
  /** Kind-1 sections by identifier, kept so a test can see the parse walked past them. */
  sequences: Map<string, Document[]>;
}

/** Parses one complete OP_MSG (the whole message, header included); throws on a malformed one. */
export function parseOpMsg(message: Buffer): OpMsg {
  const header = readHeader(message);
  if (header.opCode !== OP_MSG) throw new Error(`not an OP_MSG (opCode ${header.opCode})`);
  if (header.messageLength !== message.length) throw new Error(`messageLength ${header.messageLength} but ${message.length} bytes`);
  const flagBits = message.readUInt32LE(HEADER_BYTES);
  // The checksum (if any) is the last 4 bytes; it is not verified: the proxy passes bytes it does
  // not answer through unchanged, and the server checks those.
  const end = message.length - (flagBits & CHECKSUM_PRESENT ? 4 : 0);
  let body: Document | undefined;
  const sequences = new Map<string, Document[]>();
  let at = HEADER_BYTES + 4;
  while (at < end) {
    const kind = message.readUInt8(at);
    at += 1;
    if (kind === 0) {
      const size = message.readInt32LE(at);
      if (body !== undefined) throw new Error('two kind-0 sections');
      body = deserialize(message.subarray(at, at + size));
      at += size;
    } else if (kind === 1) {
      const size = message.readInt32LE(at);
      const sectionEnd = at + size;
      const nul = message.indexOf(0, at + 4);
      if (nul < 0 || nul >= sectionEnd) throw new Error('kind-1 section without an identifier');
      const identifier = message.toString('utf8', at + 4, nul);
      const documents: Document[] = [];
      for (let d = nul + 1; d < sectionEnd; ) {
        const docSize = message.readInt32LE(d);
        documents.push(deserialize(message.subarray(d, d + docSize)));
        d += docSize;
      }
      sequences.set(identifier, documents);
      at = sectionEnd;
    } else {
      throw new Error(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (at !== end) throw new Error('sections overrun the message');
  if (body === undefined) throw new Error('OP_MSG without a kind-0 section');
  return { header, flagBits, body, sequences };
}

/** An OP_MSG reply to `requestId`: flagBits 0, no checksum (optional in the spec), one kind-0 body. */
export function encodeReply(requestId: number, responseTo: number, body: Document): Buffer {
  const doc = serialize(body);
  const message = Buffer.alloc(HEADER_BYTES + 4 + 1 + doc.length);
  message.writeInt32LE(message.length, 0);
  message.writeInt32LE(requestId, 4);
  message.writeInt32LE(responseTo, 8);
  message.writeInt32LE(OP_MSG, 12);
  message.writeUInt32LE(0, HEADER_BYTES);
  message.writeUInt8(0, HEADER_BYTES + 4);
  message.set(doc, HEADER_BYTES + 5);
  return message;
}

/** CRC-32C (Castagnoli, reflected 0x82F63B78): the OP_MSG checksum. */
function crc32c(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * An OP_MSG request (what a driver sends), for tests: body plus optional document sequences and,
 * with `checksum`, flag bit 0 and a CRC-32C over the message.
 */
export function encodeRequest(requestId: number, body: Document, sequences: Record<string, Document[]> = {}, checksum = false): Buffer {
  const parts: Uint8Array[] = [Buffer.from([0]), serialize(body)];
  for (const [identifier, documents] of Object.entries(sequences)) {
    const docs = documents.map((d) => serialize(d));
    const id = Buffer.from(`${identifier}\0`, 'utf8');
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + id.length + docs.reduce((n, d) => n + d.length, 0));
    parts.push(Buffer.from([1]), size, id, ...docs);
  }
  const payload = Buffer.concat(parts);
  const header = Buffer.alloc(HEADER_BYTES + 4);
  header.writeInt32LE(HEADER_BYTES + 4 + payload.length + (checksum ? 4 : 0), 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(OP_MSG, 12);
  header.writeUInt32LE(checksum ? CHECKSUM_PRESENT : 0, HEADER_BYTES);
  const message = Buffer.concat([header, payload]);
  if (!checksum) return message;
  const crc = Buffer.alloc(4);
  crc.writeUInt32LE(crc32c(message));
  return Buffer.concat([message, crc]);
}
