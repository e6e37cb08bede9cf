import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors/app-error";
import { clientIp } from "@/lib/http/client-ip";
import { handle } from "@/lib/http/handle";
import { readJson } from "@/lib/http/read-json";
import { withApiKey } from "@/lib/api-keys/with-api-key";
import { getWechat } from "@/lib/payments/mode-contexts";
import { simulatorControl } from "@/lib/test-mode/simulator-control";
import { triggerEvent } from "@/lib/test-mode/trigger-event";
import { triggerRequestSchema } from "@/lib/test-mode/trigger-types";

export const runtime = "nodejs";

// With test mode off the route does not exist, whoever asks (as the test page's controls).
const off = handle(async () => {
  throw new NotFoundError("Test mode is off");
});

/**
 * `stripe trigger` for test mode (`checkout:write`, sk_test_ keys only: a live key is 403
 * LIVEMODE_MISMATCH): `{type}` → the objects are created and the simulator driven so that event
 * comes through the real pipeline. See lib/test-mode/trigger-event.ts.
 */
const trigger = withApiKey("checkout:write", async (request, actor) => {
  const testMode = getConfig().testMode!;
  const { type } = triggerRequestSchema.parse(await readJson(request));
  const created = await triggerEvent(
    {
      db: await getDb(),
      wechat: getWechat(false),
      control: simulatorControl(testMode.simulatorUrl),
      config: getConfig(),
      actor,
      ip: clientIp(request.headers),
    },
    type,
  );
  return Response.json(created);
});

export const POST = (request: Request, ctx: unknown) => (getConfig().testMode ? trigger : off)(request, ctx);
