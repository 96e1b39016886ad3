import * as z from "zod";
import { hostForbidsEval } from "./host-eval.ts";

export { hostForbidsEval };

/**
 * The host's word on eval (host-eval.ts), passed on to zod when this module loads, which the engine's
 * index does first: zod then validates without generated code, so it makes no refused attempt (each
 * would report a violation).
 */
if (hostForbidsEval()) z.config({ jitless: true });
