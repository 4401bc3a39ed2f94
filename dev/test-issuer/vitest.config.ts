import { defineConfig } from 'vitest/config';

// Every suite here starts HTTP servers and generates keys; a loaded 2-core CI machine needs headroom.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
