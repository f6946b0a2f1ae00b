/**
 * The app shell's initial JavaScript, gzipped: what a phone on a slow mobile
 * link must download before the first screen can run. Read from the built
 * dist/index.html: every <script type="module" src> and every
 * <link rel="modulepreload" href> (lazy chunks loaded by import() are not
 * initial and are not counted). The CSS the shell links is a second figure.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BenchModule, type BenchResult, ROOT, isMain, runStandalone, round } from './common';

export const JS_BUDGET_KB = 80;
/** KB as vite reports it: 1000 bytes. */
const KB = 1000;

const DIST = join(ROOT, 'dist');

type Attrs = Map<string, string>;

function parseAttrs(source: string): Attrs {
  const attrs: Attrs = new Map();
  for (const m of source.matchAll(/([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    attrs.set(m[1]!.toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** The tags of an HTML document with the given name, as attribute maps (comments skipped). */
function tags(html: string, name: string): Attrs[] {
  const withoutComments = html.replace(/<!--[\s\S]*?-->/g, '');
  const re = new RegExp(`<${name}\\b([^>]*)>`, 'gi');
  return [...withoutComments.matchAll(re)].map((m) => parseAttrs(m[1] ?? ''));
}

/** A URL from index.html as a file under dist/; refuses anything that is not a local file of the build. */
function distFile(url: string): string {
  if (/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(url)) {
    throw new Error(`dist/index.html loads ${url} from elsewhere: the shell's size cannot be measured (and it should not depend on another origin)`);
  }
  const path = url.split(/[?#]/)[0]!;
  const file = resolve(DIST, path.startsWith('/') ? `.${path}` : path);
  if (!file.startsWith(DIST + sep)) throw new Error(`dist/index.html refers to ${url}, outside dist/`);
  if (!existsSync(file)) throw new Error(`dist/index.html refers to ${url}, but ${relative(ROOT, file)} does not exist`);
  return file;
}

function gzipSize(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

function relList(attrs: Attrs): string[] {
  return (attrs.get('rel') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}

export interface ShellAssets {
  js: string[];
  css: string[];
}

export function shellAssets(html: string): ShellAssets {
  const js = new Set<string>();
  const css = new Set<string>();
  for (const a of tags(html, 'script')) {
    const src = a.get('src');
    if (src && (a.get('type') ?? '').toLowerCase() === 'module') js.add(distFile(src));
  }
  for (const a of tags(html, 'link')) {
    const href = a.get('href');
    if (!href) continue;
    const rel = relList(a);
    if (rel.includes('modulepreload')) js.add(distFile(href));
    if (rel.includes('stylesheet')) css.add(distFile(href));
  }
  return { js: [...js], css: [...css] };
}

export async function run(): Promise<BenchResult> {
  const indexFile = join(DIST, 'index.html');
  if (!existsSync(indexFile)) throw new Error('dist/index.html is missing: run "npm run build" first (npm run bench does)');
  const { js, css } = shellAssets(readFileSync(indexFile, 'utf8'));
  if (js.length === 0) throw new Error('dist/index.html has no <script type="module" src=...>: cannot find the app shell');

  const sizes = (files: string[]) => files.map((f) => ({ file: relative(ROOT, f), gz: gzipSize(f) }));
  const jsSizes = sizes(js);
  const cssSizes = sizes(css);
  for (const s of [...jsSizes, ...cssSizes]) console.log(`    ${s.file}: ${(s.gz / KB).toFixed(2)} KB gzip`);
  const jsKb = jsSizes.reduce((n, s) => n + s.gz, 0) / KB;
  const cssKb = cssSizes.reduce((n, s) => n + s.gz, 0) / KB;

  const failures: string[] = [];
  if (jsKb > JS_BUDGET_KB) {
    failures.push(
      `app shell initial JS is ${jsKb.toFixed(2)} KB gzip, over the ${JS_BUDGET_KB} KB budget ` +
        `(${jsSizes.map((s) => `${s.file} ${(s.gz / KB).toFixed(2)} KB`).join(', ')}): ` +
        'move code behind import() or drop a dependency',
    );
  }
  const budget = `budget ${JS_BUDGET_KB} KB`;
  return {
    figures: [
      { name: 'app shell initial JS (gzip)', value: round(jsKb, 2), unit: 'KB', baseline: budget, baselineValue: JS_BUDGET_KB },
      { name: 'app shell CSS (gzip)', value: round(cssKb, 2), unit: 'KB', baseline: budget, baselineValue: JS_BUDGET_KB },
    ],
    failures,
    notes: [
      `**App shell size.** The files dist/index.html loads before the first screen: every \`<script type="module" src>\` and ` +
        `\`<link rel="modulepreload" href>\` for the JS (${jsSizes.length} file${jsSizes.length === 1 ? '' : 's'}), every ` +
        `\`<link rel="stylesheet">\` for the CSS, each gzipped with zlib level 9 and summed; KB = 1000 bytes, as vite prints. ` +
        `Chunks loaded later by \`import()\` are not counted. The JS must stay within ${JS_BUDGET_KB} KB (the bench fails ` +
        'otherwise); the CSS is shown against the same budget only for scale. Sizes are deterministic: no noise here.',
    ],
  };
}

export const bundleSize: BenchModule = { title: 'bundle size', run };

if (isMain(import.meta.url)) runStandalone(run);
