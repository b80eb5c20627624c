import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    // Browser end-to-end tests (tests/e2e) run under Playwright, not vitest.
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Stylesheets import as empty text unless listed: the renderer's theme test reads styles.css (?raw).
    css: { include: [/src\/renderer\/src\/styles\.css/] },
  },
})
