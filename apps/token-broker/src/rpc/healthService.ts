import {
  type ServerUnaryCall,
  type ServerWritableStream,
  type sendUnaryData,
  status,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import {
  type HealthCheckRequest,
  type HealthCheckResponse,
  HealthCheckResponse_ServingStatus,
} from '@nc-mcp/proto';

/** The gRPC health service and a way to end its open Watch streams (they would hold a graceful shutdown). */
export interface HealthImplementation {
  implementation: UntypedServiceImplementation;
  /** Ends every open Watch stream. */
  close(): void;
}

/**
 * `grpc.health.v1.Health`, open to any caller (probes carry no identity). `''` and each registered service
 * are SERVING for as long as the process serves at all; Check answers NOT_FOUND for other names, Watch
 * sends SERVICE_UNKNOWN for them (as the health protocol says) and keeps the stream open until cancelled.
 */
export function healthService(services: readonly string[]): HealthImplementation {
  const known = new Set(['', ...services]);
  const watchers = new Set<ServerWritableStream<HealthCheckRequest, HealthCheckResponse>>();
  const statusOf = (service: string) =>
    known.has(service)
      ? HealthCheckResponse_ServingStatus.SERVING
      : HealthCheckResponse_ServingStatus.SERVICE_UNKNOWN;

  const check = (
    call: ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>,
    callback: sendUnaryData<HealthCheckResponse>,
  ) => {
    if (!known.has(call.request.service)) {
      callback({ code: status.NOT_FOUND, details: 'unknown service' });
      return;
    }
    callback(null, { status: statusOf(call.request.service) });
  };
  const watch = (call: ServerWritableStream<HealthCheckRequest, HealthCheckResponse>) => {
    watchers.add(call);
    const forget = () => watchers.delete(call);
    call.on('cancelled', forget);
    call.on('close', forget);
    call.write({ status: statusOf(call.request.service) });
  };
  return {
    implementation: { check, watch },
    close() {
      for (const call of watchers) call.end();
      watchers.clear();
    },
  };
}
