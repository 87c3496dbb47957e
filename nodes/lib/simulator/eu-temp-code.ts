// EU legacy temperature code (cloud-protocol.md 1.10): the index of the temperature in 14.0, 14.5,
// ... 29.5 °C, in hexadecimal, two digits, followed by `H` (`10H` = 22 °C).

const LOWEST = 14;
const STEPS = 32;

/** The table of a market: EU and India 14.0 … 29.5 °C; AU/NZ 17.0 … 26.5 °C (more-regions.md 2.5). */
export interface TempTable {
  lowest: number;
  steps: number;
}
const EU_TABLE: TempTable = { lowest: LOWEST, steps: STEPS };

export function tempCodeFromCelsius(celsius: number, table: TempTable = EU_TABLE): string {
  const index = Math.min(table.steps - 1, Math.max(0, Math.round((celsius - table.lowest) * 2)));
  return `${index.toString(16).toUpperCase().padStart(2, '0')}H`;
}

/** The temperature a code stands for, or null when it is not a valid code. */
export function celsiusFromTempCode(code: unknown, table: TempTable = EU_TABLE): number | null {
  if (typeof code !== 'string' || !/^[0-9A-Fa-f]{2}H$/.test(code)) return null;
  const index = parseInt(code.slice(0, 2), 16);
  return index < table.steps ? table.lowest + index / 2 : null;
}
