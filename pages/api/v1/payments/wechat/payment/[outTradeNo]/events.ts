// The payment status stream is a Pages Router API route, the app's only one: it writes to Node's
// response, so once the first event is out Next's request handling is finished and an open
// stream is a socket plus a small object. An App Router route handler keeps Next's whole
// request pipeline pending for as long as its ReadableStream is open: bench:streams measured a
// bare route handler at ≈ 77 KB of RSS per open stream against ≈ 26 KB for a bare Pages API
// route, and the 5,000 open pages of issue 18 must fit in 300 MB.
import { nodeApiRoute } from "@/app/_server/node-api-route";
import { outTradeNoInput } from "@/lib/checkout/order-input";
import { openPaymentStatusStream, serverResponseSink } from "@/lib/checkout/payment-status-stream";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/process-db";

// The stream answers after the handler returns (externalResolver); GET has no body to parse.
export const config = { api: { externalResolver: true, bodyParser: false } };

export default nodeApiRoute(["outTradeNo"], async (req, res, params) => {
  if (req.method !== "GET") {
    res.setHeader("Allow", "GET");
    res.status(405).end();
    return;
  }
  const { outTradeNo } = outTradeNoInput.parse(params);
  let gone = false;
  let stream: { close(): void } | null = null;
  res.once("close", () => {
    gone = true;
    stream?.close();
  });
  stream = await openPaymentStatusStream(
    { db: await getDb(), database: getConfig().database },
    outTradeNo,
    serverResponseSink(res),
  );
  if (gone) stream.close();
});
