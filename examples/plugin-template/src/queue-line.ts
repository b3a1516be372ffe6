import { DataError, fromUtf8, type Encoding, type StreamEvent } from '@mstream/sdk';

/** One line of a queue file: the payload as base64, so any encoding survives byte for byte. */
interface Line {
  p: string;
  e: Encoding;
  a: Record<string, string>;
  k?: string;
  t: number;
}

/** Serialises an event to a line; a JSON event whose payload is not JSON is a DataError. */
export function toLine(event: StreamEvent, now: number): string {
  if (event.encoding === 'json') {
    try {
      JSON.parse(fromUtf8(event.payload));
    } catch (error) {
      throw new DataError(`payload is not valid JSON: ${(error as Error).message}`);
    }
  }
  const line: Line = { p: Buffer.from(event.payload).toString('base64'), e: event.encoding, a: { ...event.attributes }, t: now };
  if (typeof event.key === 'string') line.k = event.key;
  return `${JSON.stringify(line)}\n`;
}

/** Parses a line back; `position` is where the next line starts, which is what the source resumes from. */
export function fromLine(text: string, position: Uint8Array): StreamEvent {
  const line = JSON.parse(text) as Line;
  return {
    position,
    operation: 'message',
    payload: new Uint8Array(Buffer.from(line.p, 'base64')),
    encoding: line.e,
    attributes: line.a,
    sourceTimestamp: line.t,
    ...(line.k === undefined ? {} : { key: line.k }),
  };
}
