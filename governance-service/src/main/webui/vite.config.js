import { defineConfig } from 'vite';

export default defineConfig({
  // Preact's automatic JSX runtime, without a framework plugin (and its Babel) in the build.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', assetsDir: 'assets', sourcemap: false },
  // `npm run dev` against a service on 8080: the app reaches it on the same origin, as when the service serves it.
  server: { proxy: { '/graphql': { target: 'http://localhost:8080', ws: true } } },
});
