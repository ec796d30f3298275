import { systemStatus } from '@/lib/status/system-status';
import { StatusPanel } from './_components/StatusPanel';

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  const status = await systemStatus();
  return (
    <>
      <div className="page-heading">
        <h1>Console</h1>
        <p className="muted">
          Run agent turns through OpenAI Chat, OpenAI Responses, OpenRouter and Anthropic Messages, and see every
          provider call as it really happened.
        </p>
      </div>
      <StatusPanel initial={status} />
    </>
  );
}
