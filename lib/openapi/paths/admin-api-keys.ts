import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { newApiKeySchema } from "@/lib/api-keys/manage-api-keys";
import { API_KEY_SCOPES } from "@/lib/api-keys/scopes";
import { body, errors, json } from "../common";

const scopes = z.array(z.enum(API_KEY_SCOPES));

const summary = z
  .object({
    id: z.uuid(),
    name: z.string(),
    scopes,
    prefix: z.string().meta({ example: "sk_live_AbCd" }),
    lastFour: z.string(),
    livemode: z.boolean().meta({ description: "false: a sk_test_ key, which sees and creates test data only." }),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "ApiKey" });

const created = z
  .object({
    id: z.uuid(),
    name: z.string(),
    scopes,
    prefix: z.string(),
    mode: z.enum(["live", "test"]),
    livemode: z.boolean(),
    secret: z.string().meta({ description: "Shown once; only its SHA-256 is stored.", example: "sk_live_4Qm…" }),
  })
  .meta({ id: "CreatedApiKey" });

const keyParam = { path: z.object({ id: z.uuid() }) };
const admin = { tags: ["Admin: API keys"], security: [{ adminSession: [] }] };

export const adminApiKeyPaths: ZodOpenApiPathsObject = {
  "/api/v1/admin/api-keys": {
    get: {
      ...admin,
      summary: "List API keys of one mode (never their secrets)",
      requestParams: {
        query: z.object({
          mode: z.enum(["live", "test"]).optional().meta({
            description: "Which mode's keys (default: the console's live/test switch, the admin_mode cookie).",
          }),
        }),
      },
      responses: {
        "200": {
          description: "Keys",
          content: json(z.object({ livemode: z.boolean(), apiKeys: z.array(summary) })),
        },
        ...errors(400, 401, 403),
      },
    },
    post: {
      ...admin,
      summary: "Create an API key (ADMIN; same-origin)",
      requestBody: body(newApiKeySchema.meta({ id: "CreateApiKey" })),
      responses: {
        "201": { description: "The key with its secret, once", content: json(created) },
        ...errors(400, 401, 403),
      },
    },
  },
  "/api/v1/admin/api-keys/{id}": {
    delete: {
      ...admin,
      summary: "Revoke an API key (takes effect on the next request)",
      requestParams: keyParam,
      responses: {
        "200": { description: "The revoked key", content: json(z.object({ apiKey: summary })) },
        ...errors(401, 403, 404),
      },
    },
  },
};
