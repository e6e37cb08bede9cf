import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "./fixtures";

// WCAG 2.x A and AA, plus axe's best practices (landmarks, heading order, …).
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

// Rated "moderate" by axe, held here anyway: every part of a page sits in a labelled landmark
// (the demo banner too), headings go down one level at a time, one main and one h1 per page.
const HELD_MODERATE = new Set([
  "region",
  "heading-order",
  "landmark-one-main",
  "landmark-unique",
  "landmark-no-duplicate-banner",
  "landmark-no-duplicate-contentinfo",
  "page-has-heading-one",
]);

/**
 * One axe run over the page as it is now (or over `include`, a part of it): no serious or
 * critical violation, nor any of the structural ones above. A soft assertion, so one test
 * reports every page state that fails, each under its label; the test still fails.
 */
export async function expectNoSeriousA11yViolations(
  page: Page,
  label: string,
  opts: { include?: string } = {},
): Promise<void> {
  // After a client-side navigation React hoists the new page's <title> a moment after its body
  // shows; wait for it (a page with no title still fails here, after the timeout) so axe does
  // not catch the gap.
  if (!opts.include) await expect(page).toHaveTitle(/\S/);
  // resultTypes: axe skips collecting details of passing and incomplete checks (cheaper).
  let builder = new AxeBuilder({ page }).withTags(TAGS).options({ resultTypes: ["violations"] });
  if (opts.include) builder = builder.include(opts.include);
  const { violations } = await builder.analyze();
  const problems = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical" || HELD_MODERATE.has(v.id))
    .map((v) => {
      const where = v.nodes
        .slice(0, 4)
        .map((n) => n.target.join(" "))
        .join(", ");
      return `${v.id} (${v.impact}): ${v.help} — ${where}${v.nodes.length > 4 ? ` … ${v.nodes.length} nodes` : ""}`;
    });
  expect.soft(problems, `axe: ${label} (${page.url()})`).toEqual([]);
}
