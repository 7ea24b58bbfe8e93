// A one-time link to set a password, shown once to the administrator to pass on.
import { useState } from "react";
import { formatDateTime } from "~/utils/dates";

export function PasswordLink({
  link,
  expiresAt,
  name,
  purpose,
  emailedTo,
}: {
  link: string | null;
  expiresAt: string;
  name: string;
  purpose: "invitation" | "reset";
  /** Set when the link went by email: then it is not shown here at all. */
  emailedTo?: string | null;
}) {
  const [isCopied, setIsCopied] = useState(false);
  if (emailedTo || !link) {
    return (
      <section
        aria-labelledby="link-heading"
        className="mb-6 rounded-md border-l-8 border-green-700 bg-green-50 p-4"
        role="status"
      >
        <h2 id="link-heading" className="text-lg font-bold">
          {purpose === "invitation" ? `${name} is invited` : `A new password link for ${name}`}
        </h2>
        <p className="mt-1">
          Pathway is emailing them a link to set their password{emailedTo ? ` at ${emailedTo}` : ""}. It works once,
          until {formatDateTime(expiresAt)} (72 hours). If it does not arrive, make a new one from their page.
        </p>
      </section>
    );
  }
  return (
    <section
      aria-labelledby="link-heading"
      className="mb-6 rounded-md border-l-8 border-green-700 bg-green-50 p-4"
      role="status"
    >
      <h2 id="link-heading" className="text-lg font-bold">
        {purpose === "invitation" ? `${name} is invited` : `A new password link for ${name}`}
      </h2>
      <p className="mt-1">
        No email channel is set up, so give them this link, in person or by a secure message. It works once, until{" "}
        {formatDateTime(expiresAt)} (72 hours). Pathway will not show it again; you can make a new one from their page.
      </p>
      <label htmlFor="password-link" className="mt-3 block font-semibold">
        Link to set a password
      </label>
      <div className="mt-1 flex flex-wrap gap-2">
        <input
          id="password-link"
          readOnly
          value={link}
          className="input min-w-0 flex-1 font-mono text-sm"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          className="button-secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(link).then(() => setIsCopied(true));
          }}
        >
          {isCopied ? "Copied" : "Copy link"}
        </button>
      </div>
    </section>
  );
}
