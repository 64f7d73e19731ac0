import { type Field, FIELDS, isActive, type KindOf, labelOf, rangeText } from "./fields.ts";
import type { Scenario } from "../../sim/scenario/types.ts";
import { fieldText, kindsOf, type ScenarioTexts, type Validation } from "./scenario-text.ts";

/** Group titles, in display order; groups not open by default sit in collapsed sections. */
const GROUPS: { path: string; title: string; open: boolean }[] = [
  { path: "", title: "Client", open: true },
  { path: "pool", title: "Pool", open: true },
  { path: "retry", title: "Retries", open: true },
  { path: "disconnects.0", title: "Disconnect", open: true },
  { path: "workload", title: "Workload", open: true },
  { path: "warmup", title: "Warm-up", open: false },
  { path: "network", title: "Network and timeouts", open: false },
  { path: "retry.retryOn", title: "Which errors retry", open: false },
  { path: "retry.budget", title: "Retry budget", open: false },
  { path: "probeOptions", title: "Probe options", open: false },
  { path: "server", title: "Server", open: false },
  { path: "limits", title: "Limits", open: false },
];

export interface ScenarioForm {
  /** Shows the given overrides; other fields show their value in `shown` (the last valid scenario). */
  setTexts(texts: ScenarioTexts, shown?: Scenario): void;
  /** Shows each field's problems inline (or clears them). */
  showValidation(v: Validation): void;
}

/**
 * Builds the scenario form from the parameter spec: one labelled control per field, with its unit,
 * allowed range and documentation; errors appear under the field they concern. User text only
 * ever reaches the page through .value and .textContent.
 */
export function buildScenarioForm(root: HTMLElement, onEdit: (path: string, text: string, commit: boolean) => void): ScenarioForm {
  const doc = root.ownerDocument;
  const inputs = new Map<string, (HTMLInputElement | HTMLSelectElement)[]>();
  const errors = new Map<string, HTMLElement[]>();
  const rows: { field: Field; row: HTMLElement }[] = [];
  // What the form last showed, so a union's kind can swap its fields at once while being edited.
  let shownTexts: ScenarioTexts = {};
  let shownScenario: Scenario | undefined;
  const edit = (path: string, text: string, commit: boolean) => {
    const swap = path.endsWith(".kind") && shownTexts[path] !== text;
    shownTexts = { ...shownTexts, [path]: text };
    if (swap) form.setTexts(shownTexts, shownScenario);
    onEdit(path, text, commit);
  };
  // Groups the spec gains later still get a section, after the known ones.
  const known = new Set(GROUPS.map((g) => g.path));
  const extra = [...new Set(FIELDS.map((f) => f.group))].filter((g) => !known.has(g)).map((path) => ({ path, title: path, open: false }));
  for (const group of [...GROUPS, ...extra]) {
    const fields = FIELDS.filter((f) => f.group === group.path);
    const section = doc.createElement("details");
    section.className = "field-group";
    section.open = group.open;
    section.dataset.group = group.path;
    const summary = doc.createElement("summary");
    summary.textContent = group.title;
    section.append(summary, groupError(doc, group.path, errors));
    for (const field of fields) {
      const row = fieldRow(doc, field, (input) => inputs.set(field.path, [...(inputs.get(field.path) ?? []), input]), errors, edit);
      rows.push({ field, row });
      section.append(row);
    }
    root.append(section);
  }
  const other = doc.createElement("ul");
  other.className = "form-errors";
  other.setAttribute("role", "alert");
  root.append(other);

  const showVariants = (kindOf: KindOf) => {
    for (const { field, row } of rows) row.hidden = !isActive(field, kindOf);
  };
  const form: ScenarioForm = {
    setTexts(texts, shown) {
      shownTexts = { ...texts };
      shownScenario = shown;
      for (const { field } of rows) {
        for (const input of inputs.get(field.path) ?? []) {
          const text = fieldText(texts, field, shown);
          // Only touch a control whose text changed, so the caret of the one being typed in stays put.
          if (input instanceof HTMLInputElement && input.type === "checkbox") input.checked = text === "true";
          else if (input.value !== text) input.value = text;
          input.classList.toggle("overridden", texts[field.path] !== undefined);
        }
      }
      showVariants(kindsOf(texts, shown));
    },
    showValidation(v) {
      for (const [path, els] of errors) {
        const problems = v.fieldErrors.get(path) ?? [];
        for (const el of els) {
          el.textContent = problems.join(" ");
          el.hidden = problems.length === 0;
        }
        for (const input of inputs.get(path) ?? []) input.setAttribute("aria-invalid", String(problems.length > 0));
      }
      other.replaceChildren(...v.otherErrors.map((p) => Object.assign(doc.createElement("li"), { textContent: p })));
    },
  };
  return form;
}

function groupError(doc: Document, path: string, errors: Map<string, HTMLElement[]>): HTMLElement {
  const el = doc.createElement("p");
  el.className = "error";
  el.hidden = true;
  el.setAttribute("role", "alert");
  if (path) errors.set(path, [el]);
  return el;
}

function fieldRow(
  doc: Document,
  field: Field,
  register: (input: HTMLInputElement | HTMLSelectElement) => void,
  errors: Map<string, HTMLElement[]>,
  onEdit: (path: string, text: string, commit: boolean) => void,
): HTMLElement {
  const id = `f-${field.path.replace(/\./g, "-")}${field.variant ? `-${field.variant}` : ""}`;
  const row = doc.createElement("div");
  row.className = "field";
  row.dataset.path = field.path;
  const label = doc.createElement("label");
  label.htmlFor = id;
  label.textContent = labelOf(field.path);
  const leaf = field.leaf;
  let input: HTMLInputElement | HTMLSelectElement;
  if (leaf.type === "enum") {
    input = doc.createElement("select");
    for (const choice of leaf.choices) input.append(Object.assign(doc.createElement("option"), { value: choice, textContent: choice }));
  } else {
    input = doc.createElement("input");
    input.type = leaf.type === "bool" ? "checkbox" : "text";
    if (leaf.type === "int" || leaf.type === "intOrFull") input.inputMode = "numeric";
    if (leaf.type === "number") input.inputMode = "decimal";
    input.spellcheck = false;
    input.autocomplete = "off";
  }
  input.id = id;
  input.name = field.path;
  const help = doc.createElement("small");
  help.className = "help";
  help.id = `${id}-help`;
  help.textContent = leaf.doc;
  const unit = doc.createElement("span");
  unit.className = "unit";
  unit.id = `${id}-unit`;
  unit.textContent = rangeText(leaf);
  const error = doc.createElement("p");
  error.className = "error";
  error.id = `${id}-error`;
  error.hidden = true;
  error.setAttribute("role", "alert");
  errors.set(field.path, [...(errors.get(field.path) ?? []), error]);
  input.setAttribute("aria-describedby", `${unit.textContent ? `${id}-unit ` : ""}${id}-error ${id}-help`);
  const read = () => (input instanceof HTMLInputElement && input.type === "checkbox" ? String(input.checked) : input.value);
  input.addEventListener("input", () => onEdit(field.path, read(), false));
  input.addEventListener("change", () => onEdit(field.path, read(), true));
  register(input);
  row.append(label, input);
  if (unit.textContent) row.append(unit);
  row.append(error, help);
  return row;
}
