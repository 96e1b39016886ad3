// First of all, before any other module loads: under the page's policy, the engine and zod must not
// try eval (see eval-policy.ts). Everything else is loaded after it, so no shared chunk runs first.
import "./eval-policy.ts";

void import("./start-app.ts");
