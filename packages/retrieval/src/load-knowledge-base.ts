import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GapflowError } from '@gapflow/core';
import { KnowledgeBase } from './knowledge-base';
import { KnowledgeEntry } from './knowledge-entry';
import { skillKey } from './skill-key';

/** The knowledge base shipped with gapflow, beside this package's `src` and `dist`. */
export const DEFAULT_KNOWLEDGE_DIR = join(__dirname, '..', 'knowledge');

function invalid(message: string): GapflowError {
  return new GapflowError('CONFIG_INVALID', `Knowledge base: ${message}`);
}

/**
 * Reads every `*.json` file of `dir`, validates each entry, and refuses duplicate ids and
 * names: an alias that meant two skills would make gap analysis pick one at random.
 *
 * @example
 * const knowledge = loadKnowledgeBase();
 * knowledge.resolve('K8s')?.skill; // 'Kubernetes'
 */
export function loadKnowledgeBase(dir: string = DEFAULT_KNOWLEDGE_DIR): KnowledgeBase {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort();
  if (files.length === 0) throw invalid(`no .json files in ${dir}`);

  const hash = createHash('sha256');
  const entries: KnowledgeEntry[] = [];
  const ids = new Map<string, string>();
  const names = new Map<string, string>();
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    hash.update(file).update(text);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw invalid(`${file} is not valid JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(raw)) throw invalid(`${file} must hold an array of entries`);
    raw.forEach((candidate: unknown, index) => {
      const parsed = KnowledgeEntry.safeParse(candidate);
      const label = `${file} entry ${index}${typeof (candidate as { id?: unknown })?.id === 'string' ? ` (${(candidate as { id: string }).id})` : ''}`;
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw invalid(`${label}: ${issue?.path.join('.') || 'entry'} ${issue?.message ?? 'is invalid'}`);
      }
      const entry = parsed.data;
      const earlier = ids.get(entry.id);
      if (earlier) throw invalid(`${label}: id "${entry.id}" is already used in ${earlier}`);
      ids.set(entry.id, file);
      for (const name of [entry.skill, ...entry.aliases]) {
        const key = skillKey(name);
        const owner = names.get(key);
        if (owner && owner !== entry.id) {
          throw invalid(`${label}: the name "${name}" already belongs to entry "${owner}"`);
        }
        names.set(key, entry.id);
      }
      entries.push(entry);
    });
  }
  return new KnowledgeBase(entries, hash.digest('hex').slice(0, 16));
}
