import { isGapflowApiError } from '@gapflow/client';
import { Limits, storyOf, utf8ByteLength, type Question, type QuestionProgress } from '@gapflow/core';
import { useId, useRef, useState } from 'preact/hooks';
import { describeError } from './describe-error';
import { EvaluationView } from './evaluation-view';
import { FinalAnswer, FinalAnswerDraft } from './final-answer';
import { SEVERITY_LABELS } from './labels';
import { draftText, type AnswerDraft } from './answer-drafts';

/** The answer box: the first answer, or the follow-up to deep-dive prompts. */
function AnswerForm(props: { onSend: (text: string) => Promise<void>; followUp: boolean }) {
  const id = useId();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | undefined>();
  // The API's limit is in bytes (UTF-8): an accented letter counts two, so count as it does.
  const bytes = utf8ByteLength(text);
  const tooLong = bytes > Limits.maxAnswerBytes;

  async function send(event: Event): Promise<void> {
    event.preventDefault();
    if (!text.trim()) {
      setError('Write your answer first.');
      return;
    }
    if (tooLong) {
      setError('This answer is too long to send. Keep the one story that matters, and shorten it until the counter is within the limit.');
      return;
    }
    setSending(true);
    setError(undefined);
    try {
      await props.onSend(text);
      setText('');
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setSending(false);
    }
  }

  return (
    <form class="answer-form" onSubmit={(event) => void send(event)}>
      <label for={`${id}-answer`}>Your answer</label>
      <textarea id={`${id}-answer`} rows={6} value={text} aria-describedby={`${id}-hint`} onInput={(event) => setText(event.currentTarget.value)} />
      <p id={`${id}-hint`} class="hint">
        {props.followUp ? 'Add what the follow-up questions ask for; it joins your first answer.' : 'Tell one real story: the situation, what you did, and what came of it.'}{' '}
        <span class={tooLong ? 'error' : undefined}>
          {bytes.toLocaleString('en')} of {Limits.maxAnswerBytes.toLocaleString('en')} characters
        </span>
      </p>
      {error !== undefined && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={sending}>
        Send answer
      </button>
    </form>
  );
}

/**
 * One question and everything that happened to it: each answer and its evaluation, the
 * deep-dive prompts a thin answer got, and the final answer, streamed as it is written.
 */
export function QuestionCard(props: { question: Question; progress: QuestionProgress | undefined; draft: AnswerDraft | undefined; onSend: (text: string) => Promise<void> }) {
  const { question, progress, draft } = props;
  const titleId = useId();
  const title = useRef<HTMLHeadingElement>(null);
  const status = progress?.status;
  // The answer box goes while the answer is evaluated: the question's heading keeps the focus.
  const [lostRace, setLostRace] = useState<string | undefined>();
  const send = async (text: string): Promise<void> => {
    try {
      await props.onSend(text);
    } catch (error) {
      // Answered meanwhile from another tab or device: keep what was written here, and say so.
      if (isGapflowApiError(error) && error.code === 'CONFLICT') setLostRace(text);
      throw error;
    }
    title.current?.focus();
  };
  const writing = status === 'composing' || (draft !== undefined && status !== 'failed' && status !== 'completed');
  const canAnswer = progress === undefined || status === 'awaiting_follow_up';
  return (
    <article class="question" aria-labelledby={titleId}>
      <h3 id={titleId} tabIndex={-1} ref={title}>
        <span class={`severity severity-${question.severity}`}>{SEVERITY_LABELS[question.severity]}</span> {question.skill}
      </h3>
      <p class="question-text">{question.text}</p>
      {progress?.answers.map((answer, round) => (
        <div class="round" key={round}>
          <blockquote class="given-answer" aria-label={round === 0 ? 'What you answered' : `Your follow-up ${round}`}>
            {answer}
          </blockquote>
          {progress.evaluations[round] && <EvaluationView evaluation={progress.evaluations[round]} round={round} folded={round < progress.evaluations.length - 1} />}
          {progress.deepDives[round] && progress.deepDives[round].length > 0 && (
            <section class="deep-dives" aria-label="Follow-up questions">
              <h4>Tell me more</h4>
              <ul>
                {progress.deepDives[round].map((prompt) => (
                  <li key={prompt.id}>{prompt.text}</li>
                ))}
              </ul>
            </section>
          )}
        </div>
      ))}
      {lostRace !== undefined && (
        <div class="error" role="alert">
          <p>This question was answered from another tab or window first, so this answer was not sent. What you wrote, to keep:</p>
          <blockquote class="given-answer">{lostRace}</blockquote>
        </div>
      )}
      {status === 'evaluating' && <p role="status">Evaluating your answer…</p>}
      {status === 'failed' && (
        <p class="error" role="alert">
          {progress?.error?.message ?? 'This answer could not be evaluated.'}
        </p>
      )}
      {progress?.conclusion && (
        <p class="conclusion" role="status">
          {progress.conclusion.message}
        </p>
      )}
      {progress?.finalAnswer ? (
        <FinalAnswer answer={progress.finalAnswer} story={storyOf(progress.answers)} />
      ) : (
        writing && <FinalAnswerDraft text={draft ? draftText(draft) : ''} />
      )}
      {canAnswer && <AnswerForm onSend={send} followUp={status === 'awaiting_follow_up'} />}
    </article>
  );
}
