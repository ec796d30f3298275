import type {
  AssistantMessage,
  FinishReason,
  InvalidToolCall,
  ReasoningOrigin,
  ReasoningPart,
  StreamEvent,
  TextPart,
  ToolCallPart,
  Usage,
} from './types';

/** Builds the assistant message of one attempt from its stream of normalized events. */
export class MessageAccumulator {
  readonly content: (TextPart | ToolCallPart | ReasoningPart)[] = [];
  readonly toolCalls: ToolCallPart[] = [];
  readonly invalidToolCalls: InvalidToolCall[] = [];
  readonly reasoning: ReasoningPart[] = [];
  usage: Usage | null = null;
  finishReason: FinishReason | null = null;
  /** Set once anything the model produced has been emitted: from then on a failure is not retried. */
  outputBegan = false;
  firstTokenAt: number | null = null;

  constructor(private readonly clock: () => number) {}

  add(event: StreamEvent): void {
    switch (event.type) {
      case 'text-delta': {
        this.began();
        const last = this.content.at(-1);
        if (last?.type === 'text') last.text += event.text;
        else this.content.push({ type: 'text', text: event.text });
        break;
      }
      case 'reasoning-delta':
      case 'tool-call-delta':
        this.began();
        break;
      case 'reasoning':
        this.began();
        this.content.push(event.part);
        this.reasoning.push(event.part);
        break;
      case 'tool-call':
        this.began();
        this.content.push(event.call);
        this.toolCalls.push(event.call);
        break;
      case 'invalid-tool-call':
        this.began();
        this.invalidToolCalls.push(event.call);
        break;
      case 'usage':
        this.usage = event.usage;
        break;
      case 'finish':
        this.finishReason = event.finishReason;
        break;
      default:
        break;
    }
  }

  private began(): void {
    if (!this.outputBegan) {
      this.outputBegan = true;
      this.firstTokenAt = this.clock();
    }
  }

  get text(): string {
    return this.content
      .filter((part): part is TextPart => part.type === 'text')
      .map((part) => part.text)
      .join('');
  }

  message(origin: ReasoningOrigin, responseId: string | null): AssistantMessage {
    const content = this.content.filter((part) => part.type !== 'text' || part.text.length > 0);
    return { role: 'assistant', content, origin, ...(responseId ? { responseId } : {}) };
  }
}
