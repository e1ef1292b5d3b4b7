import type { z } from 'zod';

/** The first problem of a failed parse, as field path, rule code and message. */
export function firstIssue(error: z.ZodError): { field: string; rule: string; message: string } {
  return issues(error)[0];
}

export function issues(error: z.ZodError): Array<{ field: string; rule: string; message: string }> {
  return error.issues.map((issue) => {
    // An unknown field is reported by its own name, not as a fault of the enclosing object.
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
    const field = path.map(String).join('.') || '(root)';
    const params = issue.code === 'custom' ? (issue.params as { rule?: string } | undefined) : undefined;
    const rule = params?.rule ?? issue.code.toUpperCase();
    return { field, rule, message: `${field}: ${issue.message}` };
  });
}
