import { NotFoundError, type ResourcesDefinition } from '@mstream/sdk';
import { BUILTIN_SCHEMAS } from './builtin-schemas.js';
import type { DatagenHandle } from './datagen-service.js';

/** Lists the built-in schemas a datagen source can name as its resource; `read` returns the schema. */
export const datagenResources: ResourcesDefinition<DatagenHandle> = {
  provider: 'datagen',
  create: () => ({
    async list() {
      return Object.entries(BUILTIN_SCHEMAS).map(([name, schema]) => ({
        name,
        resource_type: 'generator',
        details: { fields: Object.keys((schema as { properties?: object }).properties ?? {}) },
      }));
    },
    async read(name) {
      const schema = BUILTIN_SCHEMAS[name];
      if (!schema) throw new NotFoundError(`datagen: no built-in schema "${name}"`);
      return JSON.stringify(schema, null, 2);
    },
  }),
};
