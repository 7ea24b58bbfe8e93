// Errors as responses: keeps loaders and actions flat.

export function invariantResponse(
  condition: unknown,
  message: string,
  init: { status: number } = { status: 400 },
): asserts condition {
  if (!condition) {
    throw new Response(message, { status: init.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}

export const notFound = (message = "Not found") => new Response(message, { status: 404 });
export const forbidden = (message = "You do not have access to this page") => new Response(message, { status: 403 });

/** JSON problem body (RFC 9457) for API errors. */
export function problem(status: number, title: string, detail?: string, extra: Record<string, unknown> = {}) {
  return new Response(JSON.stringify({ type: "about:blank", title, status, detail, ...extra }), {
    status,
    headers: { "Content-Type": "application/problem+json" },
  });
}
