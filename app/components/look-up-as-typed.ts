// A form that asks its own action for matches (earlier referrals, services) while the user types:
// a short pause after a change to one of `fields`, then only those fields are posted with
// `intent`. Without JavaScript, the form's own button asks instead.
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, type FormEvent } from "react";

export function useLookUpAsTyped<T>(
  intent: string,
  fields: readonly string[],
  isEnough: (search: FormData) => boolean = () => true,
) {
  const formRef = useRef<HTMLFormElement>(null);
  const fetcher = useFetcher<T>();
  const timer = useRef<ReturnType<typeof setTimeout>>();

  useEffect(() => () => clearTimeout(timer.current), []);

  function onChange(event: FormEvent<HTMLFormElement>) {
    const target = event.target as HTMLInputElement;
    if (!fields.includes(target.name)) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (!formRef.current) return;
      const form = new FormData(formRef.current);
      const search = new FormData();
      search.set("intent", intent);
      for (const name of fields) search.set(name, String(form.get(name) ?? ""));
      if (isEnough(search)) fetcher.submit(search, { method: "post" });
    }, 350);
  }

  return { formRef, fetcher, onChange };
}
