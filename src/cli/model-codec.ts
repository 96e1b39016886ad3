import type { MathNode } from "mathjs";
import { math } from "../engine/compile/math-instance.ts";
import type { Model } from "../engine/model/model.ts";

/**
 * A loaded model as JSON text and back, exactly: the same tree of plain objects, arrays and mathjs
 * expression nodes (rebuilt on their own classes' prototypes, with every own field), the same numbers
 * (NaN, ±Infinity and −0 included), `undefined` fields kept, and objects reached twice still shared.
 * Anything else (a class instance, a function, a getter, a hidden field) makes `encodeModel` throw, so a
 * model that holds something this format cannot carry is never cached rather than cached wrongly.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Thrown for a value the format cannot carry exactly. */
export class NotEncodable extends Error {}

const NODE_CLASSES = new Map<string, object>();

/** The prototype of mathjs's node class `type` (created only when first asked for). */
function nodePrototype(type: string): object {
  let proto = NODE_CLASSES.get(type);
  if (proto === undefined) {
    const cls = (math as unknown as Record<string, { prototype?: { isNode?: boolean } } | undefined>)[type];
    if (!cls?.prototype?.isNode) throw new NotEncodable(`"${type}" is not an expression node class`);
    proto = cls.prototype;
    NODE_CLASSES.set(type, proto);
  }
  return proto;
}

function ownFields(value: object): [string, unknown][] {
  if (Object.getOwnPropertySymbols(value).length) throw new NotEncodable("a field keyed by a symbol");
  return Object.entries(Object.getOwnPropertyDescriptors(value)).map(([key, d]) => {
    if (!d.enumerable || !("value" in d)) throw new NotEncodable(`field "${key}" is hidden or a getter`);
    return [key, d.value];
  });
}

// Tags: {"o": fields} a plain object, {"m": type, "o": fields} an expression node, {"r": k} the k-th
// object or array met (counting from 0), {"n": text} a number JSON lacks, {"u": 1} undefined.
export function encodeModel(model: Model): string {
  const seen = new Map<object, number>();
  const encode = (value: unknown): Json => {
    switch (typeof value) {
      case "string":
      case "boolean":
        return value;
      case "undefined":
        return { u: 1 };
      case "number":
        return Number.isFinite(value) && !Object.is(value, -0)
          ? value
          : { n: String(Object.is(value, -0) ? "-0" : value) };
      case "object": {
        if (value === null) return null;
        const ref = seen.get(value);
        if (ref !== undefined) return { r: ref };
        seen.set(value, seen.size);
        if (Array.isArray(value)) {
          if (Object.getPrototypeOf(value) !== Array.prototype || Object.keys(value).length !== value.length)
            throw new NotEncodable("an array with holes, extra fields or a class of its own");
          return Array.from(value, encode);
        }
        const fields = (): { [key: string]: Json } =>
          Object.fromEntries(ownFields(value).map(([k, v]) => [k, encode(v)]));
        const proto = Object.getPrototypeOf(value);
        if (proto === Object.prototype) return { o: fields() };
        const type = (value as MathNode).type;
        if ((value as MathNode).isNode && proto === nodePrototype(type)) return { m: type, o: fields() };
        throw new NotEncodable(`an object of class ${proto?.constructor?.name ?? "none"}`);
      }
      default:
        throw new NotEncodable(`a ${typeof value}`);
    }
  };
  return JSON.stringify(encode(model));
}

export function decodeModel(text: string): Model {
  return decodeModelValue(JSON.parse(text));
}

/** decodeModel for text already parsed (a model stored inside a larger JSON entry). */
export function decodeModelValue(value: unknown): Model {
  const objects: object[] = [];
  const decode = (value: Json): unknown => {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      objects.push(out);
      for (const v of value) out.push(decode(v));
      return out;
    }
    if ("r" in value) return objects[value.r as number];
    if ("u" in value) return undefined;
    if ("n" in value) return value.n === "-0" ? -0 : Number(value.n);
    const out: Record<string, unknown> = "m" in value ? Object.create(nodePrototype(value.m as string)) : {};
    objects.push(out);
    for (const [k, v] of Object.entries(value.o as { [key: string]: Json })) {
      // Defined, not assigned, so that a field named __proto__ stays a field.
      Object.defineProperty(out, k, { value: decode(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return decode(value as Json) as Model;
}
