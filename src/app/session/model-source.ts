import modelText from "../../../models/ne-calcium-plasticity.yaml?raw";
import { loadModel, type Model } from "../../engine/index.ts";

/** The model file the app is built around, as its path in the repository (shown in errors and exports). */
export const MODEL_FILE = "models/ne-calcium-plasticity.yaml";
export const MODEL_TEXT: string = modelText;

export function loadAppModel(): Model {
  return loadModel(MODEL_TEXT, MODEL_FILE);
}
