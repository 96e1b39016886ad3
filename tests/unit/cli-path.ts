import { readFileSync } from "node:fs";

/** The bundled command line, as the package's `bin` names it. */
export const CLI: string = JSON.parse(readFileSync("package.json", "utf8")).bin["plasticity-lab"];
