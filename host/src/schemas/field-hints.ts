/**
 * Realistic values chosen from a field's name, for `POST /schema/fill` (the original's
 * `fill/matchers.rs` list). Each hint gets a seeded random source so a seed gives one document.
 */
export type Random = () => number;

const FIRST = ['Ada', 'Alan', 'Grace', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken', 'Frances', 'Edsger', 'Radia', 'John'];
const LAST = ['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson', 'Allen', 'Dijkstra', 'Perlman', 'Backus'];
const CITIES = ['Lisbon', 'Berlin', 'Toronto', 'Osaka', 'Nairobi', 'Melbourne', 'Austin', 'Lyon', 'Porto', 'Seoul'];
const COUNTRIES = ['Portugal', 'Germany', 'Canada', 'Japan', 'Kenya', 'Australia', 'United States', 'France', 'Brazil', 'South Korea'];
const STATES = ['CA', 'NY', 'TX', 'WA', 'IL', 'MA', 'OR', 'CO', 'FL', 'GA'];
const STREETS = ['Main St', 'Oak Avenue', 'Maple Road', 'Station Road', 'High Street', 'Elm Street', 'Park Lane', 'River Drive'];
const DOMAINS = ['example.com', 'mail.test', 'example.org'];

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)];
const int = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const digits = (random: Random, n: number) => Array.from({ length: n }, () => int(random, 0, 9)).join('');
const hex = (random: Random, n: number) => Array.from({ length: n }, () => int(random, 0, 15).toString(16)).join('');

/** A 24-hex-digit ObjectId string (timestamp-like prefix so ids sort plausibly). */
export function objectIdHex(random: Random): string {
  return (0x60000000 + int(random, 0, 0x10000000)).toString(16) + hex(random, 16);
}

/** An ISO-8601 instant within the last ~3 years. */
export function dateTime(random: Random): string {
  return new Date(Date.UTC(2023, 0, 1) + Math.floor(random() * 3 * 365 * 86_400_000)).toISOString();
}

/** A string value from the field name, or undefined when no hint applies. */
export function stringHint(field: string, random: Random): string | undefined {
  const f = field.toLowerCase();
  if (f === '_id' || f === 'id' || f.endsWith('_id') || f.endsWith('id') && f.length > 2 && /[a-z]Id$/.test(field)) return objectIdHex(random);
  if (f.includes('email')) return `${pick(random, FIRST).toLowerCase()}.${pick(random, LAST).toLowerCase()}${int(random, 1, 99)}@${pick(random, DOMAINS)}`;
  if (f.includes('phone') || f.includes('mobile')) return `+1-${int(random, 200, 989)}-${digits(random, 3)}-${digits(random, 4)}`;
  if (f.endsWith('_at') || f.endsWith('_date') || f.endsWith('at') && /[a-z]At$/.test(field) || f === 'timestamp' || f === 'date') return dateTime(random);
  if (f.includes('first') && f.includes('name')) return pick(random, FIRST);
  if (f.includes('last') && f.includes('name') || f === 'surname') return pick(random, LAST);
  if (f === 'name' || f.includes('full_name') || f === 'fullname') return `${pick(random, FIRST)} ${pick(random, LAST)}`;
  if (f.includes('street')) return `${int(random, 1, 999)} ${pick(random, STREETS)}`;
  if (f.includes('address')) return `${int(random, 1, 999)} ${pick(random, STREETS)}, ${pick(random, CITIES)}`;
  if (f.includes('city')) return pick(random, CITIES);
  if (f.includes('country')) return pick(random, COUNTRIES);
  if (f === 'state' || f.endsWith('_state')) return pick(random, STATES);
  if (f.includes('zip') || f.includes('postal')) return digits(random, 5);
  if (f.includes('ssn')) return `${digits(random, 3)}-${digits(random, 2)}-${digits(random, 4)}`;
  if (f.includes('credit_card') || f.includes('card_number')) return `4${digits(random, 15)}`;
  if (f.includes('cvv')) return digits(random, 3);
  return undefined;
}

/** A numeric range from the field name ([min, max]), for numbers the schema leaves unbounded. */
export function numberRange(field: string, integer: boolean): [number, number] | undefined {
  const f = field.toLowerCase();
  if (f.includes('age')) return [18, 90];
  if (f.includes('year')) return [1950, 2030];
  if (f.includes('salary')) return [30_000, 250_000];
  if (f.includes('count') || f.includes('total') || f.includes('quantity') || f === 'qty') return [0, 1000];
  if (!integer) {
    if (f === 'lat' || f.includes('latitude')) return [-90, 90];
    if (f === 'lng' || f === 'lon' || f.includes('longitude')) return [-180, 180];
    if (f.includes('gpa')) return [0, 4];
    if (f.includes('percent')) return [0, 100];
    if (f.includes('ratio') || f.includes('rate')) return [0, 1];
    if (f.includes('price') || f.includes('cost') || f.includes('amount')) return [1, 500];
  } else if (f.includes('percent')) return [0, 100];
  return undefined;
}
