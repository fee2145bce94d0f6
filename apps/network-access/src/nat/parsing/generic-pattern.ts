import { registerDecorator, ValidationOptions } from 'class-validator';
import { epochOf, ipv4ToInt, localTimeOf, NatRecord, portOf, protocolOf } from './nat-record';

export type GenericKind = 'session' | 'block';

const REQUIRED: Record<GenericKind, readonly string[]> = {
  session: ['insideIp', 'insidePort', 'publicIp', 'publicPort'],
  block: ['insideIp', 'publicIp', 'portStart', 'portEnd'],
};

/** Why a configured pattern is unusable, or null when it compiles and names every group it must. */
export function natPatternProblem(source: string, kind: GenericKind): string | null {
  let pattern: RegExp;
  try {
    pattern = new RegExp(source);
  } catch (error) {
    return `is not a valid regular expression (${(error as Error).message})`;
  }
  const names = new Set(
    [...pattern.source.matchAll(/\(\?<([A-Za-z][A-Za-z0-9]*)>/g)].map((match) => match[1]),
  );
  const missing = REQUIRED[kind].filter((name) => !names.has(name));
  return missing.length ? `must name the groups ${missing.map((name) => `(?<${name}>…)`).join(', ')}` : null;
}

/** Config validation: a generic NAT pattern that compiles and names the groups its kind needs. */
export function IsNatPattern(kind: GenericKind, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNatPattern',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args) => `${args.property} ${natPatternProblem(String(args.value), kind) ?? 'is invalid'}`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && natPatternProblem(value, kind) === null,
      },
    });
}

const RELEASE = /^(rel|free|withdraw|del)/i;

/** A line read through a configured pattern: the translation, `null` when the pattern does not match. */
export function parseGeneric(
  pattern: RegExp,
  kind: GenericKind,
  message: string,
  offsetMinutes: number,
): NatRecord | null | 'malformed' {
  const groups = pattern.exec(message)?.groups;
  if (!groups) return null;
  const at = epochOf(groups.at) ?? localTimeOf(groups.at, offsetMinutes);
  if (groups.at !== undefined && at === null) return 'malformed';
  const insideIp = ipv4ToInt(groups.insideIp);
  const publicIp = ipv4ToInt(groups.publicIp);
  if (insideIp === null || publicIp === null) return 'malformed';
  if (kind === 'block') {
    const portStart = portOf(groups.portStart);
    const portEnd = portOf(groups.portEnd);
    if (portStart === null || portEnd === null || portEnd < portStart) return 'malformed';
    const event = groups.event !== undefined && RELEASE.test(groups.event) ? 'release' : 'allocate';
    return { kind, at: at ?? new Date(Number.NaN), event, insideIp, publicIp, portStart, portEnd };
  }
  const insidePort = portOf(groups.insidePort);
  const publicPort = portOf(groups.publicPort);
  if (insidePort === null || publicPort === null) return 'malformed';
  return {
    kind,
    at: at ?? new Date(Number.NaN),
    endedAt: null,
    protocol: protocolOf(groups.protocol),
    insideIp,
    insidePort,
    publicIp,
    publicPort,
  };
}
