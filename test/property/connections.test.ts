/** Property tests for the socket-table parsers (/proc/net/{tcp,tcp6,udp,udp6}) and fd socket links. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEndpoint, parseSocketLink, parseSocketTable, type SocketProto } from '../../src/collectors/connections/parse.js';
import { fixture, RUNS } from './support/hostile.js';
import { parserProperties } from './support/parser-properties.js';

const TABLES: SocketProto[] = ['tcp', 'tcp6', 'udp', 'udp6'];

describe('parseSocketTable', () => {
  for (const proto of TABLES) {
    describe(proto, () => {
      // uid and inode are unsigned.
      parserProperties({
        parse: (text) => parseSocketTable(text, proto, true),
        bases: [fixture(`debian12-2cpu-vm-system/proc/net/${proto}`), ...(proto === 'tcp' ? [fixture('debian12-2cpu-vm-procdetail/proc/20053/net/tcp')] : [])],
        sane: (rows) => rows.length > 0,
      });
    });
  }
});

describe('parseSocketLink', () => {
  parserProperties({ parse: parseSocketLink, bases: ['socket:[20289]'], sane: (inode) => inode === 20289 });
});

describe('decodeEndpoint', () => {
  it('gives an address with a port between 0 and 65535, or undefined', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.stringMatching(/^[0-9A-Fa-f]{8}:[0-9A-Fa-f]{4}$/), fc.stringMatching(/^[0-9A-F]{32}:[0-9A-F]{4}$/)),
        fc.boolean(),
        (hex, le) => {
          const endpoint = decodeEndpoint(hex, le);
          if (endpoint !== undefined) {
            const port = Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
            expect(port).toBeGreaterThanOrEqual(0);
            expect(port).toBeLessThanOrEqual(65535);
            expect(endpoint).not.toMatch(/NaN|undefined/);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
