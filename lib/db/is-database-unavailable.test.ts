import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { isDatabaseUnavailable } from "./is-database-unavailable";

// Shapes as they arrive (captured from pg 8 and Prisma 7 with @prisma/adapter-pg against a
// stalled, restarted and absent server; lib/db/pg-timeouts.test.ts produces the real ones).
const prismaRaw = (cause: Record<string, unknown>) => ({
  name: "PrismaClientKnownRequestError",
  code: "P2010",
  message: "Raw query failed.",
  meta: { driverAdapterError: { name: "DriverAdapterError", cause } },
});
const sqlState = (code: string) => Object.assign(new Error("server said no"), { code, severity: "FATAL" });

describe("isDatabaseUnavailable", () => {
  it.each([
    ["pg client read timeout", new Error("Query read timeout")],
    ["pg connect timeout", new Error("Connection terminated due to connection timeout")],
    ["pg pool checkout timeout", new Error("timeout exceeded when trying to connect")],
    ["connection cut", new Error("Connection terminated unexpectedly")],
    ["refused socket", Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED", syscall: "connect" })],
    ["server shutting down (57P01)", sqlState("57P01")],
    ["server starting up (57P03)", sqlState("57P03")],
    ["too many connections (53300)", sqlState("53300")],
    ["statement_timeout (57014)", sqlState("57014")],
    ["Prisma: not reachable", prismaRaw({ kind: "DatabaseNotReachable", host: "127.0.0.1", port: 9 })],
    ["Prisma: connection closed", prismaRaw({ kind: "ConnectionClosed" })],
    ["Prisma: postgres 57P01", prismaRaw({ kind: "postgres", code: "57P01", originalCode: "57P01" })],
    ["Prisma: P1001", { code: "P1001", message: "Can't reach database server" }],
    ["Prisma: transaction timed out (P2028)", { code: "P2028", message: "Transaction API error" }],
    ["wrapped in a cause", new Error("outer", { cause: new Error("Query read timeout") })],
  ])("%s: unavailable", (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ["unique violation (P2002)", { code: "P2002", message: "Unique constraint failed" }],
    ["raw query with a syntax error", prismaRaw({ kind: "postgres", code: "42601", originalCode: "42601" })],
    ["check violation (23514)", sqlState("23514")],
    ["validation", new ZodError([])],
    ["a bug", new TypeError("x is undefined")],
    ["not an error", "Query read timeout"],
    ["null", null],
  ])("%s: not unavailable", (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });

  it("stops on a cause cycle", () => {
    const a: { message: string; cause?: unknown } = { message: "a" };
    a.cause = { message: "b", cause: a };
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});
