import Link from "next/link";

export function Pager({
  page,
  pageCount,
  href,
  prev,
  next,
  label,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
  prev: string;
  next: string;
  label: string;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav className="pager" aria-label="pagination">
      {page > 1 ? (
        <Link href={href(page - 1)} rel="prev">
          {prev}
        </Link>
      ) : (
        <span className="muted">{prev}</span>
      )}
      <span className="muted">{label}</span>
      {page < pageCount ? (
        <Link href={href(page + 1)} rel="next">
          {next}
        </Link>
      ) : (
        <span className="muted">{next}</span>
      )}
    </nav>
  );
}
