import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

/** The subset the bridge is typed from: the fake validates against the very same document. */
export const SPEC_PATH = resolve(import.meta.dirname, '../../openapi/frameio-v4-subset.openapi.yaml');

interface Param { name: string; in: string; required?: boolean; schema?: { type?: string | string[] } }
interface OperationDoc {
  operationId: string;
  parameters?: Array<Param | { $ref: string }>;
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, unknown>; $ref?: string }>;
  'x-rate-limit'?: string;
}

export interface SpecOperation {
  operationId: string;
  method: string;
  template: string;
  pattern: RegExp;
  pathParams: string[];
  rateLimit: { limit: number; windowMs: number } | null;
  query: Array<{ name: string; type: string; validate: ValidateFunction }>;
  validateBody: ValidateFunction | null;
  validateResponse(status: number): ValidateFunction | null;
}

const pointer = (...segments: string[]) => `fio#/${segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`;
// ajv-formats ships CommonJS: its default export is the module object under some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

/** Loads the yaml once and compiles validators for every operation's parameters, bodies and responses. */
export function loadSpec(): { operations: SpecOperation[]; errors: ValidateFunction; webhookEvent: ValidateFunction } {
  const doc = parseYaml(readFileSync(SPEC_PATH, 'utf8')) as { paths: Record<string, Record<string, OperationDoc>>; components: { parameters: Record<string, Param> } };
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(doc as object, 'fio');
  const operations: SpecOperation[] = [];
  for (const [template, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!op || typeof op !== 'object' || !('operationId' in op)) continue;
      const pathParams = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const pattern = new RegExp(`^${template.replace(/\{\w+\}/g, '([^/]+)')}$`);
      const params = (op.parameters ?? []).map((p) => ('$ref' in p ? doc.components.parameters[p.$ref.split('/').pop()!]! : p));
      const query = params
        .filter((p) => p.in === 'query')
        .map((p) => {
          const idx = (op.parameters ?? []).findIndex((q) => ('$ref' in q ? q.$ref.endsWith(`/${p.name}`) : q.name === p.name));
          const raw = op.parameters![idx]!;
          const ref = '$ref' in raw ? `fio#${raw.$ref.slice(1)}/schema` : pointer('paths', template, method, 'parameters', String(idx), 'schema');
          const t = p.schema?.type;
          return { name: p.name, type: Array.isArray(t) ? t[0]! : (t ?? 'string'), validate: ajv.compile({ $ref: ref }) };
        });
      const validateBody = op.requestBody ? ajv.compile({ $ref: pointer('paths', template, method, 'requestBody', 'content', 'application/json', 'schema') }) : null;
      const responses = new Map<number, ValidateFunction | null>();
      for (const [status, r] of Object.entries(op.responses)) {
        if (status === 'default') continue;
        responses.set(Number(status), r.content?.['application/json'] ? ajv.compile({ $ref: pointer('paths', template, method, 'responses', status, 'content', 'application/json', 'schema') }) : null);
      }
      const m = /^(\d+) per (\d+) (second|minute)/.exec(op['x-rate-limit'] ?? '');
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        template,
        pattern,
        pathParams,
        rateLimit: m ? { limit: Number(m[1]), windowMs: Number(m[2]) * (m[3] === 'second' ? 1000 : 60_000) } : null,
        query,
        validateBody,
        validateResponse: (status) => responses.get(status) ?? null,
      });
    }
  }
  return { operations, errors: ajv.compile({ $ref: 'fio#/components/schemas/Errors' }), webhookEvent: ajv.compile({ $ref: 'fio#/components/schemas/WebhookEvent' }) };
}
