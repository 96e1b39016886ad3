// What "Edit model" loads on first use, as one chunk: CodeMirror, its languages and the editor.
export { mountModelEditor } from "./mount-model-editor.ts";
