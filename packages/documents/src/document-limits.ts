/** What gapflow reads of a document sent as a file, and where it stops. */
export const DocumentLimits = {
  /** A CV or a job ad is a few pages; a file larger than this is something else. */
  maxFileBytes: 5 * 1024 * 1024,
  maxPdfPages: 20,
  /**
   * A Word file unpacked. A 20-page CV with images is a few MB; this much is a zip bomb, or a
   * document of a kind gapflow has no use for.
   */
  maxDocxUnpackedBytes: 50 * 1024 * 1024,
} as const;
