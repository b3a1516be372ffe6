import { DataError, type Codecs, type StreamEvent } from '@mstream/sdk';

// fatal: broken UTF-8 is a bad event, not something to patch with U+FFFD.
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Drops whitespace outside strings. Unlike `JSON.stringify(JSON.parse(text))` it keeps the
 * document byte for byte otherwise: big integers keep their digits, key order and escapes stay.
 * Only call it on text already known to be valid JSON.
 */
export function minifyJson(text: string): string {
  let out = '';
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      out += text.slice(start, i);
      start = i + 1;
    }
  }
  return out + text.slice(start);
}

function jsonText(payload: Uint8Array): string {
  let text: string;
  try {
    text = decoder.decode(payload);
    JSON.parse(text);
  } catch (error) {
    throw new DataError(`file: payload is not valid UTF-8 JSON: ${(error as Error).message}`, { cause: error });
  }
  return minifyJson(text);
}

/**
 * One event as one line (without the newline): JSON as is but compact, so a pretty-printed
 * payload still takes one line; BSON decoded and written as the host's flat JSON; Avro, which
 * cannot be decoded without its schema, as `{"$binary":"<base64>"}`.
 * Throws `DataError` for a payload that cannot be turned into a JSON line.
 */
export function toJsonLine(event: StreamEvent, codecs: Codecs): string {
  switch (event.encoding) {
    case 'json':
      return jsonText(event.payload);
    case 'bson':
      return jsonText(codecs.encode(codecs.decode(event.payload, 'bson'), 'json'));
    case 'avro':
      return JSON.stringify({ $binary: Buffer.from(event.payload).toString('base64') });
    default:
      throw new DataError(`file: unknown encoding "${String(event.encoding)}"`);
  }
}
