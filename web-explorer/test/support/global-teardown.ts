import type { RunningGateway } from './gateway';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { explorerGateway?: RunningGateway }).explorerGateway?.dispose();
}
