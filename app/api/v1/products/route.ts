import { listProducts } from "@/lib/catalog/list-products";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const GET = handle(async () => Response.json({ products: await listProducts(await getDb()) }));
