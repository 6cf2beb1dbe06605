/**
 * An offline EventBridge pattern matcher for tests: exact values (string, number, boolean, null),
 * `prefix`, `suffix` (both also with `equals-ignore-case`), `equals-ignore-case`, `wildcard`,
 * `anything-but` (values, list, prefix, suffix, equals-ignore-case), `exists`, `numeric`, nested
 * objects, arrays in the event (any element may match) and `$or`. An operator it does not know
 * throws, so a pattern never passes a test by accident.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */

/** A pattern: field -> list of matchers, or field -> nested pattern. */
export type Pattern = { readonly [key: string]: Pattern | readonly unknown[] };

const isObject = (v: unknown): v is Readonly<Record<string, unknown>> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : undefined);

function stringTest(
  spec: unknown,
  test: (value: string, part: string) => boolean,
  v: unknown,
): boolean {
  if (typeof v !== 'string') return false;
  if (typeof spec === 'string') return test(v, spec);
  if (isObject(spec) && typeof spec['equals-ignore-case'] === 'string') {
    return test(v.toLowerCase(), spec['equals-ignore-case'].toLowerCase());
  }
  throw new Error(`unsupported string operator ${JSON.stringify(spec)}`);
}

function wildcard(spec: string, v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const re = spec
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${re}$`, 's').test(v);
}

const NUMERIC_OPS: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  '=': (a, b) => a === b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

function numeric(spec: unknown, v: unknown): boolean {
  if (!Array.isArray(spec) || spec.length % 2 !== 0)
    throw new Error(`bad numeric ${JSON.stringify(spec)}`);
  if (typeof v !== 'number') return false;
  for (let i = 0; i < spec.length; i += 2) {
    const op = NUMERIC_OPS[String(spec[i])];
    if (!op || typeof spec[i + 1] !== 'number')
      throw new Error(`bad numeric ${JSON.stringify(spec)}`);
    if (!op(v, spec[i + 1])) return false;
  }
  return true;
}

function anythingBut(spec: unknown, v: unknown): boolean {
  if (Array.isArray(spec)) return !spec.includes(v);
  if (isObject(spec)) {
    if ('prefix' in spec) return typeof v === 'string' && !v.startsWith(String(spec.prefix));
    if ('suffix' in spec) return typeof v === 'string' && !v.endsWith(String(spec.suffix));
    if ('equals-ignore-case' in spec) {
      const values = ([] as unknown[]).concat(spec['equals-ignore-case']).map(lower);
      return typeof v === 'string' && !values.includes(v.toLowerCase());
    }
    throw new Error(`unsupported anything-but ${JSON.stringify(spec)}`);
  }
  return v !== spec;
}

/** Whether one present scalar value satisfies one matcher. */
function matchesValue(matcher: unknown, v: unknown): boolean {
  if (matcher === null || typeof matcher !== 'object') return matcher === v;
  if (Array.isArray(matcher))
    throw new Error(`nested list in a pattern: ${JSON.stringify(matcher)}`);
  const entries = Object.entries(matcher);
  if (entries.length !== 1) throw new Error(`one operator per matcher: ${JSON.stringify(matcher)}`);
  const [op, spec] = entries[0];
  switch (op) {
    case 'prefix':
      return stringTest(spec, (value, part) => value.startsWith(part), v);
    case 'suffix':
      return stringTest(spec, (value, part) => value.endsWith(part), v);
    case 'equals-ignore-case':
      return (
        typeof v === 'string' && typeof spec === 'string' && v.toLowerCase() === spec.toLowerCase()
      );
    case 'wildcard':
      if (typeof spec !== 'string') throw new Error(`bad wildcard ${JSON.stringify(spec)}`);
      return wildcard(spec, v);
    case 'anything-but':
      return anythingBut(spec, v);
    case 'numeric':
      return numeric(spec, v);
    case 'exists':
      return spec === true;
    default:
      throw new Error(`unsupported operator ${op}`);
  }
}

/** Whether the field's value (undefined when missing) satisfies the list of matchers. */
function matchesLeaf(matchers: readonly unknown[], value: unknown): boolean {
  if (value === undefined) {
    return matchers.some((m) => isObject(m) && 'exists' in m && m.exists === false);
  }
  // exists works on leaves only: an object is not a value.
  if (isObject(value)) return false;
  const values = Array.isArray(value) ? value : [value];
  return matchers.some((m) => values.some((v) => !isObject(v) && matchesValue(m, v)));
}

/** Whether the event (or a part of it) matches the pattern. */
export function matchesPattern(pattern: Pattern, event: unknown): boolean {
  const target = isObject(event) ? event : {};
  return Object.entries(pattern).every(([key, sub]) => {
    if (key === '$or') {
      if (!Array.isArray(sub)) throw new Error('$or takes a list of patterns');
      return sub.some((p) => isObject(p) && matchesPattern(p as Pattern, target));
    }
    const value = target[key];
    if (Array.isArray(sub)) return matchesLeaf(sub, value);
    if (Array.isArray(value))
      return value.some((v) => isObject(v) && matchesPattern(sub as Pattern, v));
    return matchesPattern(sub as Pattern, value);
  });
}
