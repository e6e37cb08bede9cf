"use client";
import { useRouter } from "next/navigation";
import { startTransition } from "react";
import { serviceErrorMessages as messages } from "@/lib/i18n/service-error-messages";

/**
 * What a shopper sees when a page could not be rendered (most often: the database did not
 * answer in time). Both languages at once: the locale cookie may be exactly what could not be
 * read, and the root layout (which knows it) may be the part that failed. "Try again" re-renders
 * the segment on the server (refresh) and resets the boundary.
 */
export function ServiceError({ digest, reset }: { digest?: string; reset: () => void }) {
  const router = useRouter();
  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });
  return (
    <main className="pay-page">
      <section className="pay-card" data-testid="service-error" role="alert">
        {(["zh-CN", "en"] as const).map((locale) => (
          <div key={locale} lang={locale}>
            <h1 className="pay-title">{messages[locale].errorTitle}</h1>
            <p>{messages[locale].errorBody}</p>
          </div>
        ))}
        <button className="btn" type="button" onClick={retry}>
          {messages["zh-CN"].retry} / {messages.en.retry}
        </button>
        {digest && (
          <p className="muted small">
            {messages["zh-CN"].errorReference} / {messages.en.errorReference}: <code>{digest}</code>
          </p>
        )}
      </section>
    </main>
  );
}
