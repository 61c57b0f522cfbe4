import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import express from 'express';
import { TestRedisServer } from '@gapflow/testing';
import { startTestGateway, type TestGateway } from '../gateway.fixture';
import { PAGE_BUILD_DIR, pageRoutes } from './page';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET with the Host header a browser would send (fetch will not let a caller set it). */
function get(url: string, host?: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const call = request({ hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, headers: { ...(host ? { host } : {}), ...headers } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    call.on('error', reject);
    call.end();
  });
}

/** The raw bytes of an answer, as sent (node's fetch would decode them). */
function fetchBytes(url: string, acceptEncoding: string): Promise<{ body: Buffer; encoding?: string; vary?: string; type?: string; cacheControl?: string }> {
  return new Promise((resolve, reject) => {
    const call = request(url, { headers: { 'accept-encoding': acceptEncoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          body: Buffer.concat(chunks),
          encoding: response.headers['content-encoding'],
          vary: response.headers.vary,
          type: response.headers['content-type'],
          cacheControl: response.headers['cache-control'],
        }),
      );
    });
    call.on('error', reject);
    call.end();
  });
}

const DEVELOPMENT_KEY = 'gf_developmentkeyofthistest0123456789';

/** The interview page as the gateway serves it; `npm run build` (which `npm test` runs first) bundles it. */
describe('the interview page', () => {
  let redis: TestRedisServer;
  let development: TestGateway;
  let production: TestGateway;

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    development = await startTestGateway(redis, { PAGE_DEVELOPMENT_KEY: DEVELOPMENT_KEY });
    production = await startTestGateway(redis);
  });

  afterAll(async () => {
    await development.close();
    await production.close();
    await redis.stop();
  });

  it('serves the same HTML at / and /s/{id}, never cached, under a policy that allows this origin only', async () => {
    for (const path of ['/', '/s/ses_anything']) {
      const page = await get(`${production.url}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['cache-control']).toBe('no-store');
      const policy = String(page.headers['content-security-policy']);
      expect(policy).toContain("default-src 'self'");
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("style-src 'self'");
      expect(policy).toContain("frame-ancestors 'none'");
      // Nothing from another origin, and no inline code.
      expect(policy).not.toMatch(/https:|unsafe-inline|unsafe-eval|\*/);
      expect(page.body).toMatch(/<script type="module" src="\/assets\/page-[A-Z0-9]+\.js"><\/script>/);
      expect(page.body).not.toMatch(/<script>|<style>| style=/);
    }
  });

  it('serves its script and stylesheet by content-hashed names, cached for a year', async () => {
    const page = await get(`${production.url}/`);
    const assets = [...page.body.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!);
    expect(assets).toHaveLength(2);
    for (const asset of assets) {
      const served = await get(`${production.url}${asset}`);
      expect(served.status).toBe(200);
      expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    expect((await get(`${production.url}/assets/page-NOTTHERE.js`)).status).toBe(404);
  });

  it('sends the script compressed as the browser accepts it, the same bytes once decoded', async () => {
    const page = await get(`${production.url}/`);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.body)![1]!;
    const plain = await fetchBytes(`${production.url}${script}`, 'identity');
    expect(plain.encoding).toBeUndefined();
    for (const [accept, encoding, decode] of [['br, gzip', 'br', brotliDecompressSync], ['gzip, deflate', 'gzip', gunzipSync]] as const) {
      const sent = await fetchBytes(`${production.url}${script}`, accept);
      expect(sent.encoding).toBe(encoding);
      expect(sent.vary).toMatch(/Accept-Encoding/);
      expect(sent.type).toMatch(/^(text|application)\/javascript/);
      expect(sent.cacheControl).toBe('public, max-age=31536000, immutable');
      expect(sent.body.length).toBeLessThan(plain.body.length / 3);
      expect(decode(sent.body).equals(plain.body)).toBe(true);
    }
  });

  it('gives the development key only to a browser on this machine, and only when the gateway was given one', async () => {
    const key = /<meta name="gapflow-development-key" content="([^"]+)">/;
    for (const host of ['127.0.0.1:8080', 'localhost:8080', '[::1]:8080', 'localhost']) {
      expect((await get(`${development.url}/`, host)).body.match(key)?.[1]).toBe(DEVELOPMENT_KEY);
    }
    // A site whose DNS name was rebound to 127.0.0.1 reaches the gateway under its own name.
    for (const host of ['attacker.example:8080', '127.0.0.1.attacker.example', 'gapflow.internal']) {
      expect((await get(`${development.url}/`, host)).body).not.toContain(DEVELOPMENT_KEY);
    }
    expect((await get(`${production.url}/`, '127.0.0.1:8080')).body).not.toMatch(key);
  });

  it('keeps the development key from another page’s fetch and from requests a proxy passed on', async () => {
    const opened = await get(`${development.url}/`, '127.0.0.1:8080');
    expect(opened.body).toContain(DEVELOPMENT_KEY);
    const passedOn: Record<string, string>[] = [{ origin: 'http://localhost:5173' }, { 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=203.0.113.9' }, { 'x-forwarded-host': 'gapflow.example.com' }, { via: '1.1 nginx' }];
    for (const headers of passedOn) {
      expect((await get(`${development.url}/`, '127.0.0.1:8080', headers)).body).not.toContain(DEVELOPMENT_KEY);
    }
  });

  it('answers 405 with Allow for another method on the page', async () => {
    const response = await fetch(`${production.url}/s/ses_anything`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('says how to build it when it was not built, instead of a blank page', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'gapflow-page-'));
    const app = express().use(pageRoutes({ developmentKey: undefined, buildDir: empty }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const address = server.address() as { port: number };
      const page = await get(`http://127.0.0.1:${address.port}/`);
      expect(page.status).toBe(503);
      expect(page.body).toContain('npm run build');
    } finally {
      server.close();
      rmSync(empty, { recursive: true, force: true });
    }
    expect(PAGE_BUILD_DIR.endsWith(join('apps', 'gateway', 'dist', 'page'))).toBe(true);
  });
});
