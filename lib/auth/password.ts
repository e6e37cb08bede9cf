import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";

const scryptRaw = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );

// OWASP's scrypt minimum: N=2^17, r=8, p=1. ~0.5 s and 128 MiB per hash on this class of machine.
const PASSWORD_PARAMS = { N: 131072, r: 8, p: 1 } as const;
const KEYLEN = 32;
const MAXMEM = 256 * 1024 * 1024;

// At most two hashes at once per process: each holds 128 MiB, and scrypt runs on libuv's pool
// of four threads, which file and DNS work share; a burst of sign-ins then queues here instead.
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: (() => void)[] = [];
async function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    return await scryptRaw(password, salt, keylen, { ...opts, maxmem: MAXMEM });
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

/** `scrypt$N$r$p$salt$hash` (base64url), self-describing so parameters can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const { N, r, p } = PASSWORD_PARAMS;
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { N, r, p });
  return ["scrypt", N, r, p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

function parse(stored: string) {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !key) return null;
  return { N: Number(n), r: Number(r), p: Number(p), salt, key };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parse(stored);
  // Parameters come from our own column; still, refuse ones that would exhaust memory or spin.
  if (!h || !(h.N >= 2 && h.N <= PASSWORD_PARAMS.N && h.r >= 1 && h.r <= 8 && h.p >= 1 && h.p <= 4)) return false;
  const expected = Buffer.from(h.key, "base64url");
  const key = await scrypt(password, Buffer.from(h.salt, "base64url"), expected.length, { N: h.N, r: h.r, p: h.p });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** True for a hash made with weaker parameters than today's: rehash it at the next sign-in. */
export function needsRehash(stored: string): boolean {
  const h = parse(stored);
  const { N, r, p } = PASSWORD_PARAMS;
  return !h || h.N < N || h.r < r || h.p < p;
}

/** A password for the demo admin: printed once at start, never stored in clear. */
export function generatePassword(): string {
  return randomBytes(12).toString("base64url");
}
