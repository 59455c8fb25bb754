// Headless Chromium for browser tests: Debian's /usr/bin/chromium driven by
// playwright-core. Tests skip only when Chromium (or playwright-core) is
// absent and process.env.CI is unset; on CI a missing browser fails.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Path of the system Chromium. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags that keep Chromium quiet, offline and sandbox-free in containers. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** True when the browser tests can run here (Chromium and playwright-core present) or must run (CI). */
export function browserAvailable(): boolean {
  if (process.env.CI) return true;
  try {
    createRequire(import.meta.url).resolve('playwright-core');
  } catch {
    return false;
  }
  return existsSync(CHROMIUM_PATH);
}

// Minimal structural types, so this file type-checks even where playwright-core is not installed.
/** The part of playwright's Page these tests use. */
export interface Page {
  setContent(html: string): Promise<void>;
  addScriptTag(options: { content: string }): Promise<unknown>;
  evaluate<R>(fn: () => R): Promise<R>;
  on(event: 'console', cb: (m: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', cb: (e: Error) => void): void;
}
interface Context {
  pages(): Page[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
interface Playwright {
  chromium: { launchPersistentContext(dir: string, options: Record<string, unknown>): Promise<Context> };
}

/** A page in a fresh browser profile, plus the console errors seen so far. */
export interface BrowserSession {
  /** The playwright page. */
  page: Page;
  /** Console errors and uncaught page errors, in order. */
  errors: string[];
  /** Closes the browser and removes the profile directory. */
  close(): Promise<void>;
}

/** Launches Chromium with a fresh --user-data-dir and opens one blank page. */
export async function openPage(): Promise<BrowserSession> {
  const name = 'playwright-core';
  const { chromium } = (await import(/* @vite-ignore */ name)) as Playwright;
  const profile = mkdtempSync(join(tmpdir(), 'eiskit-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m: { type(): string; text(): string }) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e: Error) => errors.push(String(e)));
  return {
    page,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
