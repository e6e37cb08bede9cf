// The framework's ceiling for a write route: a bare Next.js app (bare-next-app.ts) whose route
// reads the body and does one prepared INSERT through a pg pool, as an App Router route handler
// (`/insert`) and as a Pages Router API route (`/api/insert`, the kind Checkout Session creation
// is: pages/api/v1/checkout/sessions.ts). A route of that kind cannot be cheaper than this on the
// same machine and database.
import pg from "pg";
import { parsePostgresUrl } from "../../lib/db/postgres-url";
import { buildBareNextApp, startBareNextApp, type BareNextApp } from "./bare-next-app";

const ROUTE = `import pg from "pg";
const pool = new pg.Pool({ connectionString: process.env.BARE_DATABASE_URL, max: 8 });
export function GET() {
  return Response.json({ ok: true });
}
export async function POST(request: Request) {
  const body = await request.text();
  await pool.query({ name: "bare_insert", text: "INSERT INTO bench_bare (body) VALUES ($1)", values: [body] });
  return Response.json({ ok: true }, { status: 201 });
}
`;

const PAGES_ROUTE = `import pg from "pg";
const pool = new pg.Pool({ connectionString: process.env.BARE_DATABASE_URL, max: 8 });
export const config = { api: { bodyParser: false } };
export default async function insert(req, res) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = Buffer.concat(chunks).toString("utf8");
  await pool.query({ name: "bare_insert", text: "INSERT INTO bench_bare (body) VALUES ($1)", values: [body] });
  res.status(201).json({ ok: true });
}
`;

/**
 * Starts the bare app against `databaseUrl` (its own table in that schema); `stop()` ends it.
 * `nodeArgs` go to its node (bench:notify's --cpu-prof).
 */
export async function startBareInsertApp(
  root: string,
  databaseUrl: string,
  nodeArgs: string[] = [],
): Promise<BareNextApp> {
  const dir = buildBareNextApp(
    root,
    "bare-insert",
    { "app/insert/route.ts": ROUTE, "pages/api/insert.js": PAGES_ROUTE },
    ["pg"],
  );
  const { connectionString } = parsePostgresUrl(databaseUrl);
  const c = new pg.Client({ connectionString });
  await c.connect();
  await c.query("CREATE TABLE IF NOT EXISTS bench_bare (id bigserial PRIMARY KEY, body text NOT NULL)");
  await c.end();
  return startBareNextApp(root, dir, "/insert", { env: { BARE_DATABASE_URL: connectionString }, nodeArgs });
}
