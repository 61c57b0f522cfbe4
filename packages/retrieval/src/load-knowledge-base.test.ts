import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isGapflowError } from '@gapflow/core';
import { KNOWLEDGE_CATEGORIES } from './knowledge-entry';
import { loadKnowledgeBase } from './load-knowledge-base';

const entry = {
  id: 'kubernetes',
  skill: 'Kubernetes',
  aliases: ['K8s'],
  category: 'infrastructure',
  mastery: 'Runs production workloads on Kubernetes and upgrades clusters without downtime.',
  signals: ['rollout strategy', 'resource limits', 'probes'],
  keywords: ['pod', 'deployment', 'helm', 'kubectl', 'ingress'],
  questions: ['Tell me about a rollout that went wrong and what you changed.', 'How do you size resource requests, and what happened when they were wrong?'],
};

describe('the shipped knowledge base', () => {
  const knowledge = loadKnowledgeBase();

  it('holds at least 150 skills across every category', () => {
    expect(knowledge.size).toBeGreaterThanOrEqual(150);
    for (const category of KNOWLEDGE_CATEGORIES) expect(knowledge.inCategory(category).length).toBeGreaterThanOrEqual(10);
  });

  it.each([
    ['K8s', 'Kubernetes'],
    ['k8s', 'Kubernetes'],
    ['Postgres', 'PostgreSQL'],
    ['JS', 'JavaScript'],
    ['nodejs', 'Node.js'],
    ['Node.JS', 'Node.js'],
    ['Golang', 'Go'],
    ['GCP', 'Google Cloud'],
    ['SFDC', 'Salesforce'],
    ['financial planning and analysis', 'FP&A'],
  ])('resolves %s to %s', (alias, skill) => {
    expect(knowledge.resolve(alias)?.skill).toBe(skill);
  });

  it('finds a skill named inside a longer phrase, the longest name winning', () => {
    expect(knowledge.findMentioned('Terraform Cloud')?.skill).toBe('Terraform');
    expect(knowledge.findMentioned('running production Kubernetes clusters')?.skill).toBe('Kubernetes');
    expect(knowledge.findMentioned('Google Cloud Platform')?.skill).toBe('Google Cloud');
  });

  it('finds every skill a text names, each once, in order, the longest name winning', () => {
    const knowledge = loadKnowledgeBase();
    const mentioned = knowledge.allMentioned('Ran K8s on Google Cloud Platform with Terraform; later more Kubernetes and Terraform Cloud, in Go.');
    expect(mentioned.map(({ entry }) => entry.skill)).toEqual(['Kubernetes', 'Google Cloud', 'Terraform', 'Go']);
    expect(mentioned[0]).toMatchObject({ name: 'K8s', index: 4 });
  });

  it('finds a name in every form its pattern allows, and with everyName each name of one entry', () => {
    const knowledge = loadKnowledgeBase();
    // Plural, "." left out, lower case: the quick test that rules a name out must not rule these out.
    expect(knowledge.allMentioned('We run NodeJS services and REST APIs in python.').map(({ entry }) => entry.skill)).toEqual(['Node.js', 'REST API design', 'Python']);
    expect(knowledge.allMentioned('pandas and NumPy').map(({ name }) => name)).toEqual(['pandas']);
    expect(knowledge.allMentioned('pandas and NumPy', { everyName: true }).map(({ name }) => name)).toEqual(['pandas', 'NumPy']);
  });

  it('has a version that identifies its content', () => {
    expect(knowledge.version).toMatch(/^[0-9a-f]{16}$/);
    expect(loadKnowledgeBase().version).toBe(knowledge.version);
  });
});

describe('loading a knowledge base', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gapflow-kb-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function rejection(files: Record<string, unknown>): string {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
    try {
      loadKnowledgeBase(dir);
    } catch (error) {
      if (isGapflowError(error, 'CONFIG_INVALID')) return error.message;
      throw error;
    }
    throw new Error('expected the knowledge base to be refused');
  }

  it('loads valid files', () => {
    writeFileSync(join(dir, 'infrastructure.json'), JSON.stringify([entry]));
    expect(loadKnowledgeBase(dir).resolve('K8s')?.id).toBe('kubernetes');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an entry without aliases', { 'a.json': [{ ...entry, aliases: [] }] }, 'a.json entry 0 (kubernetes): aliases an entry needs at least one alias'],
    ['an entry without signals', { 'a.json': [{ ...entry, signals: [] }] }, 'signals an entry needs at least three signals'],
    ['a duplicate id across files', { 'a.json': [entry], 'b.json': [{ ...entry, skill: 'Kube', aliases: ['Kubes'] }] }, 'b.json entry 0 (kubernetes): id "kubernetes" is already used in a.json'],
    ['an alias that names two skills', { 'a.json': [entry, { ...entry, id: 'docker', skill: 'Docker', aliases: ['k8s'] }] }, 'the name "k8s" already belongs to entry "kubernetes"'],
    ['a file that is not JSON', { 'a.json': '[{' }, 'a.json is not valid JSON'],
    ['a file that is not a list', { 'a.json': { entries: [] } }, 'a.json must hold an array of entries'],
    ['an unknown category', { 'a.json': [{ ...entry, category: 'astrology' }] }, 'category'],
  ])('refuses %s', (_label, files, expected) => {
    expect(rejection(files)).toContain(expected);
  });

  it('refuses an empty directory', () => {
    expect(() => loadKnowledgeBase(dir)).toThrow('no .json files');
  });
});
