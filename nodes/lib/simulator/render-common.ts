// Pieces that the EU legacy and US Hyundai payloads share: the US status is the EU legacy shape with
// other units (cloud-protocol.md 5.2, "same as EU legacy").
import type { CarState } from './car-state';

/** Booleans as these payloads write them: 1 / 0. */
export const flag = (on: boolean) => (on ? 1 : 0);

export function doorOpenFlags(state: CarState) {
  const { doors } = state;
  return {
    frontLeft: flag(doors.frontLeft),
    frontRight: flag(doors.frontRight),
    backLeft: flag(doors.rearLeft),
    backRight: flag(doors.rearRight),
  };
}

/** 0 closed, 1 open: these payloads know no "vented", a vented window is open. */
export function windowOpenFlags(state: CarState) {
  const { windows } = state;
  return {
    frontLeft: flag(windows.frontLeft > 0),
    frontRight: flag(windows.frontRight > 0),
    backLeft: flag(windows.rearLeft > 0),
    backRight: flag(windows.rearRight > 0),
  };
}

/** plugType 0 = DC (fast), 1 = AC. */
export function targetList(state: CarState) {
  return [
    { plugType: 0, targetSOClevel: state.ev.targetDc },
    { plugType: 1, targetSOClevel: state.ev.targetAc },
  ];
}
