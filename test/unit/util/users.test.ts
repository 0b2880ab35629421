import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePasswd, UserNames } from '../../../src/util/users.js';

const fixture = new URL('../../fixtures/debian12-2cpu-vm/passwd', import.meta.url).pathname;

describe('parsePasswd', () => {
  it('maps uids to names, first name wins, skips junk', () => {
    const names = parsePasswd('root:x:0:0:root:/root:/bin/bash\n# note\nbroken line\ntoor:x:0:0::/:/bin/sh\nweird:x:abc:0::/:\nesc\x1b:x:7:7::/:\n');
    expect(names.get(0)).toBe('root');
    expect(names.get(7)).toBe('esc\\x1b');
    expect(names.size).toBe(2);
  });
});

describe('UserNames', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('reads the recorded passwd', () => {
    const users = new UserNames(fixture);
    expect(users.name(0)).toBe('root');
    expect(users.name(65534)).toBe('nobody');
    expect(users.name(4242)).toBeUndefined();
  });

  it('re-reads the file when it changes, no more often than asked', () => {
    dir = mkdtempSync(join(tmpdir(), 'st-users-'));
    const path = join(dir, 'passwd');
    copyFileSync(fixture, path);
    let now = 0;
    const users = new UserNames(path, 1000, () => now);
    expect(users.name(4242)).toBeUndefined();
    writeFileSync(path, 'alice:x:4242:4242::/home/alice:/bin/sh\n');
    now = 500;
    expect(users.name(4242)).toBeUndefined();
    now = 1500;
    expect(users.name(4242)).toBe('alice');
  });

  it('has no names when the file is missing', () => {
    expect(new UserNames('/nonexistent/passwd').name(0)).toBeUndefined();
  });
});
