/** The time courses an applied input can follow, and the activity modes that can accompany it. */
export const PROTOCOLS = {
  step: "Step: the level is held from the start for the duration",
  pulse: "Pulse: one short application at the start",
  ramp: "Ramp: rises linearly from 0 to the level over the duration, then off",
  train: "Train: repeated pulses, each paired with activity",
  none: "Vehicle: nothing applied (the application window still times paired activity)",
} as const;

export const ACTIVITY_MODES = {
  paired: "Paired: activity while the input is applied (plus any extra time)",
  always: "Always: activity throughout",
  off: "Off: no synaptic activity",
} as const;

export type ProtocolKind = keyof typeof PROTOCOLS;
export type ActivityMode = keyof typeof ACTIVITY_MODES;

export function isProtocolKind(x: string): x is ProtocolKind {
  return Object.hasOwn(PROTOCOLS, x);
}

export function isActivityMode(x: string): x is ActivityMode {
  return Object.hasOwn(ACTIVITY_MODES, x);
}
