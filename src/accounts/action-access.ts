/**
 * Who may call an Action. Each Action declares its level where it is defined (`access('public',
 * defineAction(…))`); the middleware reads the registry made from those declarations and refuses a
 * call before the Action reads its input. An Action that declares nothing is for organisers only,
 * so a new Action is closed until its author opens it.
 */
export type ActionAccess = 'public' | 'account' | 'juror' | 'organiser';

const declared = new WeakMap<object, ActionAccess>();

/** Declares the access level of one Action and returns it unchanged. */
export function access<T extends object>(level: ActionAccess, action: T): T {
  declared.set(action, level);
  return action;
}

/** Name → declared access of every Action in a server's map of Actions. */
export function accessRegistry(actions: Record<string, object>): (name: string) => ActionAccess {
  const levels = new Map(Object.entries(actions).map(([name, action]) => [name, declared.get(action) ?? 'organiser']));
  return (name) => levels.get(name) ?? 'organiser';
}

