// Imported first by http-app.mjs, before anything loads @remix-run/router (route-matching.mjs).
import { memoiseRouteMatching } from "./route-matching.mjs";

const notDone = memoiseRouteMatching();
if (notDone) console.warn(`Route matching is not memoised: ${notDone}.`);
