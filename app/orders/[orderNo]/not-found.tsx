import Link from "next/link";
import { getMessages } from "@/lib/i18n/server";

export default async function OrderNotFound() {
  const { t } = await getMessages();
  return (
    <main className="pay-page">
      <section className="pay-card" data-testid="order-not-found">
        <h1 className="pay-title">{t.orderNotFound}</h1>
        <Link className="btn" href="/">
          {t.backToShop}
        </Link>
      </section>
    </main>
  );
}
