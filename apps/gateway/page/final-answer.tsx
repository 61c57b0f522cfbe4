import type { GeneratedAnswer } from '@gapflow/core';
import { useId } from 'preact/hooks';

/** The words of the candidate a sentence was written from, cut from their combined answer. */
function sourceWords(story: string, sources: GeneratedAnswer['sentences'][number]['sources']): string {
  return sources
    .map((span) => story.slice(span.start, span.end).trim())
    .filter(Boolean)
    .join(' … ');
}

/**
 * The polished answer. Each sentence shows, on hover or keyboard focus, the words of the
 * candidate it came from (and a screen reader reads them as its description), so nothing in it
 * reads as made up.
 */
export function FinalAnswer(props: { answer: GeneratedAnswer; story: string }) {
  const baseId = useId();
  return (
    <section class="final-answer" aria-label="Final answer">
      <h4>Your answer, polished</h4>
      <p class="hint">Hover over or tab to a sentence to see the words of yours it came from.</p>
      <p class="sentences">
        {props.answer.sentences.map((sentence, index) => {
          const words = sourceWords(props.story, sentence.sources);
          const tipId = `${baseId}-${index}`;
          return (
            <span key={index} class="sentence-wrap">
              <span class="sentence" tabIndex={0} aria-describedby={tipId}>
                {sentence.text}
              </span>
              <span class="source" role="tooltip" id={tipId}>
                {words ? <>From your words: “{words}”</> : 'Not traced to your words.'}
              </span>{' '}
            </span>
          );
        })}
      </p>
      <p class="provenance">Written by {props.answer.source.provider === 'gemini' ? `Gemini (${props.answer.source.model})` : 'gapflow’s offline writer'} from your answers only.</p>
    </section>
  );
}

/** The final answer while it is being written, chunk by chunk. */
export function FinalAnswerDraft(props: { text: string }) {
  return (
    <section class="final-answer" aria-label="Final answer" aria-busy="true">
      <h4>Your answer, polished</h4>
      <p class="sentences">{props.text || 'Writing…'}</p>
    </section>
  );
}
