// First of all: under the page's policy, the engine and zod must not try eval (see eval-policy.ts).
import "./eval-policy.ts";
import "katex/dist/katex.min.css";
import "./styles.css";
import "./session/persistence.css";
import "./print.css";
import { mountFeatures } from "./mount-features.ts";
import { registerServiceWorker } from "./offline/service-worker.ts";
import { AppSession } from "./session/app-session.ts";
import { modelPicker } from "./session/model-picker.ts";
import { mountViewTabs } from "./session/view-tabs.ts";
import { installProbe } from "./test-hook.ts";
import { Notices } from "./ui/notices.ts";
import { mountPageMenus } from "./ui/page-menus.ts";

/** Boot → session → features: the session store opens the model and mounts its features over it. */
function start(): void {
  const probe = __PLASTICITY_TEST_HOOKS__ ? installProbe() : undefined;
  const notices = new Notices();
  document.getElementById("notices-slot")?.replaceWith(notices.root);
  const session = new AppSession(notices, (ctx) => mountFeatures(ctx, probe));
  const controls = document.getElementById("controls");
  controls?.prepend(modelPicker(session, notices), session.sessionBar());
  mountViewTabs(session.store);
  mountPageMenus();
  registerServiceWorker(notices);
}

try {
  start();
} catch (err) {
  const box = document.getElementById("notices") ?? document.getElementById("notices-slot") ?? document.body;
  box.textContent = `Plasticity Lab could not start: ${(err as Error).message}`;
  throw err;
}
