import { MemorySaver } from '@langchain/langgraph';
import type { Gap } from '@gapflow/core';
import { OfflineLanguageModel, type LanguageModel } from '@gapflow/llm';
import { loadSample } from '@gapflow/testing';
import { killPointsOf, savedStepsOf, threadKilledAfter } from './crashed-thread.fixture';
import { threadRunConfig } from './thread-run-config';
import { buildQuestionGraph, runQuestionGraph } from './question-graph';

const gap: Gap = { id: 'gap-terraform', skill: 'Terraform', severity: 'critical', reason: 'The CV shows no Terraform.', evidence: [] };
const input = { sessionId: 'session-1', gap, knowledge: null, avoid: [] };
const loadContext = async () => loadSample('platform-engineer');

/** The offline model, counting the drafts it is asked to write. */
function countingModel(): LanguageModel & { drafts: number } {
  const inner = new OfflineLanguageModel();
  const model: LanguageModel & { drafts: number } = {
    drafts: 0,
    provider: inner.provider,
    generate: (call, options) => (model.drafts++, inner.generate(call, options)),
    composeAnswer: (call, options) => inner.composeAnswer(call, options),
  };
  return model;
}

describe('the question graph', () => {
  it('writes one question and returns it again, without a model call, for a finished thread', async () => {
    const model = countingModel();
    const deps = { model, checkpointer: new MemorySaver(), loadContext };
    const question = await runQuestionGraph(deps, 'thread-q', input);
    expect(question.gapId).toBe(gap.id);
    expect(await runQuestionGraph(deps, 'thread-q', input)).toEqual(question);
    expect(model.drafts).toBe(1);
  });

  it('finishes a thread an earlier version left after its draft step in finalizeQuestion, without a model call', async () => {
    const checkpointer = new MemorySaver();
    const model = countingModel();
    const graph = buildQuestionGraph({ model, checkpointer, loadContext });
    const config = { configurable: { thread_id: 'thread-older' } };
    // As the earlier version's draft step left it: the input and the draft saved, the question not yet made.
    const draft = { text: 'Tell me about a Terraform module you wrote.', signals: ['module'], source: { provider: 'offline', model: 'offline' } };
    await graph.updateState(config, { ...input, draft }, 'writeDraft');
    expect((await graph.getState(config)).next).toEqual(['finalizeQuestion']);

    const question = await runQuestionGraph({ model, checkpointer, loadContext }, 'thread-older', input);
    expect(question).toMatchObject({ gapId: gap.id, text: draft.text, signals: draft.signals });
    expect(model.drafts).toBe(0);
  });

  it('saves a run once, when it ends: a retried job killed before that save pays for the draft again, one killed after it does not', async () => {
    const finished = new MemorySaver();
    const question = await runQuestionGraph({ model: countingModel(), checkpointer: finished, loadContext }, 'thread-k', input);
    const steps = await savedStepsOf(finished, 'thread-k');
    // One checkpoint per question job (durability 'exit'), not one before and one after the step.
    expect(steps).toHaveLength(1);

    // Killed after the model answered, before the save: the save never lands.
    const killedBeforeTheSave = new (class extends MemorySaver {
      override async put(): Promise<never> {
        throw new Error('SIGKILL');
      }
    })();
    const dying = countingModel();
    await expect(runQuestionGraph({ model: dying, checkpointer: killedBeforeTheSave, loadContext }, 'thread-k', input)).rejects.toThrow('SIGKILL');
    expect(dying.drafts).toBe(1);
    expect(await savedStepsOf(killedBeforeTheSave, 'thread-k')).toEqual([]);

    const killedAfterIt = await threadKilledAfter(finished, 'thread-k', steps[0]!.step, 0);
    for (const [checkpointer, drafts] of [[new MemorySaver(), 1], [killedAfterIt, 0]] as const) {
      const model = countingModel();
      const retried = await runQuestionGraph({ model, checkpointer, loadContext }, 'thread-k', input);
      expect({ question: retried, drafts: model.drafts }).toEqual({ question, drafts });
    }
  });

  it('continues a thread the earlier version (saved before and after each step) left at any kill point, paying for the draft only if it was never saved', async () => {
    const finished = new MemorySaver();
    // How the earlier version ran a question thread: durability 'sync'.
    const earlier = await buildQuestionGraph({ model: countingModel(), checkpointer: finished, loadContext }).invoke(input, threadRunConfig('thread-s'));
    const steps = await savedStepsOf(finished, 'thread-s');
    const points = await killPointsOf(finished, 'thread-s');
    // input → writeDraft, with its writes saved or not, and after its checkpoint.
    expect(points.length).toBeGreaterThanOrEqual(3);
    const draftSavedAt = steps.find((saved) => saved.step === 0)!;
    for (const point of points) {
      const model = countingModel();
      const checkpointer = await threadKilledAfter(finished, 'thread-s', point.step, point.savedTasks);
      const retried = await runQuestionGraph({ model, checkpointer, loadContext }, 'thread-s', input);
      const draftWasSaved = point.step > draftSavedAt.step || (point.step === draftSavedAt.step && point.savedTasks > 0);
      expect({ point, question: retried, drafts: model.drafts }).toEqual({ point, question: earlier.question, drafts: draftWasSaved ? 0 : 1 });
    }
  });
});
