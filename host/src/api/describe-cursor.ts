/**
 * Shows a checkpoint cursor readably: sources that build positions from JSON (Kafka partition
 * maps, resume tokens) are shown as that JSON; anything else as base64 with its size.
 */
export function describeCursor(base64: string): unknown {
  const bytes = Buffer.from(base64, 'base64');
  const text = bytes.toString('utf8');
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed !== null && typeof parsed === 'object') return parsed;
    return { value: parsed };
  } catch {
    return { raw_base64: base64, raw_bytes: bytes.length };
  }
}
