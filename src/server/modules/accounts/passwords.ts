import { hash, verify } from '@node-rs/argon2';

// argon2id with the OWASP minimum (19 MiB, 2 passes, 1 lane).
const OPTS = { memoryCost: 19456, timeCost: 2, parallelism: 1, algorithm: 2 as const };

export const hashPassword = (p: string) => hash(p, OPTS);

export async function verifyPassword(stored: string, p: string): Promise<boolean> {
  try {
    return await verify(stored, p);
  } catch {
    return false;
  }
}

// A fixed hash to verify against when the user does not exist, so timing does not reveal usernames.
let dummy: Promise<string> | null = null;
export const dummyHash = () => (dummy ??= hashPassword('lantoa-dummy-password-never-used'));
