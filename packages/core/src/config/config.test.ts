import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isGapflowError } from '../errors/gapflow-error';
import { cacheMinTokensFor, GeminiLimits } from '../gemini-limits';
import { loadConfig } from './config';
import { EnvSchema } from './env-schema';

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (isGapflowError(error, 'CONFIG_INVALID')) return error.message;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('loadConfig', () => {
  it('runs on defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.redis.url).toBeUndefined();
    expect(config.redis.keyPrefix).toBe('{gapflow}');
    expect(config.gateway).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(config.session.ttlSeconds).toBe(86_400);
    expect(config.worker.processes).toBe(1);
  });

  it('reads values it is given', () => {
    const config = loadConfig({ PORT: '9000', REDIS_URL: 'redis://cache:6379/2', WORKERS: '4', LOG_LEVEL: 'debug' });
    expect(config.gateway.port).toBe(9000);
    expect(config.redis.url).toBe('redis://cache:6379/2');
    expect(config.worker.processes).toBe(4);
    expect(config.logLevel).toBe('debug');
  });

  it('knows whether the metrics port is the default or the operator\'s choice', () => {
    expect(loadConfig({}).worker).toMatchObject({ metricsPort: 9464, metricsPortFallback: true });
    expect(loadConfig({ METRICS_PORT: '' }).worker).toMatchObject({ metricsPort: 9464, metricsPortFallback: true });
    expect(loadConfig({ METRICS_PORT: '9464' }).worker).toMatchObject({ metricsPort: 9464, metricsPortFallback: false });
    // How `gapflow start` hands a worker its default port without making it the operator's.
    expect(loadConfig({ METRICS_PORT: '9465', METRICS_PORT_FALLBACK: 'any' }).worker).toMatchObject({ metricsPort: 9465, metricsPortFallback: true });
    expect(loadConfig({ METRICS_PORT_FALLBACK: 'none' }).worker).toMatchObject({ metricsPort: 9464, metricsPortFallback: false });
  });

  it("starts Gemini's cache minimums from the API's table, overridden per model", () => {
    const config = loadConfig({ GEMINI_API_KEY: 'k', GEMINI_CACHE_MIN_TOKENS: '{"gemini-2.5-pro":8192}' });
    const table = config.gemini?.cacheMinTokens ?? {};
    expect(cacheMinTokensFor('gemini-2.5-flash', table)).toBe(1_024);
    expect(cacheMinTokensFor('gemini-2.5-flash-lite', table)).toBe(2_048);
    expect(cacheMinTokensFor('gemini-2.5-pro', table)).toBe(8_192);
    expect(cacheMinTokensFor('models/gemini-2.5-flash', table)).toBe(1_024);
    expect(cacheMinTokensFor('gemini-unlisted', table)).toBe(GeminiLimits.defaultCacheMinTokens);
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '', REDIS_URL: '' }).gateway.port).toBe(8080);
  });

  it.each<[Record<string, string>, string]>([
    [{ PORT: 'eighty' }, 'PORT must be a whole number from 1 to 65535 (got "eighty")'],
    [{ PORT: '70000' }, 'PORT must be a whole number from 1 to 65535 (got "70000")'],
    [{ WORKERS: '-1' }, 'WORKERS must be a whole number from 0 to 64'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'],
    [{ REDIS_KEY_PREFIX: 'gapflow' }, 'REDIS_KEY_PREFIX must be a hash tag like {gapflow}'],
    [{ SESSION_TTL_SECONDS: '1.5' }, 'SESSION_TTL_SECONDS must be a whole number'],
  ])('stops on %j with a message naming the variable', (env, expected) => {
    expect(configError(env)).toContain(expected);
  });

  it('names the new name of a renamed variable instead of ignoring it', () => {
    expect(configError({ GEMINI_REQUESTS_PER_MINUTE: '60' })).toContain('GEMINI_REQUESTS_PER_MINUTE was renamed to GEMINI_REQUESTS_PER_WINDOW');
  });

  it('names every bad variable at once', () => {
    const message = configError({ PORT: 'x', WORKERS: 'y' });
    expect(message).toContain('PORT');
    expect(message).toContain('WORKERS');
  });

  it('never echoes the value of REDIS_URL, which may carry a password', () => {
    const message = configError({ REDIS_URL: 'http://user:s3cret@host' });
    expect(message).toContain('REDIS_URL must be a redis:// or rediss:// URL');
    expect(message).not.toContain('s3cret');
  });

  it('reads REDIS_CLUSTER_NODES as a list of host:port nodes, unset by default', () => {
    expect(loadConfig({}).redis.clusterNodes).toBeUndefined();
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'redis-0:6379, 10.0.0.2:6380,' }).redis.clusterNodes).toEqual(['redis-0:6379', '10.0.0.2:6380']);
  });

  it('refuses a REDIS_CLUSTER_NODES entry that is not host:port, saying what shape it wants', () => {
    expect(configError({ REDIS_CLUSTER_NODES: 'redis://redis-0:6379' })).toContain('REDIS_CLUSTER_NODES must list nodes as host:port,host:port');
    expect(configError({ REDIS_CLUSTER_NODES: 'redis-0' })).toContain('REDIS_CLUSTER_NODES must list nodes as host:port,host:port');
  });

  it('reads REDIS_CLUSTER_NAT_MAP as announced address → reachable host and port', () => {
    const natMap = { '172.18.0.2:6379': { host: 'localhost', port: 7000 } };
    expect(loadConfig({ REDIS_CLUSTER_NAT_MAP: JSON.stringify(natMap) }).redis.clusterNatMap).toEqual(natMap);
    expect(configError({ REDIS_CLUSTER_NAT_MAP: '{"172.18.0.2:6379":"localhost:7000"}' })).toContain('REDIS_CLUSTER_NAT_MAP');
  });

  it('is documented variable for variable in .env.example', () => {
    const example = readFileSync(join(__dirname, '../../../../.env.example'), 'utf8');
    const documented = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]).sort();
    expect(documented).toEqual(Object.keys(EnvSchema.shape).sort());
  });
});

describe('CORS_ORIGINS', () => {
  it('is a list of origins, empty by default, and refuses an origin with a path or a trailing slash', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' }).corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://app.example.com/' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: 'app.example.com' })).toThrow(/CORS_ORIGINS/);
    // As a browser sends an origin: host in lower case, no default port.
    expect(loadConfig({ CORS_ORIGINS: 'https://App.Example.com:443,http://localhost:80' }).corsOrigins).toEqual(['https://app.example.com', 'http://localhost']);
  });
});

describe('PAGE_DEVELOPMENT_KEY', () => {
  const key = 'gf_0123456789abcdefghijklmnopqrstuv';

  it('is unset by default, and read on a gateway that listens on loopback', () => {
    expect(loadConfig({}).pageDevelopmentKey).toBeUndefined();
    expect(loadConfig({ PAGE_DEVELOPMENT_KEY: key }).pageDevelopmentKey).toBe(key);
    expect(loadConfig({ PAGE_DEVELOPMENT_KEY: key, HOST: '::1' }).pageDevelopmentKey).toBe(key);
    expect(loadConfig({ PAGE_DEVELOPMENT_KEY: key, HOST: 'localhost' }).pageDevelopmentKey).toBe(key);
  });

  it('is refused on a gateway reachable from other machines, without printing the key', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'gapflow.example.com']) {
      expect(() => loadConfig({ PAGE_DEVELOPMENT_KEY: key, HOST: host })).toThrow(/PAGE_DEVELOPMENT_KEY .*only for a gateway listening on loopback/);
    }
    expect(() => loadConfig({ PAGE_DEVELOPMENT_KEY: 'secret-but-not-a-key' })).toThrow(/PAGE_DEVELOPMENT_KEY must be an API key/);
    expect(() => loadConfig({ PAGE_DEVELOPMENT_KEY: 'secret-but-not-a-key' })).not.toThrow(/secret-but-not-a-key/);
  });
});
