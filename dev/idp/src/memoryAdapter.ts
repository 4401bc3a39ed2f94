import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  /** Epoch milliseconds; Infinity when the model has no expiry. */
  expiresAt: number;
}

// Models revoked together when their grant is revoked (same list as oidc-provider's memory adapter).
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);
const SWEEP_EVERY_UPSERTS = 200;

/**
 * In-memory storage for one IdP instance. oidc-provider's own memory adapter works too, but it warns on the
 * console for every provider it backs; this one is silent, scoped to one IdP and drops expired entries.
 */
export function createMemoryAdapter(): AdapterFactory {
  const entries = new Map<string, Entry>();
  const sessionKeys = new Map<string, string>(); // Session uid → entry key
  const userCodeKeys = new Map<string, string>(); // device user code → entry key
  const grantMembers = new Map<string, Set<string>>(); // grantId → entry keys issued under it
  let upserts = 0;

  const get = (key: string | undefined): AdapterPayload | undefined => {
    if (key === undefined) return undefined;
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry?.payload;
  };

  const sweep = (): void => {
    const now = Date.now();
    for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
    for (const index of [sessionKeys, userCodeKeys]) {
      for (const [secondary, key] of index) if (!entries.has(key)) index.delete(secondary);
    }
    for (const [grantId, keys] of grantMembers) {
      for (const key of keys) if (!entries.has(key)) keys.delete(key);
      if (keys.size === 0) grantMembers.delete(grantId);
    }
  };

  return (model: string): Adapter => {
    const keyFor = (id: string): string => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        const key = keyFor(id);
        const expiresAt =
          typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY;
        entries.set(key, { payload, expiresAt });
        if (model === 'Session' && typeof payload.uid === 'string') sessionKeys.set(payload.uid, key);
        if (typeof payload.userCode === 'string') userCodeKeys.set(payload.userCode, key);
        if (GRANTABLE.has(model) && typeof payload.grantId === 'string') {
          const members = grantMembers.get(payload.grantId) ?? new Set<string>();
          members.add(key);
          grantMembers.set(payload.grantId, members);
        }
        upserts += 1;
        if (upserts % SWEEP_EVERY_UPSERTS === 0) sweep();
      },
      async find(id) {
        return get(keyFor(id));
      },
      async findByUid(uid) {
        return get(sessionKeys.get(uid));
      },
      async findByUserCode(userCode) {
        return get(userCodeKeys.get(userCode));
      },
      async consume(id) {
        const payload = get(keyFor(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        entries.delete(keyFor(id));
      },
      async revokeByGrantId(grantId) {
        for (const key of grantMembers.get(grantId) ?? []) entries.delete(key);
        grantMembers.delete(grantId);
      },
    };
  };
}
