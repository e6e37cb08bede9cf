import { spawnSync } from "node:child_process";

export interface OpensslSpeed {
  signPerSecond: number;
  verifyPerSecond: number;
}

/**
 * Reads `openssl speed -mr … rsa2048`. OpenSSL 3.0 prints the summary `+F2:<i>:<bits>:<sign/s>:<verify/s>`
 * on stdout and the raw counts `+R1:<signs>:<bits>:<seconds>` / `+R2:<verifies>:<bits>:<seconds>` on
 * stderr; the summary is used when present, the counts otherwise. Null when neither is there.
 */
export function parseOpensslSpeed(output: string, bits = 2048): OpensslSpeed | null {
  const lines = output.split("\n").map((l) => l.trim());
  for (const line of lines) {
    const f = line.split(":");
    if (f[0] === "+F2" && Number(f[2]) === bits) {
      const sign = Number(f[3]);
      const verify = Number(f[4]);
      if (sign > 0 && verify > 0) return { signPerSecond: sign, verifyPerSecond: verify };
    }
  }
  const rate = (tag: string) => {
    const f = lines.find((l) => l.startsWith(`${tag}:`) && Number(l.split(":")[2]) === bits)?.split(":");
    return f ? Number(f[1]) / Number(f[3]) : NaN;
  };
  const sign = rate("+R1");
  const verify = rate("+R2");
  return sign > 0 && verify > 0 ? { signPerSecond: sign, verifyPerSecond: verify } : null;
}

/**
 * The floor for RSA-2048: OpenSSL's own loop over one prepared key context, no hashing or
 * encoding. Without `-elapsed` it divides by user CPU time, which other load on a shared machine
 * hardly moves; compare it with other figures per CPU second, not per wall-clock second.
 */
export function opensslSpeedRsa2048(seconds: number): OpensslSpeed {
  const r = spawnSync("openssl", ["speed", "-mr", "-seconds", String(seconds), "rsa2048"], {
    encoding: "utf8",
  });
  if (r.error) throw new Error(`openssl speed could not run: ${r.error.message}`);
  const parsed = parseOpensslSpeed(`${r.stdout}\n${r.stderr}`);
  if (r.status !== 0 || !parsed) throw new Error(`openssl speed failed (exit ${r.status}): ${r.stderr.slice(0, 500)}`);
  return parsed;
}
