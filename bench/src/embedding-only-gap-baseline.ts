import type { JdRequirement, ParsedCV } from '@gapflow/core';
import { cosine, HashingEmbedder } from '@gapflow/retrieval';

/**
 * The baseline gap analysis: no alias index, only embeddings — embed every sentence of the
 * CV and every requirement, and call a requirement covered when some sentence is close.
 * It is what a design without the alias index would do, and the cost the alias-first
 * analyzer avoids.
 */
export function embeddingOnlyGaps(cv: ParsedCV, requirements: readonly JdRequirement[], threshold = 0.35): string[] {
  const embedder = new HashingEmbedder();
  const sentences = [
    ...cv.skills.map((skill) => (typeof skill === 'string' ? skill : skill.name)),
    ...cv.experience.flatMap((job) => [job.title, ...(job.description ?? '').split(/(?<=\.)\s+/), ...(job.highlights ?? [])]),
  ];
  const vectors = sentences.map((sentence) => embedder.embedOne(sentence));
  return requirements
    .filter((requirement) => {
      const target = embedder.embedOne(requirement.skill);
      return !vectors.some((vector) => cosine(target, vector) >= threshold);
    })
    .map((requirement) => requirement.skill);
}
