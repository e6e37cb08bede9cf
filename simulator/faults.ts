import { randomUUID } from "node:crypto";

/** Transport faults, plus answer tampering (2xx only) to test the client's response verification. */
/** "refuse": a 4xx refusal with a chosen status and code (what production answers in edge cases). */
export type FaultKind = "latency" | "error500" | "error429" | "timeout" | "drop" | "refuse" | TamperKind;
export type TamperKind = "stale-timestamp" | "bad-signature" | "unsigned" | "reordered-json";
const TAMPER_KINDS: readonly TamperKind[] = ["stale-timestamp", "bad-signature", "unsigned", "reordered-json"];
export const FAULT_KINDS: readonly FaultKind[] = [
  "latency",
  "error500",
  "error429",
  "timeout",
  "drop",
  "refuse",
  ...TAMPER_KINDS,
];

/** Endpoint ids a fault can target ("*" = every WeChat Pay API endpoint). */
const ENDPOINTS = [
  "native",
  "jsapi",
  "h5",
  "query-out-trade-no",
  "query-id",
  "close",
  "refund",
  "refund-query",
  "certificates",
  "tradebill",
  "fundflowbill",
  "billdownload",
] as const;

interface Fault {
  id: string;
  endpoint: string;
  kind: FaultKind;
  /** Probability 0..1 that a matching request is hit. */
  rate: number;
  latencyMs: number;
  /** "before": fail without processing; "after": process, then fail the answer (outcome unknown). */
  phase: "before" | "after";
  /** Remaining hits; undefined = unlimited. */
  remaining?: number;
  hits: number;
  /** "refuse" only: the HTTP status (400–499) and WeChat Pay error code answered. */
  status?: number;
  code?: string;
}

export interface FaultPlan {
  latencyMs: number;
  failure?: {
    kind: Exclude<FaultKind, "latency" | TamperKind>;
    phase: "before" | "after";
    faultId: string;
    status?: number;
    code?: string;
  };
  tamper?: TamperKind;
}

export class Faults {
  private list: Fault[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  add(input: {
    endpoint?: string;
    kind: FaultKind;
    rate?: number;
    latencyMs?: number;
    phase?: "before" | "after";
    count?: number;
    status?: number;
    code?: string;
  }): Fault {
    const endpoint = input.endpoint ?? "*";
    if (endpoint !== "*" && !(ENDPOINTS as readonly string[]).includes(endpoint)) {
      throw new Error(`unknown endpoint ${endpoint}; one of *, ${ENDPOINTS.join(", ")}`);
    }
    if (!FAULT_KINDS.includes(input.kind)) throw new Error(`unknown fault kind ${String(input.kind)}`);
    if (input.kind === "refuse") {
      const status = input.status ?? 400;
      if (!(Number.isInteger(status) && status >= 400 && status <= 499)) throw new Error("status must be 400–499");
      if (input.code !== undefined && !/^[A-Z_]{2,64}$/.test(input.code))
        throw new Error("code must be like INVALID_REQUEST");
    }
    const rate = input.rate ?? 1;
    if (!(rate >= 0 && rate <= 1)) throw new Error("rate must be within 0..1");
    const fault: Fault = {
      id: randomUUID().slice(0, 8),
      endpoint,
      kind: input.kind,
      rate,
      latencyMs: input.latencyMs ?? (input.kind === "latency" ? 1000 : 0),
      phase: input.phase ?? "before",
      remaining: input.count,
      hits: 0,
      ...(input.kind === "refuse" ? { status: input.status ?? 400, code: input.code ?? "INVALID_REQUEST" } : {}),
    };
    this.list.push(fault);
    return fault;
  }

  clear(endpoint?: string): number {
    const before = this.list.length;
    this.list = endpoint ? this.list.filter((f) => f.endpoint !== endpoint) : [];
    return before - this.list.length;
  }

  all(): Fault[] {
    return this.list.map((f) => ({ ...f }));
  }

  /** Rolls the dice for one request. */
  plan(endpoint: string): FaultPlan {
    const plan: FaultPlan = { latencyMs: 0 };
    for (const f of this.list) {
      if (f.endpoint !== "*" && f.endpoint !== endpoint) continue;
      if (f.remaining !== undefined && f.remaining <= 0) continue;
      const tamper = (TAMPER_KINDS as readonly string[]).includes(f.kind);
      if (f.kind !== "latency" && (tamper ? plan.tamper : plan.failure)) continue;
      if (this.random() >= f.rate) continue;
      f.hits++;
      if (f.remaining !== undefined) f.remaining--;
      if (f.kind === "latency") plan.latencyMs += f.latencyMs;
      else if (tamper) plan.tamper = f.kind as TamperKind;
      else
        plan.failure = {
          kind: f.kind as Exclude<FaultKind, "latency" | TamperKind>,
          phase: f.phase,
          faultId: f.id,
          status: f.status,
          code: f.code,
        };
    }
    this.list = this.list.filter((f) => f.remaining === undefined || f.remaining > 0);
    return plan;
  }
}
