import type { GapflowClient } from '@gapflow/client';
import type { Session, SessionReport } from '@gapflow/core';
import { useEffect, useRef, useState } from 'preact/hooks';
import { describeError } from './describe-error';
import { EraseSession } from './erase-session';
import { GapList } from './gap-list';
import { STATUS_LABELS } from './labels';
import { ParsedDocuments } from './parsed-documents';
import { QuestionCard } from './question-card';
import { ReportView } from './report-view';
import { useInterview } from './use-interview';

/** Asks a question about every critical and important gap, once per revision of the gaps (a retried click enqueues nothing twice). */
function AskQuestions(props: { client: GapflowClient; session: Session; onAsked: () => void }) {
  const [error, setError] = useState<string | undefined>();
  const [asking, setAsking] = useState(false);
  async function ask(): Promise<void> {
    setAsking(true);
    setError(undefined);
    try {
      // Every critical and important gap, as the API does by default; when there is none, every gap.
      const onlyMinor = props.session.gaps.every((gap) => gap.severity === 'minor');
      const request = onlyMinor ? { gapIds: props.session.gaps.map((gap) => gap.id) } : {};
      await props.client.submitQuestions(props.session.id, request, { idempotencyKey: `page-questions-${props.session.revision ?? 0}` });
      props.onAsked();
    } catch (failure) {
      setError(describeError(failure));
      setAsking(false);
    }
  }
  const asked = props.session.gaps.filter((gap) => gap.severity !== 'minor').length || props.session.gaps.length;
  return (
    <p>
      <span class="hint">
        {asked === props.session.gaps.length ? `A question for each of the ${asked} gaps.` : `A question for each critical and important gap: ${asked} of the ${props.session.gaps.length}. Minor gaps are not asked about.`}
      </span>{' '}
      <button type="button" class="primary" disabled={asking} onClick={() => void ask()}>
        Ask the questions
      </button>
      {error !== undefined && (
        <span class="error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </p>
  );
}

/** What the page says when nothing of the session is left to show; focused, so a screen reader reads it at once. */
function GoneNotice(props: { why: 'erased' | 'unavailable' }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="notice" aria-labelledby="gone-title">
      <h1 id="gone-title" tabIndex={-1} ref={heading}>
        {props.why === 'erased' ? 'This interview was erased' : 'This interview is no longer available'}
      </h1>
      <p>{props.why === 'erased' ? 'Nothing of it is kept: not the CV, the job description, the answers or the report.' : 'It was erased, or its link expired. Ask whoever sent you the link for a new one.'}</p>
      <p>
        <a href="/">Start another interview</a>
      </p>
    </section>
  );
}

/**
 * `/s/{sessionId}`: one interview as the server has it — what was read, the gaps, every
 * question as it arrives, answers with their scores, deep dives and final answers, the
 * report — kept current by the session's event stream. Reloading continues where it was.
 */
export function Interview(props: { sessionId: string; client: GapflowClient; tenantClient: GapflowClient | undefined }) {
  const { client, sessionId } = props;
  const interview = useInterview(client, sessionId);
  const [report, setReport] = useState<SessionReport | undefined>();
  const [reportError, setReportError] = useState<string | undefined>();
  const { session } = interview;

  if (interview.gone) return <GoneNotice why={interview.gone} />;
  if (!session) {
    return (
      <section class="notice" aria-labelledby="loading-title">
        <h1 id="loading-title">{interview.error === undefined ? 'Opening the interview…' : 'This interview cannot be opened'}</h1>
        {interview.error !== undefined && <p role="alert">{interview.error}</p>}
      </section>
    );
  }

  async function openReport(): Promise<void> {
    setReportError(undefined);
    try {
      setReport(await client.getReport(sessionId));
    } catch (failure) {
      setReportError(describeError(failure));
    }
  }

  const progressOf = (questionId: string) => session.answers.find((progress) => progress.questionId === questionId);
  const asked = session.questions.length > 0;
  const gapsWithoutQuestion = session.failedGaps;
  const about = (
    <>
      <ParsedDocuments session={session} tenantClient={props.tenantClient} onCorrected={interview.refresh} />
      {session.cv && session.jd && session.status !== 'analyzing' && <GapList gaps={session.gaps} />}
    </>
  );

  return (
    <div class="interview">
      <div class={report ? 'no-print' : undefined}>
        <h1>Interview{session.jd ? ` for ${session.jd.title}` : ''}</h1>
        <p class="status" role="status">
          {session.status === 'failed' && session.failure ? `${STATUS_LABELS.failed} ${session.failure.message}` : STATUS_LABELS[session.status]}
        </p>
        {interview.error !== undefined && (
          <p class="error" role="alert">
            {interview.error}
          </p>
        )}
        {!interview.live && (
          <p class="error" role="alert">
            Live updates stopped: this page no longer changes by itself.{' '}
            <button type="button" onClick={interview.reconnect}>
              Reconnect
            </button>
          </p>
        )}
        <div class="actions">
          <button type="button" onClick={() => void openReport()}>
            Report
          </button>{' '}
          <EraseSession client={client} sessionId={sessionId} onErased={interview.markErased} />
        </div>
        {reportError !== undefined && (
          <p class="error" role="alert">
            {reportError}
          </p>
        )}
      </div>
      {report && <ReportView report={report} onClose={() => setReport(undefined)} />}
      <div class={report ? 'no-print' : undefined}>
        {!asked && about}
        {session.status === 'ready' && session.gaps.length > 0 && <AskQuestions client={client} session={session} onAsked={interview.refresh} />}
        {asked && (
          <section class="questions" aria-labelledby="questions-title">
            <h2 id="questions-title">Questions</h2>
            {session.questions.map((question) => (
              <QuestionCard
                key={question.id}
                question={question}
                progress={progressOf(question.id)}
                draft={interview.drafts[question.id]}
                onSend={async (text) => {
                  await client.submitAnswer(sessionId, question.id, text);
                  interview.refresh();
                }}
              />
            ))}
            {session.status === 'questioning' && <p class="hint">More questions are on their way…</p>}
            {gapsWithoutQuestion.map((failed) => (
              <p key={failed.gapId} class="error">
                No question for {session.gaps.find((gap) => gap.id === failed.gapId)?.skill ?? failed.gapId}: {failed.message}
              </p>
            ))}
          </section>
        )}
        {asked && about}
      </div>
    </div>
  );
}
