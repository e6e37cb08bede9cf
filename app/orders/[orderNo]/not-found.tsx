import Link from "next/link";
import { getMessages } from "@/app/_server/locale";

export default async function OrderNotFound() {
  const { t } = await getMessages("shop");
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
