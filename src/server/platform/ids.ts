import { randomBytes } from 'node:crypto';
import { v7 } from 'uuid';

/**
 * App-made row ids, portable across SQLite and PostgreSQL: UUID version 7 (RFC 9562), which starts with the
 * creation time in milliseconds. Rows made together sit together in every primary-key index, so the rows a
 * busy minute touches (the attempts and answers of a contest's running round) share a few hot pages instead of
 * one random page each: fewer cache misses, and fewer pages copied to the WAL per commit (docs/decisions.md,
 * "Contest load"). Ids are never secrets (every read checks permissions); 74 of the 128 bits stay random.
 */
export const newId = (): string => v7();

/** A short random id, unique within its parent (a question's options): 8 hex characters. */
export const newShortId = (): string => randomBytes(4).toString('hex');

/** URL-safe random secret (session tokens, CSRF tokens, feed links). */
export const newSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');
