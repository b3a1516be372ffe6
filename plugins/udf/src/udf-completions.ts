import type { ScriptCompletion } from '@mstream/sdk';

const fn = (label: string, signature: string, documentation: string, insert: string): ScriptCompletion => ({
  label,
  kind: 'function',
  detail: signature,
  documentation,
  insert_text: insert,
  is_snippet: insert.includes('$'),
});

/** Editor help for the script contract and every helper the sandbox offers (see README.md). */
export const UDF_COMPLETIONS: ScriptCompletion[] = [
  {
    label: 'transform',
    kind: 'snippet',
    detail: 'function transform(data, attributes)',
    documentation: 'The entry point. In batch mode `data` is the array of documents. Return result(...), null to drop, or an array to fan out.',
    insert_text: 'function transform(data, attributes) {\n  ${1}\n  return result(data, attributes);\n}',
    is_snippet: true,
  },
  fn('result', 'result(data, attributes?)', 'The output document; without attributes the incoming ones are kept.', 'result(${1:data})'),
  fn('results', 'results(list, attributes?)', 'Fan one event out into several documents.', 'results([${1}])'),
  fn('timestamp_ms', 'timestamp_ms(): number', 'Current Unix time in milliseconds.', 'timestamp_ms()'),
  fn('hash_sha256', 'hash_sha256(value): string', 'Hex SHA-256 of the value as text.', 'hash_sha256(${1:value})'),
  fn('mask_email', 'mask_email(email): string', '"john@example.com" → "j***@example.com".', 'mask_email(${1:data.email})'),
  fn('mask_phone', 'mask_phone(phone): string', 'Replaces all but the last 4 characters with "*".', 'mask_phone(${1:data.phone})'),
  fn('mask_year_only', 'mask_year_only(date)', 'Keeps only the year of an RFC 3339 date, a YYYY-MM-DD date or a {$date} value.', 'mask_year_only(${1:data.birth_date})'),
  fn('sum', 'sum(list, keyFn?): number', 'Sum of the numbers (or of keyFn(item)); NaN skipped.', 'sum(${1:list})'),
  fn('avg', 'avg(list, keyFn?): number | null', 'Average of the numbers; null for none.', 'avg(${1:list})'),
  fn('min', 'min(list, keyFn?): number | null', 'Smallest number; null for none.', 'min(${1:list})'),
  fn('max', 'max(list, keyFn?): number | null', 'Largest number; null for none.', 'max(${1:list})'),
  fn('group_by', 'group_by(list, keyFn): object', 'Items grouped by keyFn(item).', 'group_by(${1:list}, (item) => ${2:item.key})'),
  fn('count_by', 'count_by(list, keyFn): object', 'Counts of items by keyFn(item).', 'count_by(${1:list}, (item) => ${2:item.key})'),
  fn('unique', 'unique(list, keyFn?): array', 'Items without duplicates (by keyFn when given).', 'unique(${1:list})'),
  fn('flatten', 'flatten(list): array', 'Flattens one level of nesting.', 'flatten(${1:list})'),
  fn('pluck', 'pluck(list, field): array', 'The field of every item.', 'pluck(${1:list}, "${2:field}")'),
  fn('pick', 'pick(obj, fields): object', 'A copy with only these fields.', 'pick(${1:data}, [${2}])'),
  fn('omit', 'omit(obj, fields): object', 'A copy without these fields.', 'omit(${1:data}, [${2}])'),
];
