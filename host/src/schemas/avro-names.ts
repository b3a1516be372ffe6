/** Avro names: `[A-Za-z_][A-Za-z0-9_]*`; namespaces are such names joined by dots. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Turns any label into a valid Avro name (invalid characters → `_`, leading digit → `_` prefix). */
export function sanitizeName(label: string, fallback = 'Field'): string {
  let name = label.replace(/[^A-Za-z0-9_]/g, '_');
  if (!name) name = fallback;
  if (/^[0-9]/.test(name)) name = `_${name}`;
  return name;
}

/** A valid Avro namespace, or undefined when nothing usable is left. */
export function sanitizeNamespace(namespace: string | undefined): string | undefined {
  if (!namespace) return undefined;
  const parts = namespace.split('.').filter(Boolean).map((p) => sanitizeName(p, 'ns'));
  return parts.length ? parts.join('.') : undefined;
}

export function isValidName(label: string): boolean {
  return NAME.test(label);
}

/** Record/enum type names must be unique within one schema: `Address`, `Address2`, … */
export class NameAllocator {
  private readonly used = new Set<string>();

  take(hint: string): string {
    const base = sanitizeName(hint.charAt(0).toUpperCase() + hint.slice(1), 'Type');
    let name = base;
    for (let n = 2; this.used.has(name); n++) name = `${base}${n}`;
    this.used.add(name);
    return name;
  }
}
