// EU legacy temperature code (cloud-protocol.md 1.10): the index of the temperature in 14.0, 14.5,
// ... 29.5 °C, in hexadecimal, two digits, followed by `H` (`10H` = 22 °C).

const LOWEST = 14;
const STEPS = 32;

export function tempCodeFromCelsius(celsius: number): string {
  const index = Math.min(STEPS - 1, Math.max(0, Math.round((celsius - LOWEST) * 2)));
  return `${index.toString(16).toUpperCase().padStart(2, '0')}H`;
}

/** The temperature a code stands for, or null when it is not a valid code. */
export function celsiusFromTempCode(code: unknown): number | null {
  if (typeof code !== 'string' || !/^[0-9A-Fa-f]{2}H$/.test(code)) return null;
  const index = parseInt(code.slice(0, 2), 16);
  return index < STEPS ? LOWEST + index / 2 : null;
}
