/** @gapflow/workflow — gap analysis, question generation and answer evaluation; the LangGraph graphs build on these. */
export { GapAnalyzer, type GapAnalyzerOptions } from './gap-analysis/gap-analyzer';
export { analyzeGaps, type AnalyzeGapsOptions } from './gap-analysis/analyze-gaps';
export { yearsCovered } from './gap-analysis/cv-months';
export { knowledgeSnippet } from './knowledge-snippet';
export { generateQuestions, type GenerateQuestionsDependencies } from './questions/generate-questions';
export { questionIdFor } from './questions/question-id';
export { planQuestions } from './questions/plan-questions';
export { aggregateEvaluation, CRITERION_WEIGHTS, MODEL_CRITERION_WEIGHTS, SUFFICIENT_OVERALL, SUFFICIENT_FLOOR } from './evaluation/aggregate-evaluation';
export { evaluateAnswer, runFirstRound, type AnswerToEvaluate, type FirstRound } from './evaluation/evaluate-answer';
export { storyConclusion } from './evaluation/story-conclusion';
export { createBrain, type Brain, type BrainOptions, type GeminiBrainOptions, type RetrievalMode } from './brain';
export { buildQuestionGraph, runQuestionGraph, QuestionGraphState, type QuestionGraphInput, type QuestionGraphDependencies } from './graphs/question-graph';
export { buildAnswerGraph, runAnswerGraph, AnswerGraphState, type AnswerGraphInput, type AnswerGraphValues, type AnswerGraphListener, type AnswerGraphDependencies, type AnswerGraphOutcome, type AnswerSubmission } from './graphs/answer-graph';
export { observedNode, unobserved, type NodeObserver } from './graphs/node-observer';
