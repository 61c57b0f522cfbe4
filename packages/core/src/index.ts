/** @gapflow/core — the domain contract: schemas and types, errors with stable codes, config, ids. */
export { Limits, utf8ByteLength } from './limits';
export { GeminiLimits, cacheMinTokensFor } from './gemini-limits';
export { SafeId, newId, isSafeId, type IdKind } from './ids';
export { CvSkill, CvExperience, CvEducation, ParsedCV } from './schemas/parsed-cv';
export { CvDate } from './schemas/text';
export { Seniority, Importance, JdRequirement, ParsedJD } from './schemas/parsed-jd';
export { Severity, Gap } from './schemas/gap';
export { ProviderInfo } from './schemas/provider';
export { Question } from './schemas/question';
export { QuestionAngle, QuestionPlan, QUESTION_ANGLES } from './schemas/question-plan';
export { Criterion, CRITERIA, CriterionScore, Verdict, AnswerEvaluation } from './schemas/evaluation';
export { DeepDivePrompt } from './schemas/deep-dive';
export { SourceSpan, GeneratedAnswer } from './schemas/generated-answer';
export { SessionStatus, FailedGap, Session, parsedDocumentsOf } from './schemas/session';
export { ParseReport, DocumentKind, SessionDocument, SessionDocuments } from './schemas/session-documents';
export { AnswerStatus, QuestionProgress, StoryConclusion } from './schemas/question-progress';
export { SessionReport } from './schemas/session-report';
export { buildSessionReport } from './session-report';
export { JobKind, JobState, JobStatus } from './schemas/job-status';
export { SessionEventType, SessionEvent } from './schemas/session-event';
export { SessionEventData, type SessionEventDataOf, type TypedSessionEvent } from './schemas/session-event-data';
export {
  CreateSessionRequest, CreateSessionRequestShape, DocumentTextInput, isDocumentTextInput,
  CorrectSessionRequest, CorrectSessionRequestShape,
  SubmitQuestionsRequest,
  AnswerText,
  SubmitAnswerRequest,
} from './schemas/requests';
export { CreatedSession, CorrectedSession, SubmittedQuestionGroup, AcceptedAnswer, ErrorResponseBody, SessionList, SessionListItem } from './schemas/responses';
export { ERROR_CODES, type ErrorCode } from './errors/error-code';
export {
  GapflowError,
  isGapflowError,
  type ErrorDetail,
  type GapflowErrorOptions,
} from './errors/gapflow-error';
export { validationError } from './errors/validation-error';
export { defectForLog, defectReason } from './errors/defect';
export { httpStatusFor, toHttpError, type HttpErrorBody, type HttpErrorResponse } from './errors/http-error';
export { ThreadRaceError, isThreadRaceError } from './errors/thread-race-error';
export { EnvSchema, type Env } from './config/env-schema';
export { isLoopbackHost, loadConfig, type Config } from './config/config';
export { UpstreamPolicy, isRetryableUpstreamFailure, type UpstreamPolicyOptions } from './resilience/upstream-policy';
export { storyOf } from './story';
