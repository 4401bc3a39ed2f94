import {
  Metadata,
  type ServerUnaryCall,
  type ServiceDefinition,
  type StatusObject,
  type sendUnaryData,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { Logger } from '@nc-mcp/logger';
import { BrokerFailure } from '../brokerFailure.js';
import type { CallerName } from '../callers/callerNames.js';
import { authorizeCaller } from '../callers/callerPolicy.js';
import { type CallerAuthentication, claimedCaller, identifyCaller } from '../callers/identifyCaller.js';
import { type GrpcFailure, REASON_HEADER, toGrpcStatus } from './toGrpcStatus.js';

/** What a guarded handler knows besides its request: who called, and a logger bound to the RPC. */
export interface RpcContext {
  caller: CallerName;
  /** `rpc`, `service` and `caller` are already bound. */
  logger: Logger;
}

/** A unary handler that returns its response or throws (a BrokerFailure, ideally). */
export type RpcHandler<Request, Response> = (request: Request, context: RpcContext) => Promise<Response>;

type RequestOf<M> = M extends { requestDeserialize: (bytes: Buffer) => infer R } ? R : never;
type ResponseOf<M> = M extends { responseSerialize: (value: infer R) => Buffer } ? R : never;

/** One {@link RpcHandler} per method of `S`. */
export type GuardedHandlers<S extends ServiceDefinition> = {
  [K in keyof S]: RpcHandler<RequestOf<S[K]>, ResponseOf<S[K]>>;
};

/**
 * Builds a grpc-js implementation in which every method first identifies and authorizes the caller, then
 * runs its handler, and maps any failure through toGrpcStatus. Wrapping the whole service (rather than each
 * handler checking for itself) means a newly added method cannot forget the check.
 */
export function guardService<S extends ServiceDefinition>(
  service: S,
  handlers: GuardedHandlers<S>,
  options: { authentication: CallerAuthentication; logger: Logger },
): UntypedServiceImplementation {
  const implementation: UntypedServiceImplementation = {};
  for (const [name, definition] of Object.entries(service)) {
    if (definition.requestStream || definition.responseStream) {
      throw new TypeError(`guardService: ${definition.path} is streaming; only unary methods are guarded`);
    }
    const [serviceName = '', methodName = ''] = definition.path.split('/').slice(1);
    const handler = handlers[name] as RpcHandler<unknown, unknown>;
    const rpcLogger = options.logger.child({ service: serviceName, rpc: methodName });
    // One child per (method, caller), made once: a pino child runs the redaction over its bindings, which
    // is measurable per call, and the bindings never change. Callers are a closed set of names.
    const callerLoggers = new Map<CallerName, Logger>();

    implementation[name] = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
      let caller: CallerName;
      try {
        caller = identifyCaller(call, options.authentication);
        authorizeCaller(caller, serviceName);
      } catch (error) {
        const failure = toGrpcStatus(error);
        rpcLogger.warn(
          {
            caller: claimedCaller(call, options.authentication),
            reason: error instanceof Error ? error.message : 'unknown',
            errorCode: failure.errorCode,
          },
          'call refused',
        );
        callback(failureStatus(failure));
        return;
      }
      let logger = callerLoggers.get(caller);
      if (!logger) {
        logger = rpcLogger.child({ caller });
        callerLoggers.set(caller, logger);
      }
      handler(call.request, { caller, logger }).then(
        (response) => callback(null, response),
        (error: unknown) => {
          const failure = toGrpcStatus(error);
          if (error instanceof BrokerFailure) logger.debug({ errorCode: failure.errorCode }, 'call failed');
          else logger.error({ err: error }, 'call failed unexpectedly');
          callback(failureStatus(failure));
        },
      );
    };
  }
  return implementation;
}

// The broker's failure code travels as trailing metadata: callers switch on it, never on `details`.
function failureStatus(failure: GrpcFailure): Partial<StatusObject> {
  const metadata = new Metadata();
  metadata.set(REASON_HEADER, failure.errorCode);
  return { code: failure.code, details: failure.details, metadata };
}
