import { getMessages } from "@/app/_server/locale";

export default async function SessionNotFound() {
  const { t } = await getMessages("shop");
  return (
    <main className="pay-page">
      <section className="pay-card" data-testid="session-not-found">
        <h1 className="pay-title">{t.sessionNotFound}</h1>
      </section>
    </main>
  );
}
