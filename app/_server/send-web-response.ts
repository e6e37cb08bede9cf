import type { ServerResponse } from "node:http";

/**
 * Writes a web Response (status, headers, body) onto Node's response, for Pages API routes that
 * produce one (a handler's answer, or errorResponse's). Several Set-Cookie values stay separate
 * headers, as a route handler's would.
 */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("Set-Cookie", cookies);
  res.end(Buffer.from(await response.arrayBuffer()));
}
