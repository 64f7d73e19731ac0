import { scenarioSpec, type Group, type Leaf, type Node } from "../../sim/scenario/spec.ts";

/**
 * One form field, flattened from the scenario's parameter spec (sim/scenario/spec.ts), so the
 * controls, their units, ranges and help text all come from the one source of truth.
 */
export interface Field {
  /** Dotted scenario path: "pool.size", "disconnects.0.mode", "workload.rate". */
  path: string;
  leaf: Leaf;
  /** Path of the group the field is shown in: "", "pool", "retry.retryOn", "workload". */
  group: string;
  /** For a union's fields ("workload", "retry.budget"): the union's path… */
  union?: string;
  /** …and the variant (its `kind`) the field belongs to. */
  variant?: string;
}

/** The one disconnect event the form edits: the spec's list item 0. */
export const DISCONNECT_PATH = "disconnects.0";

/** Every editable field of the scenario, in spec order. */
export const FIELDS: readonly Field[] = flatten(scenarioSpec, "", undefined);

/** Fields by path; a union's shared paths (workload.start) map to their first variant's entry. */
export const FIELD_BY_PATH: ReadonlyMap<string, Field> = new Map(FIELDS.map((f) => [f.path, f] as const).reverse());

/** The chosen variant of each union, by the union's path. */
export type KindOf = (union: string) => string;

/** Whether a field applies under the chosen variants (other variants' fields are not sent). */
export function isActive(field: Field, kindOf: KindOf): boolean {
  return field.union === undefined || field.variant === kindOf(field.union);
}

/** The field for a path under the chosen variants, if it exists there. */
export function fieldFor(path: string, kindOf: KindOf): Field | undefined {
  return FIELDS.find((f) => f.path === path && isActive(f, kindOf));
}

type Variant = { union: string; variant: string } | undefined;

function flatten(node: Node, path: string, variant: Variant): Field[] {
  switch (node.type) {
    case "group":
      return groupFields(node, path, variant);
    case "list":
      // The web form edits one disconnect event; sweeps and the CLI take any number.
      return groupFields(node.item, `${path}.0`, variant);
    case "union": {
      const kind: Leaf = { type: "enum", default: node.default, choices: Object.keys(node.variants), doc: node.doc };
      const out: Field[] = [{ path: `${path}.kind`, leaf: kind, group: path, ...variant }];
      for (const [name, group] of Object.entries(node.variants)) out.push(...groupFields(group, path, { union: path, variant: name }));
      return out;
    }
    default:
      return [{ path, leaf: node, group: parentOf(path), ...variant }];
  }
}

function groupFields(group: Group, path: string, variant: Variant): Field[] {
  return Object.entries(group.fields).flatMap(([key, node]) => flatten(node, path ? `${path}.${key}` : key, variant));
}

function parentOf(path: string): string {
  const i = path.lastIndexOf(".");
  return i < 0 ? "" : path.slice(0, i);
}

/** "pool.maxIdleTime" → "max idle time": a readable label from the last path part. */
export function labelOf(path: string): string {
  const last = path.slice(path.lastIndexOf(".") + 1);
  return last.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}

/** The unit and allowed range of a field, as shown beside it: "connections, 1–100000". */
export function rangeText(leaf: Leaf): string {
  switch (leaf.type) {
    case "int":
    case "number": {
      const max = leaf.max >= Number.MAX_SAFE_INTEGER ? "" : String(leaf.max);
      const range = max ? `${leaf.min}–${max}` : `≥ ${leaf.min}`;
      return leaf.unit ? `${leaf.unit}, ${range}` : range;
    }
    case "duration":
      return `duration ${leaf.minNonzero ? `0s or ${leaf.minNonzero}` : leaf.min}–${leaf.max} (us, ms, s, m, h)`;
    case "intOrFull":
      return `${leaf.min}–${leaf.max} or "full"`;
    case "enum":
      return "";
    case "bool":
      return "";
  }
}
