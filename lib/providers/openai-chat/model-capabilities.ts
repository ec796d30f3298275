/** OpenAI reasoning models (o-series, gpt-5 family) reject sampling settings; others reject reasoning effort. */
export function isOpenAIReasoningModel(model: string): boolean {
  const name = model.replace(/^openai\//, '').toLowerCase();
  return /^(o\d|gpt-5)(?!.*-chat)/.test(name);
}
