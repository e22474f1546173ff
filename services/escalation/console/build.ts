import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles the console (Preact, the app's TSX and its stylesheet) into
 * console/dist/app.js and app.css, which the escalation service serves. Run
 * at build time by scripts/run.sh, scripts/test.sh and the browser tests'
 * setup: nothing is fetched at run time and the output is not committed.
 */
export async function buildConsole(): Promise<{ bytes: Record<string, number> }> {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const result = await build({
    absWorkingDir: here,
    entryPoints: { app: 'src/main.tsx' },
    outdir: 'dist',
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    loader: { '.css': 'css' },
    inject: [],
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  const bytes: Record<string, number> = {};
  for (const [file, output] of Object.entries(result.metafile.outputs)) bytes[file] = output.bytes;
  return { bytes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { bytes } = await buildConsole();
  console.error(
    `[console] built ${Object.entries(bytes)
      .map(([f, b]) => `${f} ${b} B`)
      .join(', ')}`,
  );
}
