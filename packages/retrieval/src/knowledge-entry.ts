import { z } from 'zod';

export const KNOWLEDGE_CATEGORIES = [
  'software-engineering',
  'data-ml',
  'infrastructure',
  'security',
  'product-design',
  'management-leadership',
  'sales',
  'operations',
  'finance',
] as const;

export const KnowledgeCategory = z.enum(KNOWLEDGE_CATEGORIES);
export type KnowledgeCategory = z.infer<typeof KnowledgeCategory>;

const phrase = z.string().trim().min(1).max(300);

/** One skill of the knowledge base: what mastery looks like and how to probe for it. */
export const KnowledgeEntry = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'id must be kebab-case' }),
  skill: phrase,
  aliases: z.array(phrase).min(1, { error: 'an entry needs at least one alias' }).max(8),
  category: KnowledgeCategory,
  mastery: z.string().trim().min(20).max(600),
  signals: z.array(phrase).min(3, { error: 'an entry needs at least three signals' }).max(6),
  keywords: z.array(phrase).min(5).max(12),
  questions: z.array(z.string().trim().min(20).max(400)).min(2).max(4),
});
export type KnowledgeEntry = z.infer<typeof KnowledgeEntry>;
