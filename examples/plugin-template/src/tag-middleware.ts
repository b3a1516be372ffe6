import type { MiddlewareDefinition } from '@mstream/sdk';

/** Middleware options, as validated by the schema below. */
export interface TagOptions {
  attribute: string;
  value: string;
}

/**
 * A middleware: stamps an attribute on every event. Middleware returns new event objects (never
 * mutates its input), may drop events (return fewer) or fan out (return more), in order.
 */
export const tagMiddleware: MiddlewareDefinition<unknown, TagOptions> = {
  provider: 'plugin-template',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      attribute: { type: 'string', minLength: 1, default: 'tagged-by', description: 'attribute name to set' },
      value: { type: 'string', default: 'plugin-template', description: 'attribute value' },
    },
  },
  create({ options }) {
    return {
      async transform(events) {
        return events.map((event) => ({ ...event, attributes: { ...event.attributes, [options.attribute]: options.value } }));
      },
    };
  },
};
