import type { JsonSchema } from 'json-schema-faker';

const COUNTRIES = ['DE', 'FR', 'GB', 'US', 'BR', 'IN', 'JP', 'NG', 'ES', 'CA'];
const FIRST = ['Ada', 'Alan', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Edsger'];
const LAST = ['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Allen', 'Dijkstra'];
const PLANS = ['free', 'pro', 'enterprise'];

/**
 * Schemas a datagen source uses when its options give neither `schema` nor `schema_file`: the
 * connector's `resource` names one of them. Every field is required so each document has the
 * same shape, which is what a demo sink or a benchmark wants. `user` is the quickstart's
 * profile, so the quickstart needs no schema file (which would have to sit in the files root).
 */
export const BUILTIN_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  user: {
    type: 'object',
    required: ['_id', 'name', 'email', 'age', 'country', 'plan', 'created_at'],
    additionalProperties: false,
    properties: {
      _id: { type: 'string', format: 'uuid' },
      // "First Last" from fixed lists reads better in a demo than random letters.
      name: { type: 'string', enum: FIRST.flatMap((first) => LAST.map((last) => `${first} ${last}`)) },
      email: { type: 'string', format: 'email' },
      age: { type: 'integer', minimum: 18, maximum: 90 },
      country: { type: 'string', enum: COUNTRIES },
      plan: { type: 'string', enum: PLANS },
      created_at: { type: 'string', format: 'date-time' },
    },
  },
  order: {
    type: 'object',
    required: ['_id', 'user_id', 'status', 'items', 'total', 'currency', 'created_at'],
    additionalProperties: false,
    properties: {
      _id: { type: 'string', format: 'uuid' },
      user_id: { type: 'string', format: 'uuid' },
      status: { type: 'string', enum: ['new', 'paid', 'shipped', 'delivered', 'cancelled'] },
      items: {
        type: 'array',
        minItems: 1,
        maxItems: 5,
        items: {
          type: 'object',
          required: ['sku', 'quantity', 'price'],
          additionalProperties: false,
          properties: {
            sku: { type: 'string', pattern: '^SKU-[0-9]{6}$' },
            quantity: { type: 'integer', minimum: 1, maximum: 10 },
            price: { type: 'number', minimum: 1, maximum: 500, multipleOf: 0.01 },
          },
        },
      },
      total: { type: 'number', minimum: 1, maximum: 5000, multipleOf: 0.01 },
      currency: { type: 'string', enum: ['EUR', 'USD', 'GBP'] },
      created_at: { type: 'string', format: 'date-time' },
    },
  },
};
