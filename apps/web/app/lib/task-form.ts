import type { TaskType } from '@atropos/client';
import { humanize } from './format';

/**
 * The new-task form, derived from the JSON Schema each task type publishes at GET /task-types:
 * one field per property, with its kind, bounds, default and description. Nothing here knows a
 * particular task type.
 */

export type FieldKind = 'number' | 'integer' | 'text' | 'long-text' | 'choice' | 'boolean';

export interface FormField {
  /** The key in the request body, as the API names it in validation errors (`parameters.seed`). */
  name: string;
  label: string;
  kind: FieldKind;
  description?: string;
  defaultValue?: string;
  /** Bounds, shown as a hint; the API enforces them and says what is wrong. */
  min?: number;
  max?: number;
  exclusiveMin?: boolean;
  maxLength?: number;
  options?: string[];
  /** The options are numbers (an integer or number enum): sent as numbers, not as their text. */
  numericOptions?: boolean;
  required: boolean;
}

interface PropertySchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  maxLength?: number;
  enum?: unknown[];
}

/** Strings longer than this get a text area. */
const LONG_TEXT = 500;

export function parameterFields(type: TaskType): FormField[] {
  const schema = type.parameters_schema as { properties?: Record<string, PropertySchema>; required?: string[] };
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, property]) => fieldOf(`parameters.${key}`, key, property, required.has(key)));
}

/**
 * Splits a type's fields into its own and those every built-in type shares (shown apart, under
 * "Run options"). Types declared by the operator (commands, types served over HTTP) and types
 * registered by workers take no part in finding the shared ones: they have only their own parameters.
 */
export function groupFields(type: TaskType, all: TaskType[]): { own: FormField[]; shared: FormField[] } {
  const keysOf = (t: TaskType) => Object.keys((t.parameters_schema as { properties?: object }).properties ?? {});
  const builtIn = all.filter((t) => t.kind === 'built_in');
  const shared = new Set(builtIn.length > 1 ? keysOf(builtIn[0]!).filter((key) => builtIn.every((t) => keysOf(t).includes(key))) : []);
  const fields = parameterFields(type);
  return {
    own: fields.filter((field) => !shared.has(field.name.slice('parameters.'.length))),
    shared: fields.filter((field) => shared.has(field.name.slice('parameters.'.length))),
  };
}

function fieldOf(name: string, key: string, property: PropertySchema, required: boolean): FormField {
  const type = Array.isArray(property.type) ? property.type.find((t) => t !== 'null') : property.type;
  const kind: FieldKind = property.enum
    ? 'choice'
    : type === 'integer'
      ? 'integer'
      : type === 'number'
        ? 'number'
        : type === 'boolean'
          ? 'boolean'
          : (property.maxLength ?? Infinity) > LONG_TEXT
            ? 'long-text'
            : 'text';
  return {
    name,
    label: humanize(key),
    kind,
    description: property.description,
    defaultValue:
      property.default === undefined
        ? undefined
        : typeof property.default === 'string'
          ? property.default
          : JSON.stringify(property.default),
    min: property.minimum ?? property.exclusiveMinimum,
    max: property.maximum ?? property.exclusiveMaximum,
    exclusiveMin: property.exclusiveMinimum !== undefined,
    maxLength: property.maxLength,
    options: property.enum?.map(String),
    numericOptions: property.enum?.every((option) => typeof option === 'number') || undefined,
    required,
  };
}

/** "Whole number from 1 to 10,000,000; default 1000" */
export function describeBounds(field: FormField): string {
  const format = (n: number) => n.toLocaleString('en-US');
  const parts: string[] = [];
  const what = field.kind === 'integer' ? 'Whole number' : field.kind === 'number' ? 'Number' : undefined;
  if (what) {
    if (field.min !== undefined && field.max !== undefined) {
      parts.push(
        field.exclusiveMin
          ? `${what} above ${format(field.min)}, up to ${format(field.max)}`
          : `${what} from ${format(field.min)} to ${format(field.max)}`,
      );
    } else if (field.min !== undefined) parts.push(`${what}, at least ${format(field.min)}`);
    else if (field.max !== undefined) parts.push(`${what}, at most ${format(field.max)}`);
    else parts.push(what);
  }
  if (field.maxLength !== undefined) parts.push(`up to ${format(field.maxLength)} characters`);
  if (field.defaultValue !== undefined) parts.push(`default ${field.defaultValue}`);
  else if (!field.required) parts.push('optional');
  const text = parts.join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The form's text back into the JSON the API takes: numbers as numbers, empty fields left out. */
export function toValue(field: FormField, text: string): unknown {
  if (text.trim() === '') return undefined;
  if (field.kind === 'integer' || field.kind === 'number' || (field.kind === 'choice' && field.numericOptions)) {
    const value = Number(text);
    // Not a number: sent as typed, so the API's message names the field.
    return Number.isFinite(value) ? value : text;
  }
  if (field.kind === 'boolean') return text === 'true';
  return text;
}
