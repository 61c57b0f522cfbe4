/** @gapflow/llm — The LanguageModel interface and its providers (offline, Gemini), prompts and usage accounting. */
export {};
