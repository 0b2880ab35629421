import { createSocket } from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { netDevProcBackend, networkCollector, type NetworkRaw } from '../../../src/collectors/network/index.js';
import { parseNetDev } from '../../../src/collectors/network/parse.js';
import { EDGE, RECORDED, contextAt, liveContext, timed } from '../host/context.js';

const read = (path: string) => readFileSync(path, 'utf8');

describe('parseNetDev', () => {
  it('reads every interface of the recording with its counters', () => {
    const interfaces = parseNetDev(read(`${RECORDED}/proc/net/dev`));
    expect(interfaces.map((i) => i.name)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
    const eth0 = read(`${RECORDED}/proc/net/dev`)
      .split('\n')
      .find((l) => l.includes('eth0:'))!
      .split(':')[1]
      .trim()
      .split(/\s+/)
      .map(Number);
    expect(interfaces[3]).toEqual({
      name: 'eth0',
      rxBytes: eth0[0],
      rxPackets: eth0[1],
      rxErrors: eth0[2],
      rxDrops: eth0[3],
      txBytes: eth0[8],
      txPackets: eth0[9],
      txErrors: eth0[10],
      txDrops: eth0[11],
    });
  });

  it('handles a name running into its first number, odd names, and truncated lines', () => {
    const interfaces = parseNetDev(read(`${EDGE}/proc/net/dev`));
    expect(interfaces.map((i) => i.name)).toEqual(['lo', 'eth0', 'br-ü.€_x@1', '\u001b[31mevil']);
    expect(interfaces[1]).toMatchObject({ rxBytes: 253894309, rxErrors: 1, rxDrops: 2, txErrors: 3, txDrops: 4 });
  });
});

describe('network derive', () => {
  const ctx = contextAt(EDGE);

  it('no previous read: cumulative counts, rates undefined; names made safe for a terminal', async () => {
    const panel = networkCollector.derive(undefined, timed(await netDevProcBackend.read(ctx, {}), 0), ctx);
    const eth0 = panel.interfaces.find((i) => i.name === 'eth0')!;
    expect(eth0).toMatchObject({ rxErrors: 1, txDrops: 4, rxBytesPerSec: undefined, txPacketsPerSec: undefined });
    expect(panel.interfaces.map((i) => i.name)).toContain('\\x1b[31mevil');
    expect(panel.interfaces.map((i) => i.name)).not.toContain('\u001b[31mevil');
  });

  it('rates over the measured gap, undefined where a counter went backwards', async () => {
    const first = timed<NetworkRaw>(await netDevProcBackend.read(ctx, {}), 1000);
    const later = timed<NetworkRaw>(await netDevProcBackend.read({ ...ctx, procRoot: `${EDGE}/later/proc` }, {}), 1500);
    const panel = networkCollector.derive(first, later, ctx);
    expect(panel.interfaces.map((i) => i.name)).toEqual(['lo', 'eth0']);
    expect(panel.interfaces[0]).toMatchObject({ rxBytesPerSec: 0, txPacketsPerSec: 0 });
    expect(panel.interfaces[1]).toMatchObject({ rxBytesPerSec: undefined, txBytesPerSec: undefined, rxErrorsPerSec: undefined, rxErrors: 0 });
  });

  it('computes rates from a fake gap', () => {
    const a = parseNetDev('lo: 1000 10 0 0 0 0 0 0 2000 20 0 0 0 0 0 0\n');
    const b = parseNetDev('lo: 4000 40 1 2 0 0 0 0 2600 26 0 0 0 0 0 0\n');
    const [lo] = networkCollector.derive(timed({ interfaces: a }, 10_000), timed({ interfaces: b }, 12_000), ctx).interfaces;
    expect(lo).toMatchObject({ rxBytesPerSec: 1500, txBytesPerSec: 300, rxPacketsPerSec: 15, txPacketsPerSec: 3, rxErrorsPerSec: 0.5, rxDropsPerSec: 1 });
  });
});

describe('network on the live kernel', () => {
  it('sees traffic sent to 127.0.0.1 on lo', async () => {
    const live = liveContext();
    const first = timed(await netDevProcBackend.read(live, {}), performance.now());
    const receiver = createSocket('udp4');
    await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', resolve));
    const { port } = receiver.address();
    const sender = createSocket('udp4');
    const payload = Buffer.alloc(1000, 7);
    let got = 0;
    const all = new Promise<void>((resolve) => receiver.on('message', () => ++got === 20 && resolve()));
    for (let i = 0; i < 20; i++) sender.send(payload, port, '127.0.0.1');
    await all;
    const second = timed(await netDevProcBackend.read(live, {}), performance.now());
    sender.close();
    receiver.close();
    const lo = networkCollector.derive(first, second, live).interfaces.find((i) => i.name === 'lo')!;
    const seconds = (second.t - first.t) / 1000;
    // A rate times its interval gives the count back only to within rounding (19.999999999999996
    // for 20 packets in one CI run): whole packets and bytes are what was counted.
    const ROUNDING = 1e-6;
    expect(lo.rxPacketsPerSec! * seconds).toBeGreaterThanOrEqual(20 - ROUNDING);
    expect(lo.rxBytesPerSec! * seconds).toBeGreaterThanOrEqual(20 * 1000 - ROUNDING);
  });
});

describe('virtual interfaces', () => {
  it('marks the interfaces under /sys/devices/virtual/net as virtual, and the rest not', async () => {
    const live = liveContext();
    const panel = networkCollector.derive(undefined, timed(await netDevProcBackend.read(live, {}), 0), live);
    expect(panel.interfaces.find((i) => i.name === 'lo')?.virtual).toBe(true);
    for (const i of panel.interfaces) expect(i.virtual, i.name).toBe(existsSync(`/sys/devices/virtual/net/${i.name}`));
  });

  it('leaves it unknown where /sys could not tell', async () => {
    const ctx = { ...contextAt(EDGE), sysRoot: '/nonexistent' };
    const panel = networkCollector.derive(undefined, timed(await netDevProcBackend.read(ctx, {}), 0), ctx);
    expect(panel.interfaces.every((i) => i.virtual === undefined)).toBe(true);
  });
});
