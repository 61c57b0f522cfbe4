/**
 * `@gapflow/documents/model-reader`: reading documents with a language model, apart from the
 * package's main entry so that what imports the main entry (the gateway, which extracts text
 * from uploads) never loads the model SDK.
 */
export { ModelDocumentReader } from './model-document-reader';
export { cvFromExtraction } from './cv-extraction-check';
export { jdFromExtraction } from './jd-extraction-check';
