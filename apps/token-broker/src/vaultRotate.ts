// `pnpm --filter @nc-mcp/token-broker vault:rotate` (the image runs `node dist/index.js vault:rotate`).
import { runVaultRotate } from './vault/rotateCommand.js';

void runVaultRotate();
