import { getMessages } from "@/lib/i18n/server";

export default async function SessionNotFound() {
  const { t } = await getMessages();
  return (
    <main className="pay-page">
      <section className="pay-card" data-testid="session-not-found">
        <h1 className="pay-title">{t.sessionNotFound}</h1>
      </section>
    </main>
  );
}
