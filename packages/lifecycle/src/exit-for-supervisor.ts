import type { Logger } from 'pino';

/** The exit status of a process that gave up on something it cannot heal (see docs/operations.md). */
export const GAVE_UP_EXIT_CODE = 3;

/**
 * Ends the process so that its supervisor starts a fresh one: systemd with
 * `Restart=on-failure`, a Kubernetes pod's restart policy, Compose's
 * `restart: unless-stopped`. Used when waiting longer would only hide the
 * problem (a consumer that cannot rejoin its group). State is durable and
 * offsets are committed only after it, so nothing is lost.
 */
export function exitForSupervisor(logger: Logger, error: Error): void {
  logger.fatal({ err: error }, 'exiting for the supervisor to restart this process');
  logger.flush?.();
  setTimeout(() => process.exit(GAVE_UP_EXIT_CODE), 100);
}
