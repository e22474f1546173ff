import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadEnvironment, VARIABLES } from '@slawatch/config';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// No Docker engine runs where the tests run, so this checks docker-compose.yml
// against the configuration module instead of starting it.
const root = resolve(import.meta.dirname, '../..');
// merge: compose files use YAML merge keys (<<: *anchor), which YAML 1.2 leaves off by default.
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<
    string,
    {
      environment?: Record<string, string>;
      ports?: string[];
      command?: string[];
      build?: unknown;
      volumes?: string[];
    }
  >;
};
const SLAWATCH_SERVICES = ['monitor', 'escalation', 'simulator'];
const DEFAULT_PORTS: Record<string, number> = { monitor: 9101, escalation: 9102, simulator: 9103 };

describe('docker-compose.yml', () => {
  it('has Kafka, Redis, Prometheus, Grafana and every slawatch service', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [
        'demo-receiver',
        'escalation',
        'grafana',
        'kafka',
        'monitor',
        'prometheus',
        'redis',
        'simulator',
      ].sort(),
    );
    expect(compose.services['kafka']!.environment!['KAFKA_PROCESS_ROLES']).toBe('broker,controller');
  });

  for (const name of SLAWATCH_SERVICES) {
    describe(name, () => {
      const service = compose.services[name]!;
      const env = service.environment ?? {};

      it('is built from the Dockerfile and runs its own compiled entry point', () => {
        expect(service.build).toBe('.');
        expect(service.command).toEqual(['node', `services/${name}/dist/main.js`]);
        expect(existsSync(join(root, `services/${name}/src/main.ts`))).toBe(true);
      });

      it('sets only variables the configuration module knows, with valid values', () => {
        // DEMO_RECEIVER_URL is read by the demo escalation file, not by the configuration module.
        const own = Object.keys(env).filter((variable) => variable !== 'DEMO_RECEIVER_URL');
        for (const variable of own) expect(Object.keys(VARIABLES), variable).toContain(variable);
        expect(() => loadEnvironment(env)).not.toThrow();
      });

      it('publishes the port its HTTP server listens on, the one the run command prints', () => {
        expect(Number(env['HTTP_PORT'])).toBe(DEFAULT_PORTS[name]);
        expect(service.ports).toContain(`${DEFAULT_PORTS[name]}:${DEFAULT_PORTS[name]}`);
        expect(env['HTTP_HOST']).toBe('0.0.0.0');
      });

      it('points at the compose Kafka listener and Redis', () => {
        expect(env['KAFKA_BROKERS']).toBe('kafka:9092');
        expect(compose.services['kafka']!.environment!['KAFKA_ADVERTISED_LISTENERS']).toContain(
          'PLAINTEXT://kafka:9092',
        );
        expect(env['REDIS_URL']).toBe('redis://redis:6379');
      });

      it('names configuration files that exist in the repository', () => {
        for (const variable of ['STANDARDS_FILE', 'ESCALATION_FILE', 'API_TOKENS_FILE']) {
          if (env[variable]) expect(existsSync(join(root, env[variable]!)), env[variable]).toBe(true);
        }
      });
    });
  }

  it('runs Redis with the persistence and eviction policy slawatch needs', () => {
    const command = compose.services['redis']!.command!.join(' ');
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--appendfsync everysec');
    expect(command).toContain('--maxmemory-policy noeviction');
  });

  it('lets Prometheus scrape every slawatch service on its port', () => {
    const prometheus = parse(readFileSync(join(root, 'infra/prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: Array<{ static_configs: Array<{ targets: string[] }> }>;
    };
    const targets = prometheus.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
    for (const name of SLAWATCH_SERVICES) expect(targets).toContain(`${name}:${DEFAULT_PORTS[name]}`);
  });

  it('publishes on the host exactly the ports the README lists', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## With Docker Compose'));
    const listed = [...section.matchAll(/^\| (\S+) \| (\d+) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
    const published = Object.entries(compose.services).flatMap(([name, service]) =>
      (service.ports ?? []).map((mapping) => `${name} ${mapping.split(':')[0]}`),
    );
    expect(listed.sort()).toEqual(published.sort());
    expect(published).toContain('kafka 29092');
  });
});
