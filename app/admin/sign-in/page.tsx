import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requireAdmin } from "@/app/_server/require-admin";
import { getMessages } from "@/app/_server/locale";
import { safeCallback } from "../_components/safe-callback";
import { SignInForm } from "./sign-in-form";
import "../admin.css";

export const metadata: Metadata = { title: "Admin sign-in", robots: { index: false } };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const callbackUrl = safeCallback(sp.callbackUrl);
  const signedIn = await requireAdmin().then(
    () => true,
    () => false,
  );
  if (signedIn) redirect(callbackUrl);
  const { t } = await getMessages("admin");
  return (
    <main className="admin">
      <div className="panel sign-in">
        <h1>{t.signIn.title}</h1>
        <SignInForm
          callbackUrl={callbackUrl}
          t={t.signIn}
          initialError={typeof sp.error === "string" ? sp.error : undefined}
        />
      </div>
    </main>
  );
}
