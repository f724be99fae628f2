import { randomBytes, randomUUID } from 'node:crypto';

/** App-made string ids, portable across SQLite and PostgreSQL. */
export const newId = (): string => randomUUID();

/** URL-safe random secret (session tokens, CSRF tokens, feed links). */
export const newSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');
