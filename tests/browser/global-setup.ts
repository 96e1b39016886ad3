import type { Server } from "node:http";
import type { TestProject } from "vitest/node";
import { buildApp, DIST } from "./build-app.ts";
import { serveStatic } from "./static-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
  }
}

let server: Server | undefined;

/** Builds the app once and serves dist for every browser test file. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await buildApp();
  const served = await serveStatic(DIST);
  server = served.server;
  project.provide("appUrl", served.url);
  return async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  };
}
