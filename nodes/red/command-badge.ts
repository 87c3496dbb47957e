// The green badge after a command: the action's own text when the car confirmed it, "sent" or
// "unconfirmed" (a ring: the cloud took it, the car did not say; texts all command nodes share) otherwise.
import type { CommandResult } from '../lib';
import type { BadgeText } from './status-badge';

export function commandBadge(result: CommandResult, action: string): BadgeText {
  if (result.result === 'success') return { key: `done.${action}` };
  return { key: result.result, shape: 'ring', shared: true };
}
