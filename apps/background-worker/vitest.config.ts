import { defineConfig } from 'vitest/config';

// These suites start real servers (HTTP, gRPC, child processes); a loaded 2-core CI machine needs headroom.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
