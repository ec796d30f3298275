import { anthropicMessagesRuntime } from './anthropic-messages/anthropic-messages-runtime';
import type { ProviderRuntime } from './core/runtime';
import type { RuntimeId } from './core/types';
import { openAIChatRuntime } from './openai-chat/openai-chat-runtime';
import { openAIResponsesRuntime } from './openai-responses/openai-responses-runtime';
import { openRouterRuntime } from './openrouter/openrouter-runtime';

/** Runtimes by id. Adding a provider = one module implementing ProviderRuntime, registered here. */
export class ProviderRuntimeRegistry {
  private readonly runtimes = new Map<RuntimeId, ProviderRuntime>();

  register(runtime: ProviderRuntime): this {
    if (this.runtimes.has(runtime.id)) throw new Error(`runtime ${runtime.id} is registered already`);
    this.runtimes.set(runtime.id, runtime);
    return this;
  }

  get(id: RuntimeId): ProviderRuntime {
    const runtime = this.runtimes.get(id);
    if (!runtime) throw new Error(`no runtime registered as ${id}`);
    return runtime;
  }

  has(id: string): id is RuntimeId {
    return this.runtimes.has(id as RuntimeId);
  }

  ids(): RuntimeId[] {
    return [...this.runtimes.keys()];
  }
}

export function createDefaultRegistry(): ProviderRuntimeRegistry {
  return new ProviderRuntimeRegistry()
    .register(openAIChatRuntime)
    .register(openAIResponsesRuntime)
    .register(openRouterRuntime)
    .register(anthropicMessagesRuntime);
}

export const providerRuntimes = createDefaultRegistry();
