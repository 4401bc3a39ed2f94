import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WORKER_ENV_VARIABLES, WORKER_REQUIRED_VARIABLES } from '@nc-mcp/background-worker';
import { DEV_STACK_ENV_VARIABLES } from '@nc-mcp/dev-stack';
import { MCP_SERVER_ENV_VARIABLES, MCP_SERVER_REQUIRED_VARIABLES } from '@nc-mcp/mcp-server';
import { BROKER_ENV_VARIABLES, BROKER_REQUIRED_VARIABLES } from '@nc-mcp/token-broker';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');
type ComposeService = {
  environment?: Record<string, string>;
  ports?: string[];
  build?: { args?: { APP?: string } };
};
const compose = parse(readFileSync(`${root}docker-compose.yml`, 'utf8')) as {
  services: Record<string, ComposeService>;
};

/** Our services: what each reads, what it cannot start without. */
const services: Record<string, { variables: readonly string[]; required: readonly string[] }> = {
  'mcp-server': { variables: MCP_SERVER_ENV_VARIABLES, required: MCP_SERVER_REQUIRED_VARIABLES },
  'token-broker': { variables: BROKER_ENV_VARIABLES, required: BROKER_REQUIRED_VARIABLES },
  'background-worker': { variables: WORKER_ENV_VARIABLES, required: WORKER_REQUIRED_VARIABLES },
};

/** Rows of the README's configuration table: variable → the services column. */
function documented(): Map<string, string> {
  const section = readme.split('## Configuration')[1]?.split('\n## ')[0] ?? '';
  return new Map(
    [...section.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| ([^|]+) \|/gm)].map((m) => [
      m[1] as string,
      (m[2] ?? '').trim(),
    ]),
  );
}

describe('configuration: code, README and docker-compose.yml agree', () => {
  it('documents every variable each service and the dev stack read, under that service', () => {
    const rows = documented();
    const readers: Record<string, readonly string[]> = {
      ...Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.variables])),
      'dev stack': DEV_STACK_ENV_VARIABLES,
    };
    for (const [service, variables] of Object.entries(readers)) {
      for (const variable of variables) {
        const column = rows.get(variable);
        expect(column, `README lacks ${variable}`).toBeDefined();
        expect(
          column === 'all' || column?.split(', ').includes(service),
          `README: ${variable} not listed for ${service}`,
        ).toBe(true);
      }
    }
  });

  it('documents no variable that nothing reads', () => {
    const known = new Set([
      ...Object.values(services).flatMap((s) => s.variables),
      ...DEV_STACK_ENV_VARIABLES,
    ]);
    for (const variable of documented().keys())
      expect(known, `nothing reads ${variable}`).toContain(variable);
  });

  it('sets in docker-compose.yml only variables each service knows, and every required one', () => {
    for (const [name, service] of Object.entries(services)) {
      const environment = Object.keys(compose.services[name]?.environment ?? {});
      expect(environment.length, `compose has no ${name} environment`).toBeGreaterThan(0);
      for (const variable of environment)
        expect(service.variables, `${name} does not read ${variable}`).toContain(variable);
      for (const variable of service.required)
        expect(environment, `${name} misses ${variable}`).toContain(variable);
      expect(compose.services[name]?.build?.args?.APP).toBe(name);
    }
  });

  it('runs the production shape, with the broker unpublished and the MCP server in exchange mode', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'background-worker',
      'keycloak',
      'mcp-server',
      'nextcloud',
      'postgres',
      'redis',
      'token-broker',
    ]);
    expect(compose.services['token-broker']?.ports).toBeUndefined();
    const mcp = compose.services['mcp-server']?.environment ?? {};
    expect(mcp.ENABLE_TOKEN_EXCHANGE).toBe('true');
    expect(mcp.TOKEN_BROKER_URL).toMatch(/token-broker:50051$/);
    const brokerKeys = compose.services['token-broker']?.environment?.BROKER_CALLER_KEYS ?? '';
    expect(brokerKeys).toContain(`mcp-server=${mcp.TOKEN_BROKER_CALLER_KEY}`);
    // The worker reaches the broker as its own caller, the queue and the index as the MCP server does.
    const worker = compose.services['background-worker']?.environment ?? {};
    expect(brokerKeys).toContain(`background-worker=${worker.TOKEN_BROKER_CALLER_KEY}`);
    expect(worker.TOKEN_BROKER_CALLER_KEY).not.toBe(mcp.TOKEN_BROKER_CALLER_KEY);
    for (const shared of ['REDIS_URL', 'QUEUE_PREFIX', 'DATABASE_URL'])
      expect(worker[shared]).toBe(mcp[shared]);
    expect(compose.services['background-worker']?.ports).toBeUndefined();
  });

  it('imports a Keycloak realm whose MCP client tokens name the broker, with token exchange on for the broker', () => {
    const realm = JSON.parse(readFileSync(`${root}deploy/keycloak/nc-mcp-realm.json`, 'utf8')) as {
      clients: {
        clientId: string;
        attributes?: Record<string, string>;
        protocolMappers?: { config: Record<string, string> }[];
      }[];
    };
    const client = (id: string) => realm.clients.find((c) => c.clientId === id);
    const audiences = (client('nc-mcp-demo')?.protocolMappers ?? []).map(
      (m) => m.config['included.client.audience'],
    );
    expect(audiences).toEqual(expect.arrayContaining(['mcp-server', 'token-broker']));
    expect(audiences).not.toContain('nextcloud');
    expect(client('token-broker')?.attributes?.['standard.token.exchange.enabled']).toBe('true');
  });

  it('keeps the vault in PostgreSQL with a key the operator makes, and registers the consent callback', () => {
    const broker = compose.services['token-broker']?.environment ?? {};
    expect(broker.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
    // No committed key: compose refuses to start until the operator made one.
    expect(broker.TOKEN_ENCRYPTION_KEYS).toMatch(/^\$\{TOKEN_ENCRYPTION_KEYS:\?/);
    expect(compose.services['mcp-server']?.environment?.ENABLE_PROGRESSIVE_CONSENT).toBe('true');
    const realm = JSON.parse(readFileSync(`${root}deploy/keycloak/nc-mcp-realm.json`, 'utf8')) as {
      clients: {
        clientId: string;
        standardFlowEnabled?: boolean;
        redirectUris?: string[];
        optionalClientScopes?: string[];
      }[];
    };
    const brokerClient = realm.clients.find((c) => c.clientId === 'token-broker');
    expect(brokerClient?.standardFlowEnabled).toBe(true);
    expect(brokerClient?.redirectUris).toContain(`${broker.MCP_PUBLIC_URL}/oauth/provision/callback`);
    expect(brokerClient?.optionalClientScopes).toContain('offline_access');
  });
});
