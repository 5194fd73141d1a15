import type { z } from 'zod';
import type { FieldError } from './web-context';

/** A form body through its zod schema: the data, or one error per field for the error summary. */
export function validateForm<T extends z.ZodType>(
  schema: T,
  body: unknown,
): { ok: true; data: z.infer<T> } | { ok: false; errors: FieldError[] } {
  const r = schema.safeParse(body ?? {});
  if (r.success) return { ok: true, data: r.data };
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const i of r.error.issues) {
    const f = String(i.path[0] ?? 'form');
    if (seen.has(f)) continue;
    seen.add(f);
    errors.push({ field: f, message: i.message });
  }
  return { ok: false, errors };
}

/** The values to show again in a form: every string field as the user typed it. */
export function typedValues(body: unknown): Record<string, string> {
  if (!body || typeof body !== 'object') return {};
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).flatMap(([k, v]) =>
      typeof v === 'string' && k !== '_csrf' ? [[k, v]] : [],
    ),
  );
}
