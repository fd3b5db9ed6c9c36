import { ErrorCodes, type ErrorInfo } from './contract.js';

/** The depth SignalR's JSON hub protocol reads to, for a whole message (System.Text.Json's default). */
export const MaxMessageDepth = 64;

/** Levels the invocation adds around the argument: the message object and its `arguments` array. */
const EnvelopeDepth = 2;

/** Bytes the invocation adds around the argument (type, invocation id, target), rounded up. */
const EnvelopeBytes = 128;

const encoder = new TextEncoder();

/** The deepest nesting of objects and arrays in a JSON value (1 for a flat object, 0 for a scalar). */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, depth);
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

/**
 * Whether the hub can take this argument at all, as the .NET SDK checks (client/Internal/HubMessageLimits.cs). A
 * message over the gateway's size limit or nested deeper than 64 levels is not answered: the gateway closes the
 * connection, and a queue that resends unanswered updates would close it again and again. Refused here, it fails
 * once, with VALIDATION_ERROR.
 */
export function checkHubMessage(argument: unknown, maxMessageBytes: number): ErrorInfo | undefined {
  const bytes = encoder.encode(JSON.stringify(argument)).length;
  if (bytes + EnvelopeBytes > maxMessageBytes) {
    return {
      code: ErrorCodes.ValidationError,
      message: `update: ${bytes} bytes of JSON, over the hub's message limit of ${maxMessageBytes} bytes (split it into smaller updates)`,
    };
  }
  const depth = jsonDepth(argument);
  if (depth + EnvelopeDepth > MaxMessageDepth) {
    return {
      code: ErrorCodes.ValidationError,
      message: `update: nested ${depth} levels deep; the hub reads messages at most ${MaxMessageDepth} levels deep, so an operation's value may nest at most ${MaxMessageDepth - EnvelopeDepth - 3} levels`,
    };
  }
  return undefined;
}
