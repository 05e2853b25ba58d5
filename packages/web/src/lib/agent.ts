/** A browser's user-agent string said briefly: «Chrome 124 · Windows». */
export function describeAgent(agent: string | null): string {
  if (!agent) return '—';
  const browser =
    /Edg\/(\d+)/.exec(agent)?.[0]?.replace('Edg/', 'Edge ') ??
    /Firefox\/(\d+)/.exec(agent)?.[0]?.replace('/', ' ') ??
    /(?:Chrome|Chromium)\/(\d+)/.exec(agent)?.[0]?.replace(/\//, ' ') ??
    /Version\/(\d+).*Safari/.exec(agent)?.[1]?.replace(/^/, 'Safari ') ??
    null;
  const system = /Windows/.test(agent)
    ? 'Windows'
    : /Android/.test(agent)
      ? 'Android'
      : /iPhone|iPad/.test(agent)
        ? 'iOS'
        : /Mac OS X/.test(agent)
          ? 'macOS'
          : /Linux/.test(agent)
            ? 'Linux'
            : null;
  return [browser, system].filter(Boolean).join(' · ') || agent.slice(0, 60);
}
