// What "Edit model" loads on first use, as one chunk: the editor and today's app's host for it.
export { mountModelEditor } from "./mount-model-editor.ts";
export { pageReloadHost } from "./page-reload-host.ts";
