// GOV.UK pagination: previous and next, the first and last page, and the pages around this one.
import { Link } from "@remix-run/react";

function pagesToShow(page: number, pageCount: number): (number | "gap")[] {
  const wanted = new Set([1, pageCount, page - 1, page, page + 1].filter((n) => n >= 1 && n <= pageCount));
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: (number | "gap")[] = [];
  sorted.forEach((n, i) => {
    if (i > 0 && n - sorted[i - 1] > 1) out.push("gap");
    out.push(n);
  });
  return out;
}

export function Pagination({
  page,
  pageCount,
  linkTo,
}: {
  page: number;
  pageCount: number;
  linkTo: (page: number) => string;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label="Pages" className="mt-6 flex flex-wrap items-center gap-2">
      {page > 1 ? (
        <Link to={linkTo(page - 1)} rel="prev" className="px-2 py-1 font-semibold">
          ‹ Previous<span className="sr-only"> page</span>
        </Link>
      ) : null}
      <ul className="flex flex-wrap items-center gap-1">
        {pagesToShow(page, pageCount).map((n, i) =>
          n === "gap" ? (
            <li key={`gap-${i}`} className="px-2" aria-hidden="true">
              ⋯
            </li>
          ) : (
            <li key={n}>
              <Link
                to={linkTo(n)}
                aria-label={`Page ${n}`}
                aria-current={n === page ? "page" : undefined}
                className={`block min-w-10 px-3 py-1 text-center font-semibold ${
                  n === page ? "bg-brand-700 text-white no-underline" : ""
                }`}
              >
                {n}
              </Link>
            </li>
          ),
        )}
      </ul>
      {page < pageCount ? (
        <Link to={linkTo(page + 1)} rel="next" className="px-2 py-1 font-semibold">
          Next<span className="sr-only"> page</span> ›
        </Link>
      ) : null}
    </nav>
  );
}
