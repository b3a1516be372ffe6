import { arrayOf, BOOLEAN, object, ref, STRING, TIMESTAMP, type JsonSchema } from './json-schema.js';

const ROLE: JsonSchema = { type: 'string', enum: ['admin', 'read', 'none'], description: '`none`: this host has no tokens, anyone who reaches it may write' };

/** The caller's role (routes/auth-routes.ts) and the audit log (routes/audit-routes.ts). */
export const SECURITY_SCHEMAS= {
  Session: object({ role: ROLE, can_write: BOOLEAN, token_required: BOOLEAN }, ['role', 'can_write', 'token_required'], false),
  AuditEntry: object(
    { time: TIMESTAMP, method: STRING, path: STRING, status: { type: 'integer', minimum: 100, maximum: 599 }, role: ROLE, remote: STRING },
    ['time', 'method', 'path', 'status', 'role', 'remote'],
    false,
    'One request that changed or tried to change something (never its body, token or query)',
  ),
  AuditList: arrayOf(ref('AuditEntry'), { description: 'Newest first' }),
} satisfies Record<string, JsonSchema>;
