// Typed errors of webhook delivery. Their messages end up in webhook_attempts.error, which the
// admin console shows: they name what went wrong, never a secret or a raw upstream answer.

abstract class WebhookDeliveryError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An endpoint secret that is not `whsec_` + base64 of 32 bytes (the database CHECK should make this impossible). */
export class WebhookSecretError extends WebhookDeliveryError {
  readonly code = "WEBHOOK_SECRET_INVALID";
}

/** The URL is not http(s), or http where only https is allowed. */
export class WebhookUrlError extends WebhookDeliveryError {
  readonly code = "WEBHOOK_URL_REFUSED";
}

/** Every address the host resolved to is private, loopback, link-local or metadata. */
export class ForbiddenAddressError extends WebhookDeliveryError {
  readonly code = "WEBHOOK_FORBIDDEN_ADDRESS";
  constructor(readonly host: string) {
    super(`${host}: no address a webhook may reach (private, loopback, link-local or metadata only)`);
  }
}

export class WebhookTimeoutError extends WebhookDeliveryError {
  readonly code = "WEBHOOK_TIMEOUT";
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}
