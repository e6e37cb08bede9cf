import "../orders/checkout.css";

export default function PayLayout({ children }: { children: React.ReactNode }) {
  return children;
}
