import { types, type PGlite } from "@electric-sql/pglite";

// Element types of Prisma's scalar lists in their default native types (String[], Int[],
// BigInt[], Float[], Decimal[], Boolean[], DateTime[], Bytes[]; Json[] is parsed by the adapter
// itself): their array OIDs are all below 1300. Arrays of other types are kept when a column
// of the database has them (a @db.Uuid list, an enum list).
const PRISMA_LIST_ELEMENTS = [
  "bool",
  "int2",
  "int4",
  "int8",
  "float4",
  "float8",
  "numeric",
  "text",
  "varchar",
  "bpchar",
  "date",
  "time",
  "timestamp",
  "timestamptz",
  "bytea",
  "json",
];

/**
 * Keeps PGlite's parsers for scalars and for the arrays Prisma can read here, and drops the
 * ~290 other array types it registers at start. Why: PGlite 0.4 merges `this.parsers` with the
 * adapter's per-query parsers (`{...this.parsers, ...options.parsers}`; pglite-prisma-adapter
 * passes them on every query), and V8 builds that copy with an element slot for every integer
 * up to the highest OID (an enum array's ~16,400): about 80 KB of garbage per query with all of
 * them, most of what PGlite allocates (bench/notes/embedded.md). Results read as before:
 * scalars and these arrays are parsed as PGlite parsed them; an array type with no parser left
 * (none a column has) would come back as PostgreSQL's text. Call it after migrating.
 */
export async function keepPrismaArrayParsers(db: PGlite): Promise<number> {
  const { rows } = await db.query<{ oid: number }>(
    `SELECT a.oid
       FROM pg_catalog.pg_type a
       JOIN pg_catalog.pg_type e ON e.oid = a.typelem
      WHERE a.typcategory = 'A'
        AND ((e.typnamespace = 'pg_catalog'::regnamespace AND e.typname = ANY($1::text[]))
             OR a.oid IN (SELECT att.atttypid
                            FROM pg_catalog.pg_attribute att
                            JOIN pg_catalog.pg_class c ON c.oid = att.attrelid
                           WHERE c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
                             AND NOT att.attisdropped))`,
    [PRISMA_LIST_ELEMENTS],
  );
  const keep = new Set([...Object.keys(types.parsers), ...rows.map((r) => String(r.oid))]);
  db.parsers = Object.fromEntries(Object.entries(db.parsers).filter(([key]) => keep.has(key)));
  return Object.keys(db.parsers).length;
}
