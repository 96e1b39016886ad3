import * as z from "zod";
import "../host-policy.ts";

/**
 * The shape of a model file. Numbers that authors naturally write as fractions (kdes: 1/1800) may be
 * given as constant arithmetic; they are evaluated by the same restricted expression compiler.
 */
function buildSchemas() {
  const identifier = z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]*$/, "must be a name of letters, digits and _ that starts with a letter");

  const numberLike = z.union([z.number(), z.string().min(1)], {
    error: "must be a finite number, or arithmetic on numbers such as 1/1800",
  });

  const text = z.string().trim().min(1, "must not be empty");

  const parameterSchema = z.strictObject({
    label: text,
    symbol: z.string().optional(),
    unit: z.string(),
    default: numberLike,
    range: z.tuple([numberLike, numberLike]).optional(),
    scale: z.enum(["linear", "log"]).default("linear"),
    step: z.number().positive().optional(),
    fixed: z.boolean().default(false),
    group: text,
    description: text,
  });

  const stateSchema = z.strictObject({
    label: text,
    unit: z.string(),
    initial: numberLike,
    rate: text,
    bounds: z.tuple([z.number().nullable(), z.number().nullable()]).optional(),
    description: text,
  });

  const helperSchema = z.strictObject({
    label: text,
    args: z.array(identifier).optional(),
    expr: text,
    unit: z.string().optional(),
    description: z.string().optional(),
  });

  const paramRef = z.union([identifier, z.number()]);

  const protocolInputSchema = z.strictObject({
    kind: z.literal("protocol"),
    label: text,
    unit: z.string(),
    description: text,
    amplitude: identifier,
    start: paramRef,
    duration: paramRef,
    pulseWidth: paramRef,
    train: z.strictObject({ count: paramRef, width: paramRef, period: paramRef }),
  });

  const activityInputSchema = z.strictObject({
    kind: z.literal("activity"),
    label: text,
    unit: z.string(),
    description: text,
    pairedWith: identifier,
    extra: paramRef,
  });

  const inputSchema = z.discriminatedUnion("kind", [protocolInputSchema, activityInputSchema]);

  const presetSchema = z.strictObject({
    label: text,
    purpose: text,
    default: z.boolean().optional(),
    protocol: z.string().optional(),
    activity: z.string().optional(),
    params: z.record(z.string(), numberLike).default({}),
  });

  /** Every piece is optional: a model without a weight, thresholds or calcium bands still runs. */
  const readoutSchema = z.strictObject({
    /** A state, or a derived readout (from `readouts:`), whose final value is the run's weight (w_end). */
    weight: identifier.optional(),
    ltpAbove: z.number().optional(),
    ltdBelow: z.number().optional(),
    /** States whose peaks are highlighted; every state's peak is a readout (`peak:<state>`) anyway. */
    peaks: z.array(identifier).default([]),
    bands: z
      .strictObject({
        state: identifier,
        ltd: z.tuple([paramRef, paramRef.nullable()]),
        ltp: z.tuple([paramRef, paramRef.nullable()]),
      })
      .optional(),
  });

  /**
   * Scheduled jumps of states: `count` events at start + k·period + delay (k = 0, 1, …). Each time is an
   * expression over the parameters; `assign` is applied in order, each line seeing the ones before it.
   */
  const eventSchema = z.strictObject({
    label: text,
    description: z.string().optional(),
    start: numberLike,
    period: numberLike.optional(),
    count: numberLike.default(1),
    delay: numberLike.default(0),
    assign: z.record(identifier, numberLike).refine((a) => Object.keys(a).length > 0, "must assign at least one state"),
  });

  /** A Heaviside switch: 1 where `expr` > 0, else 0, held between crossings that the solver locates. */
  const switchSchema = z.strictObject({
    label: text,
    expr: text,
    description: z.string().optional(),
  });

  /** A named number computed from the final states, the parameters, the helpers and earlier readouts. */
  const derivedReadoutSchema = z.strictObject({
    label: text,
    unit: z.string(),
    expr: text,
    description: z.string().optional(),
  });

  /** A readout id: `end:<state>`, `peak:<state>`, `timeInLtd`, `timeInLtp` or a derived readout's name. */
  const numericReadout = z
    .string()
    .regex(/^((end|peak):)?[A-Za-z][A-Za-z0-9_]*$/, "must be a readout id such as peak:C");

  /** How a claim is checked live under the current settings; the statement is what is being tested. */
  const claimCheckSchema = z.discriminatedUnion("kind", [
    // The readout with parameter `vary` at `from` (a lower level) against the current run.
    z.strictObject({
      kind: z.literal("raises"),
      statement: text,
      readout: numericReadout,
      vary: identifier,
      from: numberLike,
    }),
    // Across `n` log-spaced levels of `vary`, does a higher `readout` always give a higher w_end?
    z.strictObject({
      kind: z.literal("monotone"),
      statement: text,
      readout: numericReadout,
      vary: identifier,
      n: z.number().int().min(3).max(41).default(13),
    }),
    // Do virtual subjects given the current run's dose end in different outcomes?
    z.strictObject({
      kind: z.literal("population"),
      statement: text,
      n: z.number().int().min(10).max(2000).default(200),
      seed: z.number().int().default(1),
    }),
    // The model cannot test it; `reason` says why.
    z.strictObject({ kind: z.literal("outside"), statement: text, reason: text }),
  ]);

  const claimSchema = z.strictObject({
    id: identifier,
    claim: text,
    status: text,
    nuance: text,
    references: z.array(text).default([]),
    preset: z.string().optional(),
    check: claimCheckSchema,
  });

  const spreadSchema = z.strictObject({
    param: identifier,
    kind: z.enum(["lognormal", "normal"]),
    sigma: z.number().positive(),
  });

  const populationSchema = z.strictObject({
    description: text.optional(),
    spread: z.array(spreadSchema).min(1),
    treatment: z.string().optional(),
  });

  const colour = z.string().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, "must be a colour written #rgb or #rrggbb");
  const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be lower-case letters, digits and -");

  /**
   * How the app shows the model. Every field is optional: a missing one is derived from the model (one
   * time-course panel per state, a colour-blind-safe palette, the protocol's amplitude as the dose).
   */
  const displaySchema = z.strictObject({
    /** Heading of the time-course figure. */
    title: text.optional(),
    /** Time-course panels, top to bottom: the states, inputs and helpers each one draws. */
    panels: z
      .array(z.strictObject({ id: slug, title: text, axis: text, series: z.array(identifier).min(1) }))
      .min(1)
      .optional(),
    /** Colours of states, inputs and helpers, by name. */
    colors: z.record(identifier, colour).default({}),
    /** The parameter the dose-response sweeps. */
    dose: identifier.optional(),
    /** The second parameter of the plasticity map (its first is the dose). */
    map: identifier.optional(),
    /** Helpers drawn as functions of one state (or protocol input), every other state held at the state's peak. */
    rules: z
      .strictObject({
        title: text.optional(),
        state: identifier,
        curves: z
          .array(
            z.strictObject({
              helper: identifier,
              title: text,
              axis: text.optional(),
              log: z.boolean().default(false),
              /** This curve is the model's plasticity rule, overlaid with other models' in "Compare rules". */
              compare: z.boolean().default(false),
            }),
          )
          .min(1),
        /** The range of the rule's state or input the curves are drawn over when compared across models. */
        range: z.tuple([z.number(), z.number()]).optional(),
      })
      .optional(),
    /** The sweep the analyses open with: the readout on its y axis and the dose's range on its x axis. */
    sweep: z
      .strictObject({
        readout: z.string().optional(),
        range: z.tuple([z.number(), z.number()]).optional(),
      })
      .optional(),
    /** Where a readout means "no change", by readout id (e.g. 1 for a ratio of strengths): drawn as a reference line. */
    noChange: z.record(z.string(), z.number()).default({}),
    /** Labels of readouts by id (end:<state>, peak:<state>, timeInLtd, …), with their unit. */
    readouts: z.record(z.string(), text).default({}),
  });

  const modelFileSchema = z.strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be lower-case letters, digits and -"),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, "must look like 1.0.0"),
    title: text,
    label: text,
    summary: text,
    time: z.strictObject({ unit: z.string(), end: identifier }),
    /** Markdown for "About the model": what the model leaves out and why its choices were made. */
    about: z.string().default(""),
    /** Markdown list of the works the model and its claims cite. */
    references: z.string().default(""),
    inputs: z.record(identifier, inputSchema),
    states: z.record(identifier, stateSchema),
    helpers: z.record(identifier, helperSchema).default({}),
    parameters: z.record(identifier, parameterSchema),
    readout: readoutSchema.default({ peaks: [] }),
    events: z.record(identifier, eventSchema).default({}),
    switches: z.record(identifier, switchSchema).default({}),
    readouts: z.record(identifier, derivedReadoutSchema).default({}),
    presets: z.record(
      z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be lower-case letters, digits and -"),
      presetSchema,
    ),
    claims: z.array(claimSchema).default([]),
    population: populationSchema.optional(),
    display: displaySchema.optional(),
  });

  return {
    numberLike,
    parameterSchema,
    stateSchema,
    helperSchema,
    protocolInputSchema,
    activityInputSchema,
    inputSchema,
    presetSchema,
    readoutSchema,
    eventSchema,
    switchSchema,
    derivedReadoutSchema,
    claimCheckSchema,
    claimSchema,
    spreadSchema,
    populationSchema,
    displaySchema,
    modelFileSchema,
  };
}

type Schemas = ReturnType<typeof buildSchemas>;
let schemas: Schemas | undefined;

/**
 * The schemas, built on first use: constructing them is a noticeable part of a start that reads no
 * model file (the command line on a model it has cached).
 */
export function modelSchemas(): Schemas {
  schemas ??= buildSchemas();
  return schemas;
}

export type ModelFile = z.infer<Schemas["modelFileSchema"]>;
export type ParameterDef = z.infer<Schemas["parameterSchema"]>;
export type StateDef = z.infer<Schemas["stateSchema"]>;
export type HelperDef = z.infer<Schemas["helperSchema"]>;
export type InputDef = z.infer<Schemas["inputSchema"]>;
export type ProtocolInputDef = z.infer<Schemas["protocolInputSchema"]>;
export type ActivityInputDef = z.infer<Schemas["activityInputSchema"]>;
export type PresetDef = z.infer<Schemas["presetSchema"]>;
export type ReadoutDef = z.infer<Schemas["readoutSchema"]>;
export type EventFileDef = z.infer<Schemas["eventSchema"]>;
export type SwitchFileDef = z.infer<Schemas["switchSchema"]>;
export type DerivedReadoutDef = z.infer<Schemas["derivedReadoutSchema"]>;
export type ClaimDef = z.infer<Schemas["claimSchema"]>;
export type ClaimCheckDef = z.infer<Schemas["claimCheckSchema"]>;
export type PopulationFileDef = z.infer<Schemas["populationSchema"]>;
export type DisplayFileDef = z.infer<Schemas["displaySchema"]>;

/** JSON Schema for editors, generated from the same zod schema the loader uses. */
export function modelJsonSchema(): unknown {
  return z.toJSONSchema(modelSchemas().modelFileSchema, { io: "input" });
}
