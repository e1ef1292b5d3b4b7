/** Polls `check` until it holds (a failed check counts as not yet); past the timeout, fails naming `what`. */
export async function waitFor(check: () => Promise<boolean>, what: string | (() => Promise<string>), timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : await what()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
