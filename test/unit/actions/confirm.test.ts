/**
 * Which targets need the typed confirmation: PID 1, SmoothTask's own pid, kernel threads, and
 * other users' processes when running as root.
 */
import { describe, expect, it } from 'vitest';
import { expectedConfirmation, needsTypedConfirmation, typedConfirmationReasons } from '../../../src/actions/confirm.js';
import type { ActionTarget } from '../../../src/actions/target.js';

const root = { selfPid: 4242, uid: 0 };
const user = { selfPid: 4242, uid: 1000 };
const t = (over: Partial<ActionTarget>): ActionTarget => ({ pid: 777, startTime: 1, uid: 1000, comm: 'x', cmdline: 'x', ...over });

describe('typed confirmation', () => {
  it('is required for PID 1', () => {
    expect(typedConfirmationReasons(t({ pid: 1, uid: 0 }), root)).toEqual(['PID 1 is init: stopping it stops the system']);
  });
  it("is required for SmoothTask's own pid", () => {
    expect(typedConfirmationReasons(t({ pid: 4242, uid: 1000 }), user)).toEqual(['it is SmoothTask itself']);
    expect(typedConfirmationReasons({ ...t({}), pid: process.pid, uid: process.getuid?.() }, { selfPid: process.pid, uid: process.getuid?.() ?? 0 })).toContain(
      'it is SmoothTask itself',
    );
  });
  it('is required for kernel threads', () => {
    expect(typedConfirmationReasons(t({ pid: 2, uid: 0, kernelThread: true }), root)).toEqual(['it is a kernel thread']);
  });
  it("is required for other users' processes only when root", () => {
    expect(typedConfirmationReasons(t({ uid: 1000, user: 'alice' }), root)).toEqual(['it belongs to another user (alice) and you are root']);
    expect(typedConfirmationReasons(t({ uid: 1000 }), user)).toEqual([]);
    expect(typedConfirmationReasons(t({ uid: 0 }), root)).toEqual([]);
  });
  it('asks for the pid of one process, the count of a set', () => {
    expect(expectedConfirmation([t({ pid: 1 })])).toBe('1');
    expect(expectedConfirmation([t({ pid: 5 }), t({ pid: 6 }), t({ pid: 7 })])).toBe('3');
    expect(needsTypedConfirmation([t({ uid: 0 }), t({ pid: 1, uid: 0 })], root)).toBe(true);
    expect(needsTypedConfirmation([t({ uid: 0 })], root)).toBe(false);
  });
});
