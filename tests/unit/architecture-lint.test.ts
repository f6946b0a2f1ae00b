/**
 * The import rules of docs/architecture.md refuse what they are meant to refuse. Each case lints a
 * snippet as if it were a file in the named folder; the imports named are real files, so the
 * rules judge resolved paths as they do on the repository. Type information is left out here (it
 * needs the file on disk): `npm run lint` covers the type-aware rule on the real code.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({
  overrideConfig: {
    languageOptions: { parserOptions: { project: null } },
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
});

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('point 7: the import rules state the architecture', () => {
  it('point 7: core imports nothing outside itself, no Node API, no Dexie, no DOM global', async () => {
    const found = await problems(
      'src/core/zz-lint-probe.ts',
      "import { db } from '../db/db';\nimport { readFileSync } from 'node:fs';\nimport Dexie from 'dexie';\nexport const x = [db, readFileSync, Dexie, window.location];\n",
    );
    expect(found).toHaveLength(4);
    expect(found.join('\n')).toMatch(/src\/core is the one source of truth/);
    expect(found.join('\n')).toMatch(/no Node APIs/);
    expect(found.join('\n')).toMatch(/storage is the caller's/);
    expect(found.join('\n')).toMatch(/no DOM or browser API/);
    expect(await problems('src/core/zz-lint-probe.ts', "import { ISSUE_CATEGORIES } from './domain';\nexport const x = ISSUE_CATEGORIES;\n")).toEqual([]);
  });

  it('point 7: sync imports no UI, ui and media import no feature', async () => {
    expect(await problems('src/sync/zz-lint-probe.ts', "import { createLive } from '../ui/live';\nexport const x = createLive;\n")).toEqual([
      expect.stringMatching(/no-restricted-paths: .*knows no UI/),
    ]);
    expect(await problems('src/ui/zz-lint-probe.ts', "import { PhotoImage } from '../features/photos';\nexport const x = PhotoImage;\n")).toEqual([
      expect.stringMatching(/no-restricted-paths: .*imports no feature/),
    ]);
    expect(await problems('src/media/zz-lint-probe.ts', "import { t } from '../features/photos/messages';\nexport const x = t;\n")).toEqual([
      expect.stringMatching(/no-restricted-paths: .*imports no feature, nor a feature's messages/),
    ]);
  });

  it("point 7: a feature reaches another only through that feature's index", async () => {
    expect(
      await problems('src/features/points/zz-lint-probe.ts', "import { PhotoImage } from '../photos/PhotoThumb';\nexport const x = PhotoImage;\n"),
    ).toEqual([expect.stringMatching(/no-restricted-paths: .*only through src\/features\/photos\/index\.ts/)]);
    expect(await problems('src/features/points/zz-lint-probe.ts', "import { PhotoImage } from '../photos';\nexport const x = PhotoImage;\n")).toEqual([]);
  });

  it('point 7: the server imports src/core but not the device code', async () => {
    expect(await problems('sync-server/zz-lint-probe.ts', "import { db } from '../src/db/db';\nexport const x = db;\n")).toEqual([
      expect.stringMatching(/no-restricted-paths: .*shares only src\/core/),
    ]);
    expect(await problems('sync-server/zz-lint-probe.ts', "import { ISSUE_CATEGORIES } from '../src/core';\nexport const x = ISSUE_CATEGORIES;\n")).toEqual([]);
  });
});
