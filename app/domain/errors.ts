/**
 * A rule of the domain refused a change. `field` ties the message to a form field; `status`
 * is what an API answers (409 for a conflict with the record's state, 400 for bad input).
 */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly options: { field?: string; status?: number; detail?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
  get field() {
    return this.options.field ?? "form";
  }
  get status() {
    return this.options.status ?? 409;
  }
}
