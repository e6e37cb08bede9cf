/** A POST/PATCH/DELETE from the console to its admin API; a refusal comes back as one readable line. */
export async function adminSend<T>(
  url: string,
  method: "POST" | "PATCH" | "DELETE",
  body?: unknown,
): Promise<{ ok: true; data: T } | { ok: false; message: string }> {
  try {
    const res = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = (await res.json().catch(() => null)) as
      (T & { error?: { message: string; details?: { message: string }[] } }) | null;
    if (!res.ok || !data) {
      const err = data?.error;
      return {
        ok: false,
        message: err ? (err.details?.map((d) => d.message).join("; ") ?? err.message) : `HTTP ${res.status}`,
      };
    }
    return { ok: true, data };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}
