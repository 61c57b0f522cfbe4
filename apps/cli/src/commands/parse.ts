import type { DocumentRole } from '@gapflow/documents';
import { readCvOrJdFile, type ReadDocument } from '../read-document-file';

/** `gapflow parse cv|jd <file>`: the document parsed into gapflow's format, with the parse report. */
export async function parseCommand(role: DocumentRole, path: string): Promise<ReadDocument<unknown>> {
  return role === 'cv' ? readCvOrJdFile(path, 'cv') : readCvOrJdFile(path, 'jd');
}
