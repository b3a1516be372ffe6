/** Where the host is in its life; `/ready` is 200 only when `ready`. */
export type HostPhase = 'starting' | 'ready' | 'draining' | 'stopped';

export interface Readiness {
  ready: boolean;
  phase: HostPhase;
  /** Why the host is not ready. */
  reason?: string;
}

/** Answers `/ready`; the host supplies it (phase plus a live check of its system stores). */
export type ReadinessCheck = () => Promise<Readiness>;
