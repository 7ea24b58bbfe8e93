// Whether the page's JavaScript runs yet: parts a form reveals as the user answers stay open in the
// server's render and without JavaScript.
import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/** True once the page's JavaScript runs (false in the server render). */
export function useIsHydrated() {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
