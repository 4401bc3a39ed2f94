import type { JobsOptions } from 'bullmq';
import { z } from 'zod';

/** The one queue every background job goes through; producers and the worker agree on it here. */
export const SYNC_QUEUE_NAME = 'nc-mcp-sync';

/** The Redis key prefix of the queue unless a caller (a test) chooses another. */
export const DEFAULT_QUEUE_PREFIX = 'ncmcp';

// A user id is the IdP `sub`: opaque, but never empty and never unbounded.
const userId = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters');

/** Why a user is synced: the periodic schedule, "sync now", or a new consent. */
export const SYNC_REASONS = ['schedule', 'manual', 'provisioned'] as const;

/** What a sync is asked for; the reason only shapes logs and dedup, never what is read. */
export type SyncReason = (typeof SYNC_REASONS)[number];

const schemas = {
  'sync.user': z.strictObject({ userId, reason: z.enum(SYNC_REASONS) }),
  'schedule.reconcile': z.strictObject({}),
  'schedule.user': z.strictObject({ userId }),
  'unschedule.user': z.strictObject({ userId }),
};

/** Every job kind the worker consumes. */
export type JobName = keyof typeof schemas;

/** The payload of each job kind: a user id and a kind, never a token. */
export type JobPayload<N extends JobName> = z.output<(typeof schemas)[N]>;

/** How one job kind is retried and deduplicated. */
export interface JobDefinition<N extends JobName> {
  name: N;
  schema: (typeof schemas)[N];
  attempts: number;
  backoff: { type: 'exponential'; delay: number };
  /**
   * BullMQ deduplication id: while a job with this key is active, one more may wait (with the latest
   * payload), never more. Absent for kinds whose order matters (schedule / unschedule).
   */
  deduplicationKey?(payload: JobPayload<N>): string;
}

/** The job catalogue: one entry per job kind. */
export const JOB_DEFINITIONS: { readonly [N in JobName]: JobDefinition<N> } = {
  'sync.user': {
    name: 'sync.user',
    schema: schemas['sync.user'],
    // An outage (broker, IdP, Nextcloud) gets about half an hour of retries; the schedule takes over after.
    attempts: 6,
    backoff: { type: 'exponential', delay: 30_000 },
    deduplicationKey: (payload) => `sync.user:${payload.userId}`,
  },
  'schedule.reconcile': {
    name: 'schedule.reconcile',
    schema: schemas['schedule.reconcile'],
    attempts: 3,
    backoff: { type: 'exponential', delay: 10_000 },
    deduplicationKey: () => 'schedule.reconcile',
  },
  'schedule.user': {
    name: 'schedule.user',
    schema: schemas['schedule.user'],
    attempts: 5,
    backoff: { type: 'exponential', delay: 5_000 },
  },
  'unschedule.user': {
    name: 'unschedule.user',
    schema: schemas['unschedule.user'],
    attempts: 5,
    backoff: { type: 'exponential', delay: 5_000 },
  },
};

/** Every job name, in catalogue order. */
export const JOB_NAMES: readonly JobName[] = Object.keys(JOB_DEFINITIONS) as JobName[];

/** True for a name in the catalogue. */
export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOB_DEFINITIONS, name);
}

/** Retries and bounded history of a job kind: what a scheduler's template may carry too. */
export function retryOptions(
  name: JobName,
): Pick<JobsOptions, 'attempts' | 'backoff' | 'removeOnComplete' | 'removeOnFail'> {
  const definition = JOB_DEFINITIONS[name];
  return {
    attempts: definition.attempts,
    backoff: definition.backoff,
    removeOnComplete: { count: 1000, age: 24 * 3600 },
    removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
  };
}

/** BullMQ options for one job of this kind: retries, bounded history and deduplication. */
export function jobOptions<N extends JobName>(name: N, payload: JobPayload<N>): JobsOptions {
  const key = (JOB_DEFINITIONS[name] as JobDefinition<N>).deduplicationKey?.(payload);
  return {
    ...retryOptions(name),
    // keepLastIfActive: a "sync now" during a running sync still runs once after it, with no overlap.
    ...(key === undefined ? {} : { deduplication: { id: key, keepLastIfActive: true } }),
  };
}
