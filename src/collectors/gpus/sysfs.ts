/**
 * The sysfs GPU backend: every /sys/class/drm/cardN with its driver's attributes. amdgpu gives
 * busy %, VRAM/GTT use, power, temperature, fan and DPM clocks; Intel i915 and xe give
 * frequencies and hwmon energy (turned into watts by derive). Other drivers (nvidia, virtio,
 * simpledrm) are listed with their PCI identity only: NVML or nothing measures them.
 * @see https://docs.kernel.org/gpu/amdgpu/driver-misc.html (gpu_busy_percent, mem_info_*)
 * @see https://docs.kernel.org/gpu/amdgpu/thermal.html (hwmon, pp_dpm_*)
 * @see https://docs.kernel.org/gpu/xe/xe_gt_freq.html (xe tile/gt freq)
 * @see https://docs.kernel.org/hwmon/sysfs-interface.html (power, energy, temp, fan units)
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend, CollectorContext, ProbeResult } from '../contract.js';
import { isGoneError, tryReadTextSync, type ReadBuffer } from '../../util/readfile.js';
import { probeListing } from '../../util/probe.js';
import { parseDpmClocks, parseSysfsInt, parseUevent, vendorFromPciId } from './parse.js';
import type { GpusRaw, SysfsCard } from './raw.js';

export const NO_DRM_CARDS = 'no /sys/class/drm cards';

/** cardN names under sysRoot/class/drm (not connectors like card0-DP-1, not renderD nodes). */
export function listDrmCards(sysRoot: string): string[] {
  try {
    return readdirSync(join(sysRoot, 'class/drm'))
      .filter((name) => /^card\d+$/.test(name))
      .sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
  } catch (err) {
    if (isGoneError(err)) return [];
    throw err;
  }
}

/**
 * One attribute, or undefined when it is absent or the driver refuses it: GPU attributes answer
 * EINVAL, EOPNOTSUPP or ENODEV on parts that lack them, which must cost that field, not the card.
 */
function readAttr(buffer: ReadBuffer, path: string): string | undefined {
  try {
    return tryReadTextSync(buffer, path);
  } catch {
    return undefined;
  }
}

function readInt(buffer: ReadBuffer, path: string): number | undefined {
  return parseSysfsInt(readAttr(buffer, path));
}

/** The device's hwmon folder (device/hwmon/hwmonN), if it has one. */
function hwmonDir(deviceDir: string): string | undefined {
  try {
    const first = readdirSync(join(deviceDir, 'hwmon')).find((n) => /^hwmon\d+$/.test(n));
    return first === undefined ? undefined : join(deviceDir, 'hwmon', first);
  } catch (err) {
    if (isGoneError(err)) return undefined;
    throw err;
  }
}

/** µW → W, keeping undefined. */
const watts = (microwatts: number | undefined): number | undefined => (microwatts === undefined ? undefined : microwatts / 1e6);
const celsius = (millidegrees: number | undefined): number | undefined => (millidegrees === undefined ? undefined : millidegrees / 1000);

function readAmdgpu(buffer: ReadBuffer, deviceDir: string, card: SysfsCard): void {
  card.name = readAttr(buffer, join(deviceDir, 'product_name'))?.trim() || undefined;
  card.utilPercent = readInt(buffer, join(deviceDir, 'gpu_busy_percent'));
  card.memUtilPercent = readInt(buffer, join(deviceDir, 'mem_busy_percent'));
  card.memUsedBytes = readInt(buffer, join(deviceDir, 'mem_info_vram_used'));
  card.memTotalBytes = readInt(buffer, join(deviceDir, 'mem_info_vram_total'));
  card.gttUsedBytes = readInt(buffer, join(deviceDir, 'mem_info_gtt_used'));
  card.gttTotalBytes = readInt(buffer, join(deviceDir, 'mem_info_gtt_total'));
  const sclk = readAttr(buffer, join(deviceDir, 'pp_dpm_sclk'));
  if (sclk !== undefined) {
    const c = parseDpmClocks(sclk);
    card.graphicsClockMHz = c.currentMHz;
    card.maxGraphicsClockMHz = c.maxMHz;
  }
  const mclk = readAttr(buffer, join(deviceDir, 'pp_dpm_mclk'));
  if (mclk !== undefined) {
    const c = parseDpmClocks(mclk);
    card.memClockMHz = c.currentMHz;
    card.maxMemClockMHz = c.maxMHz;
  }
  const hwmon = hwmonDir(deviceDir);
  if (hwmon === undefined) return;
  // power1_average on older parts, power1_input on newer ones (both µW).
  card.powerWatts = watts(readInt(buffer, join(hwmon, 'power1_average')) ?? readInt(buffer, join(hwmon, 'power1_input')));
  card.powerLimitWatts = watts(readInt(buffer, join(hwmon, 'power1_cap')));
  card.temperatureC = celsius(readInt(buffer, join(hwmon, 'temp1_input')));
  const pwm = readInt(buffer, join(hwmon, 'pwm1'));
  card.fanPercent = pwm === undefined ? undefined : (pwm / 255) * 100;
}

function readIntelHwmon(buffer: ReadBuffer, deviceDir: string, card: SysfsCard): void {
  const hwmon = hwmonDir(deviceDir);
  if (hwmon === undefined) return;
  card.energyUj = readInt(buffer, join(hwmon, 'energy1_input'));
  card.powerLimitWatts = watts(readInt(buffer, join(hwmon, 'power1_max')));
  card.temperatureC = celsius(readInt(buffer, join(hwmon, 'temp1_input')));
}

function readI915(buffer: ReadBuffer, cardDir: string, deviceDir: string, card: SysfsCard): void {
  card.graphicsClockMHz = readInt(buffer, join(cardDir, 'gt_cur_freq_mhz'));
  // RP0 is the hardware maximum; gt_max_freq_mhz is the (lowerable) software cap.
  card.maxGraphicsClockMHz = readInt(buffer, join(cardDir, 'gt_RP0_freq_mhz')) ?? readInt(buffer, join(cardDir, 'gt_max_freq_mhz'));
  readIntelHwmon(buffer, deviceDir, card);
}

function readXe(buffer: ReadBuffer, deviceDir: string, card: SysfsCard): void {
  // tile0/gt0 is the primary (render) GT; a media GT, where present, is gt1.
  const freq = join(deviceDir, 'tile0/gt0/freq0');
  card.graphicsClockMHz = readInt(buffer, join(freq, 'cur_freq'));
  card.maxGraphicsClockMHz = readInt(buffer, join(freq, 'rp0_freq')) ?? readInt(buffer, join(freq, 'max_freq'));
  readIntelHwmon(buffer, deviceDir, card);
}

/** One card, or undefined when it vanished or has no device (a virtual DRM node). */
export function readDrmCard(buffer: ReadBuffer, sysRoot: string, name: string): SysfsCard | undefined {
  const cardDir = join(sysRoot, 'class/drm', name);
  const deviceDir = join(cardDir, 'device');
  const uevent = readAttr(buffer, join(deviceDir, 'uevent'));
  if (uevent === undefined) return undefined;
  const fields = parseUevent(uevent);
  const card: SysfsCard = {
    card: name,
    driver: fields.DRIVER ?? 'unknown',
    vendor: vendorFromPciId(fields.PCI_ID),
    pciBusId: fields.PCI_SLOT_NAME,
  };
  // Reading a runtime-suspended GPU's attributes can wake it (a laptop's discrete GPU would then
  // stay powered because we poll it): leave it asleep and say so.
  if (readAttr(buffer, join(deviceDir, 'power/runtime_status'))?.trim() === 'suspended') {
    card.suspended = true;
    return card;
  }
  if (card.driver === 'amdgpu') readAmdgpu(buffer, deviceDir, card);
  else if (card.driver === 'i915') readI915(buffer, cardDir, deviceDir, card);
  else if (card.driver === 'xe') readXe(buffer, deviceDir, card);
  return card;
}

export function readDrmCards(buffer: ReadBuffer, sysRoot: string): SysfsCard[] {
  return listDrmCards(sysRoot)
    .map((name) => readDrmCard(buffer, sysRoot, name))
    .filter((c): c is SysfsCard => c !== undefined);
}

export const sysfsGpuBackend: Backend<GpusRaw> = {
  id: 'sysfs',
  probe(ctx: CollectorContext): ProbeResult {
    return probeListing(
      '/sys/class/drm',
      () => readDrmCards(ctx.readBuffer, ctx.sysRoot),
      (cards) => cards.map((c) => `${c.card} (${c.driver})`).join(', '),
      { reason: NO_DRM_CARDS },
    );
  },
  read(ctx: CollectorContext): Partial<GpusRaw> {
    return { cards: readDrmCards(ctx.readBuffer, ctx.sysRoot) };
  },
};
