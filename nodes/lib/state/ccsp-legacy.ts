// Older ("legacy") cars on the CCSP variants. The status has the EU shape but arrives flat in
// `resMsg`, with times in the cloud's own zone: AU/NZ Australia/Sydney (HKC `KiaUvoApiAU`, which
// serves NZ too), India Asia/Kolkata (more-regions.md 3.3). India's seat keys differ, and the
// normalized state carries no seats, so both read alike.
import type { VehicleState } from '../types';
import { normalizeLegacy } from './eu-legacy';
import { AU_TEMP_TABLE, EU_TEMP_TABLE, rec, type Rec } from './read';

/** HKC wraps the flat status as `{ status, vehicleLocation }`; its fixtures come that way. */
function unwrapped(payload: Rec): Rec {
  const status = rec(payload.status);
  return status && !payload.vehicleStatus
    ? { vehicleStatus: status, vehicleLocation: payload.vehicleLocation, odometer: status.odometer }
    : payload;
}

/** AU/NZ also code the set temperature from 17 °C, not 14 °C. */
export const normalizeAuLegacy = (payload: Rec): VehicleState => normalizeLegacy(unwrapped(payload), 'Australia/Sydney', AU_TEMP_TABLE);
export const normalizeInLegacy = (payload: Rec): VehicleState => normalizeLegacy(unwrapped(payload), 'Asia/Kolkata', EU_TEMP_TABLE);
