import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEV_STACK_ENV_VARIABLES } from '@nc-mcp/dev-stack';
import { MCP_SERVER_ENV_VARIABLES, MCP_SERVER_REQUIRED_VARIABLES } from '@nc-mcp/mcp-server';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');
const compose = parse(readFileSync(`${root}docker-compose.yml`, 'utf8')) as {
  services: Record<string, { environment?: Record<string, string> }>;
};

/** Variable names in the first column of the README's configuration table. */
function documentedVariables(): Set<string> {
  const section = readme.split('## Configuration')[1]?.split('\n## ')[0] ?? '';
  const names = [...section.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1] as string);
  return new Set(names);
}

const servicesInCode: Record<string, readonly string[]> = {
  'mcp-server': MCP_SERVER_ENV_VARIABLES,
};

describe('configuration: code, README and docker-compose.yml agree', () => {
  it('documents every variable the services and the dev stack read', () => {
    const documented = documentedVariables();
    for (const variable of [...MCP_SERVER_ENV_VARIABLES, ...DEV_STACK_ENV_VARIABLES]) {
      expect(documented, `README lacks ${variable}`).toContain(variable);
    }
  });

  it('documents no variable that nothing reads', () => {
    const known = new Set([...MCP_SERVER_ENV_VARIABLES, ...DEV_STACK_ENV_VARIABLES]);
    for (const variable of documentedVariables())
      expect(known, `nothing reads ${variable}`).toContain(variable);
  });

  it('sets in docker-compose.yml only variables our services know, and every required one', () => {
    for (const [service, variables] of Object.entries(servicesInCode)) {
      const environment = compose.services[service]?.environment;
      expect(environment, `compose has no ${service} service`).toBeDefined();
      for (const name of Object.keys(environment ?? {})) {
        expect(variables, `${service} does not read ${name}`).toContain(name);
      }
      for (const required of MCP_SERVER_REQUIRED_VARIABLES) {
        expect(Object.keys(environment ?? {}), `${service} misses ${required}`).toContain(required);
      }
    }
  });

  it('runs redis, nextcloud, keycloak and the MCP server', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['keycloak', 'mcp-server', 'nextcloud', 'redis']);
  });
});
