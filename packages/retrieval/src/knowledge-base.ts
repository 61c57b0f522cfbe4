import type { KnowledgeCategory, KnowledgeEntry } from './knowledge-entry';
import { namePattern } from './name-pattern';
import { skillKey } from './skill-key';

/** A name of an entry with its pattern, the pattern's global form, and what any text that holds the name contains. */
interface KnownName {
  entry: KnowledgeEntry;
  name: string;
  pattern: RegExp;
  everywhere: RegExp;
  probe: string;
}

/**
 * The first letters of a name's first word, lower case: a text that holds the name, in any of
 * the forms its pattern allows (plural, "." left out, other spacing), holds them.
 */
function probeOf(name: string): string {
  return (/[A-Za-z0-9]+/.exec(name)?.[0] ?? '').slice(0, 3).toLowerCase();
}

/**
 * The validated knowledge base with its alias index. Immutable once built; build it with
 * `loadKnowledgeBase()` so that every entry has been checked.
 */
export class KnowledgeBase {
  private readonly byKey = new Map<string, KnowledgeEntry>();
  private readonly byId = new Map<string, KnowledgeEntry>();
  /** Every name with its pattern, longest first, so "Google Cloud" wins over "Cloud". */
  private readonly patterns: KnownName[] = [];
  private readonly patternsById = new Map<string, KnownName[]>();

  /** A content version: changes whenever any entry changes (for re-indexing decisions). */
  readonly version: string;

  constructor(
    readonly entries: readonly KnowledgeEntry[],
    version: string,
  ) {
    this.version = version;
    for (const entry of entries) {
      this.byId.set(entry.id, entry);
      for (const name of [entry.skill, ...entry.aliases]) {
        this.byKey.set(skillKey(name), entry);
        const pattern = namePattern(name);
        this.patterns.push({ entry, name, pattern, everywhere: new RegExp(pattern.source, `${pattern.flags}g`), probe: probeOf(name) });
      }
    }
    this.patterns.sort((a, b) => b.name.length - a.name.length || a.name.localeCompare(b.name));
    for (const known of this.patterns) {
      const list = this.patternsById.get(known.entry.id) ?? [];
      list.push(known);
      this.patternsById.set(known.entry.id, list);
    }
  }

  get size(): number {
    return this.entries.length;
  }

  get(id: string): KnowledgeEntry | undefined {
    return this.byId.get(id);
  }

  /** The entry a skill name or alias denotes, e.g. `K8s` → Kubernetes. */
  resolve(name: string): KnowledgeEntry | undefined {
    return this.byKey.get(skillKey(name));
  }

  /**
   * The entry whose name appears in `text` as whole words, the longest name winning:
   * "Terraform Cloud" → Terraform, "production Kubernetes clusters" → Kubernetes.
   */
  findMentioned(text: string): KnowledgeEntry | undefined {
    return this.patterns.find(({ pattern }) => pattern.test(text))?.entry;
  }

  /**
   * Every entry named in `text`, each once, in the order they first appear: the longest name
   * wins where names overlap ("Google Cloud Platform" is one mention, not also "Cloud").
   */
  allMentioned(text: string, options: { everyName?: boolean } = {}): { entry: KnowledgeEntry; name: string; index: number }[] {
    const taken: [number, number][] = [];
    const found: { entry: KnowledgeEntry; name: string; index: number; known: string }[] = [];
    const lower = text.toLowerCase();
    for (const { entry, name: known, everywhere, probe } of this.patterns) {
      // Most names are not in a given text: a substring test rules them out before their pattern runs.
      if (!lower.includes(probe)) continue;
      for (const match of text.matchAll(everywhere)) {
        const start = match.index;
        const end = start + match[0].length;
        if (taken.some(([from, to]) => start < to && end > from)) continue;
        taken.push([start, end]);
        found.push({ entry, name: match[0], index: start, known });
      }
    }
    found.sort((a, b) => a.index - b.index);
    const seen = new Set<string>();
    // `everyName`: each of the entry's names once, so that two names of one entry are both kept ("pandas … NumPy",
    // asked apart in a job ad) — by the name known, not the words written ("REST API … REST APIs" is one).
    const keyOf = ({ entry, known }: { entry: KnowledgeEntry; known: string }) => (options.everyName ? `${entry.id}|${known}` : entry.id);
    return found.filter((mention) => !seen.has(keyOf(mention)) && seen.add(keyOf(mention))).map(({ entry, name, index }) => ({ entry, name, index }));
  }

  /** The names of `entry` that appear in `text`. */
  mentionsOf(entry: KnowledgeEntry, text: string): string[] {
    return (this.patternsById.get(entry.id) ?? []).filter((known) => known.pattern.test(text)).map((known) => known.name);
  }

  /** The canonical name of a skill when the knowledge base knows it; the name itself otherwise. */
  canonicalName(name: string): string {
    return this.resolve(name)?.skill ?? name.trim();
  }

  /** Every name under which an entry is known: the skill and all of its aliases. */
  namesOf(entry: KnowledgeEntry): string[] {
    return [entry.skill, ...entry.aliases];
  }

  inCategory(category: KnowledgeCategory): KnowledgeEntry[] {
    return this.entries.filter((entry) => entry.category === category);
  }
}
