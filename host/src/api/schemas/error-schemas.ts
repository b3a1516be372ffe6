import { ERROR_CODES } from '@mstream/sdk';
import { object, ref, STRING, type JsonSchema } from './json-schema.js';

/** What every refusal and failure answers (api-error.ts builds it). */
export const ERROR_SCHEMAS= {
  Issue: object({ path: { ...STRING, description: 'Where: `body.sinks[0].resource`, `path.name`, `query.limit`' }, message: STRING }, ['path', 'message'], false, 'One problem of an invalid request'),
  Error: object(
    {
      message: STRING,
      code: { type: 'string', enum: Object.keys(ERROR_CODES), description: 'Stable; branch on it, never on the message' },
      issues: { type: 'array', items: ref('Issue'), description: 'Every problem of an invalid request (MS_ERR_CONFIG_INVALID)' },
      details: { type: 'object', additionalProperties: true, description: 'Structured facts safe to show (never secrets)' },
      plugin: { ...STRING, description: 'The plugin that failed' },
    },
    ['message', 'code'],
    false,
    'An error: `{ message, code }`, with `issues` for invalid input',
  ),
  Message: object({ message: STRING }, ['message'], false, 'A confirmation'),
} satisfies Record<string, JsonSchema>;

const json = { 'application/json': { schema: ref('Error') } };

/**
 * Statuses answered in front of the routes (create-app.ts, auth.ts, security/): which operation
 * can get which is decided in openapi-document.ts. Reusable so each operation names them once.
 */
export const ERROR_RESPONSES: Record<string, Record<string, unknown>> = {
  BadRequest: { description: 'Invalid request: malformed JSON, or `issues` lists every problem of the path, query and body (MS_ERR_BAD_REQUEST, MS_ERR_CONFIG_INVALID, MS_ERR_UNSUPPORTED)', content: json },
  Unauthorized: {
    description: 'A token is configured and this request sent none or a wrong one (MS_ERR_UNAUTHORIZED)',
    headers: { 'WWW-Authenticate': { description: 'Always `Bearer`', schema: { type: 'string', enum: ['Bearer'] } } },
    content: json,
  },
  Forbidden: { description: 'Refused (MS_ERR_FORBIDDEN): a read-only token on a request that changes something, a foreign Origin on a non-GET request, or a Host header this host does not serve', content: json },
  NotFound: { description: 'The named job, service, resource, schema, dead letter, test suite or plugin does not exist (MS_ERR_NOT_FOUND)', content: json },
  Conflict: { description: 'The object exists already or is in use (MS_ERR_CONFLICT)', content: json },
  PayloadTooLarge: { description: 'The request body is over the size limit (MS_ERR_PAYLOAD_TOO_LARGE)', content: json },
  UnsupportedMediaType: { description: 'A request body sent with a Content-Type other than application/json (MS_ERR_UNSUPPORTED_MEDIA_TYPE)', content: json },
  TooManyRequests: {
    description: 'Too many wrong tokens from this address lately (MS_ERR_TOO_MANY_REQUESTS)',
    headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', minimum: 1 } } },
    content: json,
  },
  MethodNotAllowed: {
    description: 'The path exists but not with this method; `Allow` lists the methods it has',
    headers: { Allow: { description: 'e.g. `GET, HEAD, POST`', schema: { type: 'string' } } },
    content: json,
  },
  Unavailable: { description: 'A remote system the service uses is unreachable or failing (MS_ERR_CONNECTION); retry later', content: json },
  Timeout: { description: 'The remote system took too long (MS_ERR_TIMEOUT); retry later', content: json },
};
