// Every range a user can meet, defined once: the library checks against it, and the editor dialogs
// validate with the same numbers (the account node hands them to the editor as a Node-RED setting).

/** Values a message or a library call may carry. */
export const INPUT_RANGES = {
  /** Climate temperature: the EU clouds take °C in half degrees, the US cloud °F in whole ones. */
  temperature: {
    C: { min: 14, max: 30, step: 0.5, default: 21 },
    F: { min: 62, max: 82, step: 1, default: 70 },
  },
  durationMinutes: { min: 1, max: 30, step: 1, default: 10 },
  chargeTarget: { min: 50, max: 100, step: 10 },
  chargingCurrent: [100, 90, 60],
  maxAgeMinutes: { min: 0, max: 10080, default: 60 },
  confirmTimeoutSeconds: { min: 1, max: 600, default: 120 },
} as const;

/** AccountOptions and the account dialog's numbers. */
export const OPTION_RANGES = {
  refreshBufferMinutes: { min: 1, max: 60, default: 5 },
  /** 0 = off; a keepalive more often than every 5 minutes would only spend quota. */
  keepaliveMinutes: { min: 5, max: 1440, default: 60, off: 0 },
  /** One HTTP request; a read on a hung cloud gives up after two of these. */
  requestTimeoutSeconds: { min: 5, max: 120, default: 30 },
  confirmPollSeconds: { min: 0.01, max: 60 },
  // protection (protect/options.ts); their defaults per region live there
  dailyBudget: { min: 1, max: 100_000 },
  minForceIntervalMinutes: { min: 0, max: 10_080, default: 60 },
  min12vSoc: { min: 0, max: 100, default: 50 },
  /** 0 = off. */
  pollMinutes: { min: 1, max: 1440, default: 0, off: 0 },
} as const;

/** The one object the editor reads (`RED.settings.hyundaiKiaAccountRanges`). */
export const EDITOR_RANGES = { ...INPUT_RANGES, ...OPTION_RANGES };
