function bareName(model: string): string {
  return model.replace(/^openai\//, '').toLowerCase();
}

/** OpenAI reasoning models (o-series, gpt-5 family): they reject sampling settings. */
export function isOpenAIReasoningModel(model: string): boolean {
  const name = bareName(model);
  return /^(o\d|gpt-5)/.test(name) && !/-chat/.test(name);
}

/**
 * Known OpenAI models without reasoning: they reject reasoning settings. Unknown names (new
 * models, compatible servers, the simulator) get what the profile asks for.
 */
export function isOpenAINonReasoningModel(model: string): boolean {
  const name = bareName(model);
  return /^(gpt-4|gpt-3\.5|chatgpt-)/.test(name) || /^gpt-5.*-chat/.test(name);
}
