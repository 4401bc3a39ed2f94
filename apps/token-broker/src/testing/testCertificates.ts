// Throwaway PKI for the mTLS tests, made with the openssl CLI: a CA, a server certificate for 127.0.0.1 and
// localhost, and one client certificate per caller name.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether the openssl CLI can be run. */
export const OPENSSL_AVAILABLE = spawnSync('openssl', ['version']).status === 0;

/** Paths of the generated files. */
export interface TestCertificates {
  dir: string;
  caFile: string;
  server: { certFile: string; keyFile: string };
  /** By common name. */
  client(commonName: string): { certFile: string; keyFile: string };
  remove(): void;
}

/** Generates the CA, the server certificate and a client certificate for each of `clientNames`. */
export function createTestCertificates(clientNames: readonly string[]): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'broker-mtls-'));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

  openssl(
    'req',
    '-x509',
    ...ecKey,
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '1',
    '-subj',
    '/CN=broker-test-ca',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  const issue = (name: string, commonName: string, extensions: string) => {
    writeFileSync(file(`${name}.ext`), extensions);
    openssl('req', ...ecKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${commonName}`);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
    );
    return { certFile: file(`${name}.crt`), keyFile: file(`${name}.key`) };
  };
  const server = issue(
    'server',
    'localhost',
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
  );
  const clients = new Map(
    clientNames.map(
      (name) => [name, issue(`client-${name}`, name, 'extendedKeyUsage=clientAuth\n')] as const,
    ),
  );
  return {
    dir,
    caFile: file('ca.crt'),
    server,
    client: (commonName) => {
      const found = clients.get(commonName);
      if (!found) throw new Error(`no test certificate for ${commonName}`);
      return found;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
