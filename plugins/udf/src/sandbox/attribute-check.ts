import { ByteCursor, TAG, VERSION } from './binary-json-format.js';

/**
 * Whether binary JSON of an array of attribute maps holds plain objects with string values only:
 * then the maps are what the prelude's attributesOut would return as they are, and they leave the
 * sandbox without it. Checking their encoding here costs a fraction of that loop inside QuickJS,
 * which a script's columns output would otherwise pay for every event (docs/benchmarks.md).
 *
 * Anything else (null, an array, a date, a boxed string, a map seen twice, a number or any other
 * non-string value, a version this file does not know) answers false, and the caller lets the
 * prelude decide what the maps become.
 */
export function stringMapsOnly(bytes: Uint8Array): boolean {
  try {
    return new MapScan(bytes).stringMaps();
  } catch {
    // Truncated bytes (ByteCursor's LEB128 reader throws).
    return false;
  }
}

class MapScan extends ByteCursor {
  stringMaps(): boolean {
    if (this.bytes[this.pos++] !== VERSION) return false;
    for (let atoms = this.leb(); atoms > 0; atoms--) this.skipString();
    if (this.bytes[this.pos++] !== TAG.Array) return false;
    for (let maps = this.leb(); maps > 0; maps--) {
      if (this.bytes[this.pos++] !== TAG.Object) return false;
      for (let count = this.leb(); count > 0; count--) {
        this.leb();
        if (this.bytes[this.pos++] !== TAG.String) return false;
        this.skipString();
      }
    }
    return this.pos === this.bytes.length;
  }

  private skipString(): void {
    const header = this.leb();
    this.pos += header & 1 ? (header >>> 1) * 2 : header >>> 1;
  }
}
