import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer, { MulterError } from 'multer';
import { GapflowError } from '@gapflow/core';
import { DocumentLimits } from '@gapflow/documents';

/** The parts `POST /v1/sessions` reads from a form: a file or a text field per document. */
export interface UploadedDocuments {
  files: Partial<Record<'cv' | 'jd', Buffer>>;
  texts: Partial<Record<'cv' | 'jd', string>>;
}

const upload = multer({
  storage: multer.memoryStorage(),
  // One past the limit, so that a file over it is told as "over 5 MB", not cut short.
  limits: { fileSize: DocumentLimits.maxFileBytes + 1, files: 2, fields: 2, fieldSize: 400_000, parts: 4 },
});
const fields = upload.fields([
  { name: 'cv', maxCount: 1 },
  { name: 'jd', maxCount: 1 },
]);

const NAMES = { cv: 'The CV', jd: 'The job description' } as const;

/**
 * `multipart/form-data` on `POST /v1/sessions`: the CV and the job ad as files (`cv`, `jd`) or
 * as text fields of the same names, kept in memory (never on disk) for the handler, which
 * reads them by content. A JSON body passes through untouched.
 */
export const sessionDocumentsUpload: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
  if (!req.is('multipart/form-data')) {
    next();
    return;
  }
  fields(req, res, (error?: unknown) => {
    if (error instanceof MulterError) {
      const role = error.field === 'jd' ? 'jd' : 'cv';
      if (error.code === 'LIMIT_FILE_SIZE') {
        next(new GapflowError('DOCUMENT_REFUSED', `${NAMES[role]} is over ${DocumentLimits.maxFileBytes / 1024 / 1024} MB; gapflow reads files of up to ${DocumentLimits.maxFileBytes / 1024 / 1024} MB. Send it without images or attachments, or paste the text.`, { details: [{ path: role, message: 'the file is over 5 MB' }] }));
        return;
      }
      next(new GapflowError('VALIDATION_FAILED', `The form may hold a file or a text field "cv" and one "jd", nothing else (${error.message.toLowerCase()}${error.field ? `: "${error.field}"` : ''}).`));
      return;
    }
    if (error) {
      next(error);
      return;
    }
    const files = (req.files ?? {}) as Record<string, Express.Multer.File[] | undefined>;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const uploaded: UploadedDocuments = { files: {}, texts: {} };
    for (const role of ['cv', 'jd'] as const) {
      const file = files[role]?.[0];
      if (file) uploaded.files[role] = file.buffer;
      else if (typeof body[role] === 'string') uploaded.texts[role] = body[role] as string;
    }
    req.body = uploaded;
    (req as Request & { uploadedDocuments?: UploadedDocuments }).uploadedDocuments = uploaded;
    next();
  });
};

/** The documents a form carried, when the request was a form. */
export function uploadedDocumentsOf(req: Request): UploadedDocuments | undefined {
  return (req as Request & { uploadedDocuments?: UploadedDocuments }).uploadedDocuments;
}
