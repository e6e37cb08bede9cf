"use client";
import { ServiceError } from "./_components/service-error";
import "./globals.css";
import "./orders/checkout.css";

/** The root layout itself failed: this replaces it, so it brings its own <html> and <body>. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="zh-CN">
      <body>
        <ServiceError digest={error.digest} reset={reset} />
      </body>
    </html>
  );
}
