// Exit statuses of the dl command (spec §10) and the version string; the one
// place these numbers are defined.

/** Process exit statuses. */
export const EXIT = {
  /** The program ran (or checked) cleanly. */
  ok: 0,
  /** A runtime error stopped the program. */
  runtime: 1,
  /** A compile error (including an unreadable program file). */
  compile: 2,
  /** A bad command line: unknown command or flag, missing argument. */
  usage: 64,
  /** A bug in dl itself: an unexpected JavaScript exception. */
  internal: 70,
} as const;

/** An exit status. */
export type ExitStatus = typeof EXIT[keyof typeof EXIT];

/** The version of dl (language 0.1). */
export const DL_VERSION = "0.1.0";
