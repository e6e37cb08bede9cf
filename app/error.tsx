"use client";
import { ServiceError } from "./_components/service-error";
import "./orders/checkout.css";

/** Any page below the root layout that fails to render (a database that does not answer, …). */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ServiceError digest={error.digest} reset={reset} />;
}
