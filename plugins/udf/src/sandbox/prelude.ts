/**
 * JavaScript evaluated inside every QuickJS context before the user's script: the helper library
 * (same names and semantics as the original's Rhai helpers, see README.md) and `__ms_run`, the one
 * entry point the host calls per batch. Kept as plain ES2020 text because it never runs in Node.
 *
 * Boundary (one call per batch, because crossing into wasm per value is what makes QuickJS slow):
 * `__ms_run(dataJson, attrsJson, batchMode)` takes a JSON array of documents and the JSON array of
 * their attribute maps and returns a JSON string `{"o":[[data, attributes, originIndex], ...]}` or
 * `{"e":{"m":message,"l":line,"c":column,"i":index}}`. `__ms_run_values([documents, attributes],
 * batchMode)` is the same call on values (the host moves them as binary JSON, see binary-json.ts):
 * it returns the outputs array itself, or the error string. Either may give the outputs as columns
 * `{d: documents, a: attributes}` instead, meaning output i is input i (see `columns`); from
 * `__ms_run_values` their attribute maps are unchecked, and `__ms_check_attributes(a)` checks them.
 */
export const PRELUDE_FILENAME = 'mstream-prelude.js';

export const PRELUDE = String.raw`
(function (global) {
  'use strict';
  const sha256 = global.__ms_sha256;
  const concat = Array.prototype.concat;
  delete global.__ms_sha256;

  // Compiled once: a regex literal inside a helper would build a RegExp object per call.
  const rfc3339 = /^(\d{4})-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
  const dateOnly = /^(\d{4})-\d{2}-\d{2}$/;

  function Result(data, attributes) { this.data = data; this.attributes = attributes; }
  // Whether result() ever ran: until then no Result exists (its prototype is reachable only
  // through one), so columns can skip the instanceof check per document.
  let resultsMade = false;
  function Results(list, attributes) { this.list = list; this.attributes = attributes; }

  const helpers = {
    result(data, attributes) { resultsMade = true; return new Result(data, attributes === undefined ? undefined : attributes); },
    results(list, attributes) {
      if (!Array.isArray(list)) throw new TypeError('results() expects an array');
      return new Results(list, attributes);
    },
    timestamp_ms() { return Date.now(); },
    hash_sha256(value) {
      const text = typeof value === 'string' ? value : value === undefined ? 'undefined' : typeof value === 'object' ? JSON.stringify(value) : String(value);
      return sha256(text);
    },
    mask_email(value) {
      if (typeof value !== 'string') return value;
      const at = value.indexOf('@');
      if (at < 0) return value;
      const domain = value.slice(at);
      return at <= 1 ? '*' + domain : value[0] + '***' + domain;
    },
    mask_phone(value) {
      if (typeof value === 'number') value = String(value);
      if (typeof value !== 'string' || value.length <= 4) return value;
      return '*'.repeat(value.length - 4) + value.slice(-4);
    },
    mask_year_only(value) {
      if (typeof value === 'string') {
        // A regex run costs QuickJS ~0.3 µs even when it fails at once, so the length (at least
        // 20 characters for RFC 3339, exactly 10 for a date) rules most out first; test() and
        // slice() skip building a match array: the year is always the first four characters.
        const n = value.length;
        if (n >= 20 && rfc3339.test(value)) return value.slice(0, 4) + '-01-01T00:00:00+00:00';
        if (n === 10 && dateOnly.test(value)) return value.slice(0, 4) + '-01-01';
        return value;
      }
      if (value && typeof value === 'object' && '$date' in value) {
        const inner = value.$date;
        const ms = typeof inner === 'string' ? Date.parse(inner) : inner && typeof inner === 'object' ? Number(inner.$numberLong) : Number(inner);
        if (!isFinite(ms)) return value;
        const jan1 = Date.UTC(new Date(ms).getUTCFullYear(), 0, 1);
        if (typeof inner === 'string') return { $date: new Date(jan1).toISOString() };
        if (inner && typeof inner === 'object') return { $date: { $numberLong: String(jan1) } };
        return { $date: jan1 };
      }
      return value;
    },
    sum(list, keyFn) { return numbers(list, keyFn).reduce((a, b) => a + b, 0); },
    avg(list, keyFn) { const n = numbers(list, keyFn); return n.length ? n.reduce((a, b) => a + b, 0) / n.length : null; },
    min(list, keyFn) { const n = numbers(list, keyFn); return n.length ? Math.min.apply(null, n) : null; },
    max(list, keyFn) { const n = numbers(list, keyFn); return n.length ? Math.max.apply(null, n) : null; },
    group_by(list, keyFn) {
      const out = {};
      for (const item of asArray(list, 'group_by')) {
        const key = String(keyFn(item));
        (Object.prototype.hasOwnProperty.call(out, key) ? out[key] : (out[key] = [])).push(item);
      }
      return out;
    },
    count_by(list, keyFn) {
      const out = {};
      for (const item of asArray(list, 'count_by')) {
        const key = String(keyFn(item));
        out[key] = (Object.prototype.hasOwnProperty.call(out, key) ? out[key] : 0) + 1;
      }
      return out;
    },
    unique(list, keyFn) {
      const seen = new Set();
      const out = [];
      for (const item of asArray(list, 'unique')) {
        const k = keyFn ? keyFn(item) : item;
        const id = k !== null && typeof k === 'object' ? 'o:' + JSON.stringify(k) : typeof k + ':' + String(k);
        if (!seen.has(id)) { seen.add(id); out.push(item); }
      }
      return out;
    },
    flatten(list) {
      const out = [];
      for (const item of asArray(list, 'flatten')) Array.isArray(item) ? out.push.apply(out, item) : out.push(item);
      return out;
    },
    pluck(list, field) {
      const out = [];
      for (const item of asArray(list, 'pluck')) {
        if (item !== null && typeof item === 'object' && Object.prototype.hasOwnProperty.call(item, field)) out.push(item[field]);
      }
      return out;
    },
    pick(obj, fields) {
      const out = {};
      if (obj === null || typeof obj !== 'object') return out;
      for (const f of fields) if (Object.prototype.hasOwnProperty.call(obj, f)) out[f] = obj[f];
      return out;
    },
    omit(obj, fields) {
      if (obj === null || typeof obj !== 'object') return obj;
      const out = Object.assign({}, obj);
      for (const f of fields) delete out[f];
      return out;
    },
  };

  function asArray(list, name) {
    if (!Array.isArray(list)) throw new TypeError(name + '() expects an array');
    return list;
  }
  // Numeric aggregates take ints and floats alike and skip everything else, NaN included.
  function numbers(list, keyFn) {
    const out = [];
    for (const item of asArray(list, 'aggregate')) {
      const v = keyFn ? keyFn(item) : item;
      if (typeof v === 'number' && v === v) out.push(v);
    }
    return out;
  }

  for (const name of Object.keys(helpers)) {
    Object.defineProperty(global, name, { value: helpers[name], writable: false, enumerable: false, configurable: false });
  }

  // Attribute values are strings end to end; null/undefined removes a key.
  function toAttributes(value, fallback) {
    if (value === undefined || value === null) value = fallback;
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw new TypeError('attributes must be an object of strings');
    const out = {};
    for (const k of Object.keys(value)) {
      const v = value[k];
      if (v !== undefined && v !== null) out[k] = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
    return out;
  }

  // The common case: an untouched (or string-only) attribute map goes out as it is, with no copy.
  function attributesOut(value, fallback) {
    const chosen = value === undefined || value === null ? fallback : value;
    if (chosen && typeof chosen === 'object' && !Array.isArray(chosen)) {
      let strings = true;
      for (const k in chosen) if (typeof chosen[k] !== 'string') { strings = false; break; }
      if (strings) return chosen;
    }
    return toAttributes(value, fallback);
  }

  function describe(error, index) {
    const message = error && error.message !== undefined ? String(error.name ? error.name + ': ' + error.message : error.message) : String(error);
    const stack = error && typeof error.stack === 'string' ? error.stack : '';
    const m = /\(?([^\s()]+\.js):(\d+)(?::(\d+))?/.exec(stack.split('\n').filter((l) => l.indexOf('${PRELUDE_FILENAME}') < 0).join('\n'));
    // InternalErrors (out of memory, stack overflow) leave the runtime in doubt: the host rebuilds it.
    const fatal = !!error && error.name === 'InternalError';
    return { m: message, l: m ? Number(m[2]) : null, c: m && m[3] ? Number(m[3]) : null, i: index, f: fatal };
  }

  // Single mode: one transform call per event. Arrays (or results()) fan out, null drops.
  function collectOne(ret, index, attrs, out) {
    if (ret === null || ret === undefined) return;
    if (ret instanceof Result) {
      if (ret.data === null || ret.data === undefined) return;
      out.push([ret.data, attributesOut(ret.attributes, attrs), index]);
    } else if (ret instanceof Results || Array.isArray(ret)) {
      const list = ret instanceof Results ? ret.list : ret;
      const shared = attributesOut(ret instanceof Results ? ret.attributes : undefined, attrs);
      for (const item of list) {
        if (item instanceof Result) { if (item.data !== null && item.data !== undefined) out.push([item.data, attributesOut(item.attributes, shared), index]); }
        else if (item !== null && item !== undefined) out.push([item, shared, index]);
      }
    } else out.push([ret, attributesOut(attrs), index]);
  }

  // Batch mode: the script maps the array. An output document that is one of the input objects
  // keeps that event's attributes; otherwise same position when the lengths match, else the last.
  function collectBatch(ret, datas, attrs, out) {
    if (ret === null || ret === undefined) return;
    let list = ret, shared;
    if (ret instanceof Result) {
      if (ret.data === null || ret.data === undefined) return;
      list = ret.data; shared = ret.attributes;
    } else if (ret instanceof Results) { list = ret.list; shared = ret.attributes; }
    if (!Array.isArray(list)) throw new TypeError('in batch mode transform must return an array (or result(array, attributes))');
    // A script that edits the documents in place returns the input array itself: positions are
    // origins then, and building the identity map (a third of the call's cost) is skipped.
    const same = list === datas;
    const origin = new Map();
    if (!same) for (let i = 0; i < datas.length; i++) if (datas[i] !== null && typeof datas[i] === 'object') origin.set(datas[i], i);
    const sameLength = list.length === datas.length;
    for (let j = 0; j < list.length; j++) {
      let item = list[j], own;
      if (item instanceof Result) { own = item.attributes; item = item.data; }
      if (item === null || item === undefined) continue;
      const from = same ? j : origin.has(item) ? origin.get(item) : sameLength ? j : datas.length - 1;
      out.push([item, attributesOut(own !== undefined ? own : shared, attrs[from]), from]);
    }
  }

  // Batch mode's common case, a script that edits the documents in place and returns the input
  // array: the outputs are the inputs in order, so they go out as columns { d: documents,
  // a: attribute maps } (origins implied) instead of one [data, attributes, origin] tuple per event,
  // which cost a quarter of the call. Anything else (a dropped or wrapped item) takes the general
  // path; undefined means it must. The attribute maps go out as the script left them (read once,
  // as attributesOut would read them): the host checks their encoding holds plain objects of
  // strings only, which costs far less there than attributesOut per event here (~0.6 µs), and
  // calls __ms_check_attributes for what attributesOut gives when it does not.
  function columns(ret, datas, attrs) {
    // The input array itself, still one document per input event: a script may have pushed to it
    // or shortened it, and then output i is no longer input i.
    if (ret !== datas || datas.length !== attrs.length) return undefined;
    const a = new Array(datas.length);
    const wrapped = resultsMade;
    for (let j = 0; j < datas.length; j++) {
      const item = datas[j];
      if (item === null || item === undefined || (wrapped && item instanceof Result)) return undefined;
      a[j] = attrs[j];
    }
    return { d: datas, a: a };
  }

  // The attribute maps of columns as attributesOut makes them, or the error string.
  function checkAttributes(a) {
    try {
      const out = new Array(a.length);
      for (let j = 0; j < a.length; j++) out[j] = attributesOut(undefined, a[j]);
      return out;
    } catch (error) { return stringify({ e: describe(error, 0) }); }
  }

  // Runs one call; returns the outputs (tuples, or columns when allowed), or { e } describing the
  // first failure.
  function run(datas, attrs, batch, allowColumns) {
    const transform = global.transform;
    if (typeof transform !== 'function') return { e: { m: 'the script does not define function transform(data, attributes)', l: null, c: null, i: 0 } };
    const out = [];
    if (batch) {
      try {
        const ret = transform(datas, attrs[0] || {}, attrs);
        const cols = allowColumns ? columns(ret, datas, attrs) : undefined;
        if (cols) return cols;
        collectBatch(ret, datas, attrs, out);
      }
      catch (error) { return { e: describe(error, 0) }; }
    } else {
      for (let i = 0; i < datas.length; i++) {
        try { collectOne(transform(datas[i], attrs[i]), i, attrs[i], out); }
        catch (error) { return { e: describe(error, i) }; }
      }
    }
    return out;
  }

  function stringify(outputs) {
    try { return JSON.stringify(outputs.e === undefined ? { o: outputs } : outputs); }
    catch (error) { return JSON.stringify({ e: describe(error, 0) }); }
  }

  const entryPoints = {
    // JSON strings in and out: the portable path.
    __ms_run(dataJson, attrsJson, batch) { return stringify(run(JSON.parse(dataJson), JSON.parse(attrsJson), batch, false)); },
    // Values in (args = [documents, attributes], decoded by the host from binary JSON) and the
    // outputs out (the host encodes them to binary JSON): the tuples array, or columns
    // { d, a } whose attribute maps the host checks (see columns); a string is an error.
    __ms_run_values(args, batch) { const outputs = run(args[0], args[1], batch, true); return outputs.e === undefined ? outputs : stringify(outputs); },
    __ms_check_attributes: checkAttributes,
    // The JSON fallback for outputs binary JSON cannot express as JSON would (toJSON, BigInt …).
    __ms_stringify: stringify,
    // Parts of one call, decoded ahead of it, back into [documents, attributes].
    // concat copies in C, twice as fast as pushing each item here; the parts are plain arrays
    // just decoded (and the prototypes are frozen), so nothing can make concat spread otherwise.
    __ms_join(parts) {
      const documents = [], attributes = [];
      for (let i = 0; i < parts.length; i++) { documents.push(parts[i][0]); attributes.push(parts[i][1]); }
      return [concat.apply([], documents), concat.apply([], attributes)];
    },
  };
  for (const name of Object.keys(entryPoints)) {
    Object.defineProperty(global, name, { value: entryPoints[name], writable: false, enumerable: false, configurable: false });
  }

  // Freeze the intrinsics so a script cannot change how later events (or helpers) behave.
  for (const name of Object.getOwnPropertyNames(global)) {
    const value = global[name];
    if (typeof value === 'function' && value.prototype) { Object.freeze(value.prototype); Object.freeze(value); }
  }
  Object.freeze(Math); Object.freeze(JSON); Object.freeze(Reflect);
  Object.freeze(Object.getPrototypeOf(function () {}));
  Object.freeze(Object.getPrototypeOf(function* () {}));
})(globalThis);
`;
