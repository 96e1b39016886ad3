import "./styles.css";
import "./session/persistence.css";
import "./print.css";
import { mountEditorLauncher } from "./editor/editor-launcher.ts";
import { mountFeatures } from "./mount-features.ts";
import { registerServiceWorker } from "./offline/service-worker.ts";
import { AppSession } from "./session/app-session.ts";
import { readLinkedModel } from "./session/linked-model.ts";
import { modelPicker } from "./session/model-picker.ts";
import { mountViewTabs } from "./session/view-tabs.ts";
import { installProbe } from "./test-hook.ts";
import { Notices } from "./ui/notices.ts";
import { mountPageMenus } from "./ui/page-menus.ts";

/**
 * Boot → session → features: the session store opens the model (an edited one the link carries, read
 * first) and mounts its features over it.
 */
async function start(): Promise<void> {
  const probe = __PLASTICITY_TEST_HOOKS__ ? installProbe() : undefined;
  const notices = new Notices();
  document.getElementById("notices-slot")?.replaceWith(notices.root);
  const linked = await readLinkedModel(location.hash);
  const session = new AppSession(notices, (ctx) => mountFeatures(ctx, probe), linked);
  const controls = document.getElementById("controls");
  const picker = modelPicker(session, notices);
  controls?.prepend(picker, session.sessionBar());
  const editorSlot = document.getElementById("model-editor-slot");
  if (editorSlot) picker.append(mountEditorLauncher(session, editorSlot));
  mountViewTabs(session.store);
  mountPageMenus();
  registerServiceWorker(notices);
}

start().catch((err: unknown) => {
  const box = document.getElementById("notices") ?? document.getElementById("notices-slot") ?? document.body;
  box.textContent = `Plasticity Lab could not start: ${(err as Error).message}`;
  throw err;
});
