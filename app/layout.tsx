import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { getConfig } from "@/lib/config";
import { getMessages } from "@/app/_server/locale";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "微信支付收银台 · WeChat Pay Checkout", template: "%s · 微信支付收银台" },
  description: "WeChat Pay API v3 checkout: Native QR, JSAPI and H5.",
  icons: { icon: "/favicon.svg" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#07c160" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const { locale, t } = await getMessages("shop");
  const demo = getConfig().wechat.mode === "demo";
  return (
    <html lang={locale}>
      <body>
        <header className="topbar">
          <div className="topbar-inner">
            <Link href="/" className="brand">
              <span className="brand-mark" aria-hidden />
              {t.siteName}
            </Link>
            <span className="spacer" />
            <form action="/api/v1/locale" method="post">
              <input type="hidden" name="lang" value={locale === "en" ? "zh-CN" : "en"} />
              <button className="linkish" type="submit">
                {t.languageToggle}
              </button>
            </form>
          </div>
        </header>
        {demo && (
          // A labelled region: every part of the page sits in a landmark.
          <section className="banner" aria-label={t.demoBannerLabel}>
            {t.demoBanner}
          </section>
        )}
        {children}
        <footer>{t.footer}</footer>
      </body>
    </html>
  );
}
