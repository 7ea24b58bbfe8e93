// Every page's action reads a form. What is not one — JSON, plain text, a multipart body with
// no boundary or one that does not parse — is answered here, once for every action, with a
// plain 415 or 400 instead of reaching an action and failing there as a server error. The
// FHIR API under /api/ takes JSON and reads its own bodies.

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

export const NOT_A_FORM =
  "Pathway's pages accept forms only (application/x-www-form-urlencoded or multipart/form-data).";
export const UNREADABLE_FORM = "The form could not be read. Go back to the page and send it again.";

const hasBody = (headers) => Number(headers["content-length"] ?? 0) > 0 || headers["transfer-encoding"] !== undefined;

/**
 * What is wrong with a request to a page's action before its body is read: 415 for something
 * that is not a form, 400 for multipart with no boundary; null if it may go on.
 */
export function formRequestProblem({ method, path, headers }) {
  if (["GET", "HEAD", "OPTIONS"].includes(method) || path.startsWith("/api/") || !hasBody(headers)) return null;
  const contentType = String(headers["content-type"] ?? "");
  const mediaType = contentType.split(";")[0].trim().toLowerCase();
  if (!FORM_TYPES.has(mediaType)) return { status: 415, message: NOT_A_FORM };
  if (mediaType === "multipart/form-data" && !/;\s*boundary=(?:"[^"]+"|[^";\s]+)/i.test(contentType))
    return { status: 400, message: UNREADABLE_FORM };
  return null;
}

/** Whether a multipart body parses as a form, as the action will parse it. */
export async function isReadableMultipart(body, contentType) {
  try {
    await new Response(body, { headers: { "Content-Type": contentType } }).formData();
    return true;
  } catch {
    return false;
  }
}

const isMultipart = (req) =>
  String(req.headers["content-type"] ?? "")
    .trim()
    .toLowerCase()
    .startsWith("multipart/form-data");

/**
 * Express middleware. A multipart body (at most the server's size limit, already checked) is
 * read here and kept in res.locals.formBody for the Remix request, so that a malformed one is
 * a 400 before any action runs.
 */
export function formBodies() {
  return async (req, res, next) => {
    const problem = formRequestProblem({ method: req.method, path: req.path, headers: req.headers });
    if (problem) {
      res.status(problem.status).type("text/plain").send(problem.message);
      return;
    }
    if (["GET", "HEAD", "OPTIONS"].includes(req.method) || req.path.startsWith("/api/") || !isMultipart(req))
      return next();
    try {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const body = Buffer.concat(chunks);
      if (!(await isReadableMultipart(body, req.headers["content-type"]))) {
        res.status(400).type("text/plain").send(UNREADABLE_FORM);
        return;
      }
      res.locals.formBody = body;
      next();
    } catch (error) {
      next(error);
    }
  };
}
