import { describe, expect, it } from "vitest";
import type { Locale } from "./locale";
import { messages, type Namespace } from "./messages";

type Leaf = { path: string; value: unknown };

/** Every leaf of a catalog with its dotted path: a string, or a function that builds one. */
function leaves(node: unknown, prefix = ""): Leaf[] {
  if (node !== null && typeof node === "object" && !Array.isArray(node))
    return Object.entries(node).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  return [{ path: prefix, value: node }];
}

/** A leaf's text as a reader sees it; a function gets distinct numbers, which must all show up. */
function render({ path, value }: Leaf): string {
  if (typeof value === "string") return value;
  if (typeof value === "function") {
    const args = Array.from({ length: value.length }, (_, i) => 7001 + i);
    const text: unknown = value(...args);
    expect(typeof text, `${path} returns a string`).toBe("string");
    for (const a of args) expect(text as string, `${path} shows its argument ${a}`).toContain(String(a));
    return text as string;
  }
  throw new Error(`${path} is neither a string nor a function: ${typeof value}`);
}

const namespaces = Object.keys(messages) as Namespace[];
const locales: Locale[] = ["zh-CN", "en"];

describe.each(namespaces)("the %s messages", (ns) => {
  const byLocale = Object.fromEntries(locales.map((l) => [l, leaves(messages[ns][l])])) as Record<Locale, Leaf[]>;

  it("have the same keys in both languages", () => {
    const keys = (l: Locale) => byLocale[l].map((x) => x.path).sort();
    expect(keys("en")).toEqual(keys("zh-CN"));
    expect(keys("zh-CN").length).toBeGreaterThan(10);
  });

  it.each(locales)("in %s: no empty text", (locale) => {
    const empty = byLocale[locale].filter((leaf) => render(leaf).trim() === "").map((x) => x.path);
    expect(empty).toEqual([]);
  });

  // Some texts are templates filled in by the page (`deliverySummary`: "{delivered} …").
  it("have the same {placeholders} in both languages", () => {
    const holes = (l: Locale) =>
      Object.fromEntries(
        byLocale[l]
          .filter((x) => typeof x.value === "string" && /\{\w+\}/.test(x.value))
          .map((x) => [x.path, ((x.value as string).match(/\{\w+\}/g) ?? []).sort()]),
      );
    expect(holes("en")).toEqual(holes("zh-CN"));
  });

  it("take the same arguments in both languages", () => {
    const arity = (l: Locale) =>
      Object.fromEntries(
        byLocale[l].filter((x) => typeof x.value === "function").map((x) => [x.path, (x.value as () => string).length]),
      );
    expect(arity("en")).toEqual(arity("zh-CN"));
  });
});

describe("the catalogs themselves", () => {
  it("cover both languages for every namespace", () => {
    for (const ns of namespaces) expect(Object.keys(messages[ns]).sort()).toEqual([...locales].sort());
  });

  it("are told apart: the languages differ on their titles", () => {
    expect(messages.shop.en.siteName).not.toBe(messages.shop["zh-CN"].siteName);
    expect(messages.admin.en.console).not.toBe(messages.admin["zh-CN"].console);
  });
});
