// A one-time link to set a password, shown once to the administrator to pass on.
import { useState } from "react";
import { formatDateTime } from "~/utils/dates";

export function PasswordLink({ link, expiresAt, name, purpose }: { link: string; expiresAt: string; name: string; purpose: "invitation" | "reset" }) {
  const [isCopied, setIsCopied] = useState(false);
  return (
    <section aria-labelledby="link-heading" className="mb-6 rounded-md border-l-8 border-green-700 bg-green-50 p-4" role="status">
      <h2 id="link-heading" className="text-lg font-bold">
        {purpose === "invitation" ? `${name} is invited` : `A new password link for ${name}`}
      </h2>
      <p className="mt-1">
        Give them this link, in person or by a secure message. It works once, until {formatDateTime(expiresAt)} (72 hours). Pathway will not show it
        again; you can make a new one from their page.
      </p>
      <label htmlFor="password-link" className="mt-3 block font-semibold">
        Link to set a password
      </label>
      <div className="mt-1 flex flex-wrap gap-2">
        <input id="password-link" readOnly value={link} className="input min-w-0 flex-1 font-mono text-sm" onFocus={(e) => e.currentTarget.select()} />
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
