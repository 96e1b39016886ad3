declare const __CLI_BUILD_ID__: string;

/**
 * The bundle's build id: a hash of its own text, written in by scripts/build-cli.mjs. Undefined when the
 * command line runs from source (npm run cli), where no cache is used.
 */
export const BUILD_ID: string | undefined = typeof __CLI_BUILD_ID__ === "string" ? __CLI_BUILD_ID__ : undefined;
