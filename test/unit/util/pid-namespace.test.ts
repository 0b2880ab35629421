import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pidNamespaceRefusal } from '../../../src/native/kernel-session.js';
import { INITIAL_PID_NAMESPACE_INODE, parsePidNamespaceLink, readPidNamespaceInode } from '../../../src/util/pid-namespace.js';

describe('PID namespace', () => {
  it('reads the inode from the link text', () => {
    expect(parsePidNamespaceLink('pid:[4026531836]')).toBe(INITIAL_PID_NAMESPACE_INODE);
    expect(parsePidNamespaceLink('pid:[4026532175]\n')).toBe(4026532175);
    for (const bad of ['', 'net:[4026531840]', 'pid:[]', 'pid:[-1]', 'pid:[12a]']) expect(parsePidNamespaceLink(bad)).toBeUndefined();
    fc.assert(
      fc.property(fc.string(), (text) => {
        const inode = parsePidNamespaceLink(text);
        expect(inode === undefined || Number.isSafeInteger(inode)).toBe(true);
      }),
    );
  });

  it('reads our own namespace from /proc, and nothing from a root without one', () => {
    expect(readPidNamespaceInode('/proc')).toEqual(expect.any(Number));
    expect(readPidNamespaceInode('/nonexistent')).toBeUndefined();
  });

  it('keeps the PID-keyed groups off in a child namespace only', () => {
    for (const group of ['task_iter', 'sched', 'net', 'dma_fence']) {
      expect(pidNamespaceRefusal(group, 4026532175)?.reason).toMatch(/PID namespace \(pid:\[4026532175\]/);
      expect(pidNamespaceRefusal(group, INITIAL_PID_NAMESPACE_INODE)).toBeUndefined();
      expect(pidNamespaceRefusal(group, undefined)).toBeUndefined();
    }
    expect(pidNamespaceRefusal('hw', 4026532175)).toBeUndefined();
  });
});
