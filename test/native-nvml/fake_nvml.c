/* SPDX-License-Identifier: MIT
 * A fake libnvidia-ml for tests, compiled by the test suite (cc -shared -fPIC) and loaded through
 * nvml.open(path). It exports the NVML entry points native/nvml.cc resolves, with the struct
 * layouts of NVML's public nvml.h, and answers from a control file named by $FAKE_NVML_CONTROL,
 * re-read on every call so a test can change answers between samples. Lines are key=value:
 *   devices=N                          number of GPUs (default 1)
 *   <entry point>=<number|string>      the value that call returns (per field, see below)
 *   error.<entry point>=<code>         the nvmlReturn_t that call returns instead
 *   block.<entry point>=1              the call blocks while this line is in the file
 *   compute=pid:bytes,...              compute processes; bytes "na" = NVML_VALUE_NOT_AVAILABLE
 *   graphics=pid:bytes,...             graphics processes
 *   samples=pid:timestampUs:sm,...     process utilisation samples
 *   sizingSucceeds=1                   the NULL-buffer sizing call of nvmlDeviceGetProcessUtilization
 *                                      returns SUCCESS instead of INSUFFICIENT_SIZE
 * Built with -DFAKE_NVML_LEGACY it exports only the unversioned entry points (old drivers), so
 * tests can check the fallbacks nvmlInit_v2 → nvmlInit and _v3 → _v2 → v1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int nvmlReturn_t;
typedef struct nvmlDevice_st *nvmlDevice_t;

typedef struct { char busIdLegacy[16]; unsigned domain, bus, device, pciDeviceId, pciSubSystemId; char busId[32]; } nvmlPciInfo_t;
typedef struct { unsigned gpu, memory; } nvmlUtilization_t;
typedef struct { unsigned long long total, free, used; } nvmlMemory_t;
typedef struct { unsigned version; unsigned long long total, reserved, free, used; } nvmlMemory_v2_t;
typedef struct { unsigned pid; unsigned long long usedGpuMemory; } nvmlProcessInfo_v1_t;
typedef struct { unsigned pid; unsigned long long usedGpuMemory; unsigned gpuInstanceId, computeInstanceId; } nvmlProcessInfo_t;
typedef struct { unsigned pid; unsigned long long timeStamp; unsigned smUtil, memUtil, encUtil, decUtil; } nvmlProcessUtilizationSample_t;

#define NVML_SUCCESS 0
#define NVML_ERROR_INVALID_ARGUMENT 2
#define NVML_ERROR_INSUFFICIENT_SIZE 7
#define NVML_ERROR_NOT_FOUND 6

/* Device handles are 1-based indexes disguised as pointers. */
static unsigned dev_index(nvmlDevice_t dev) { return (unsigned)(size_t)dev - 1; }

/* Copies the value of key from the control file into out; 1 when found. */
static int lookup(const char *key, char *out, size_t outlen) {
  const char *path = getenv("FAKE_NVML_CONTROL");
  if (path == NULL) return 0;
  FILE *f = fopen(path, "r");
  if (f == NULL) return 0;
  char line[4096];
  size_t keylen = strlen(key);
  int found = 0;
  while (fgets(line, sizeof line, f) != NULL) {
    if (strncmp(line, key, keylen) == 0 && line[keylen] == '=') {
      char *value = line + keylen + 1;
      value[strcspn(value, "\n")] = 0;
      snprintf(out, outlen, "%s", value);
      found = 1;
      break;
    }
  }
  fclose(f);
  return found;
}

static unsigned long long number(const char *key, unsigned long long fallback) {
  char buf[64];
  return lookup(key, buf, sizeof buf) ? strtoull(buf, NULL, 10) : fallback;
}

/* Every entry point starts here: block while asked to, then return the configured error. */
static nvmlReturn_t enter(const char *fn) {
  char key[160], buf[64];
  snprintf(key, sizeof key, "block.%s", fn);
  while (lookup(key, buf, sizeof buf)) usleep(10000);
  snprintf(key, sizeof key, "error.%s", fn);
  return lookup(key, buf, sizeof buf) ? atoi(buf) : NVML_SUCCESS;
}

#define ENTER(fn) do { nvmlReturn_t r_ = enter(fn); if (r_ != NVML_SUCCESS) return r_; } while (0)

const char *nvmlErrorString(nvmlReturn_t r) {
  switch (r) {
    case 0: return "Success";
    case 3: return "Not Supported";
    case 4: return "Insufficient Permissions";
    case 6: return "Not Found";
    case 9: return "Driver Not Loaded";
    case 15: return "GPU is lost";
    default: return "Unknown Error";
  }
}

static nvmlReturn_t do_init(const char *fn) { ENTER(fn); return NVML_SUCCESS; }
static nvmlReturn_t do_count(const char *fn, unsigned *count) { ENTER(fn); *count = (unsigned)number("devices", 1); return NVML_SUCCESS; }
static nvmlReturn_t do_handle(const char *fn, unsigned index, nvmlDevice_t *dev) {
  ENTER(fn);
  if (index >= number("devices", 1)) return NVML_ERROR_INVALID_ARGUMENT;
  *dev = (nvmlDevice_t)(size_t)(index + 1);
  return NVML_SUCCESS;
}
static nvmlReturn_t do_pci(const char *fn, nvmlDevice_t dev, nvmlPciInfo_t *pci) {
  ENTER(fn);
  pci->domain = 0;
  pci->bus = (unsigned)number("bus", 1) + dev_index(dev);
  pci->device = 0;
  return NVML_SUCCESS;
}

/* Parses "pid:bytes,..." lists. */
static unsigned parse_procs(const char *key, unsigned *pids, unsigned long long *mems, unsigned max) {
  char buf[2048];
  if (!lookup(key, buf, sizeof buf) || buf[0] == 0) return 0;
  unsigned n = 0;
  for (char *tok = strtok(buf, ","); tok != NULL && n < max; tok = strtok(NULL, ",")) {
    char *colon = strchr(tok, ':');
    pids[n] = (unsigned)strtoul(tok, NULL, 10);
    mems[n] = colon != NULL && strcmp(colon + 1, "na") != 0 ? strtoull(colon + 1, NULL, 10) : ~0ULL;
    n++;
  }
  return n;
}

static nvmlReturn_t do_procs(const char *fn, const char *key, unsigned *count, void *infos, int v1) {
  ENTER(fn);
  unsigned pids[256];
  unsigned long long mems[256];
  unsigned n = parse_procs(key, pids, mems, 256);
  if (*count < n || infos == NULL) { *count = n; return n == 0 ? NVML_SUCCESS : NVML_ERROR_INSUFFICIENT_SIZE; }
  for (unsigned i = 0; i < n; i++) {
    if (v1) { nvmlProcessInfo_v1_t *p = (nvmlProcessInfo_v1_t *)infos + i; p->pid = pids[i]; p->usedGpuMemory = mems[i]; }
    else { nvmlProcessInfo_t *p = (nvmlProcessInfo_t *)infos + i; p->pid = pids[i]; p->usedGpuMemory = mems[i]; p->gpuInstanceId = ~0u; p->computeInstanceId = ~0u; }
  }
  *count = n;
  return NVML_SUCCESS;
}

#ifndef FAKE_NVML_LEGACY
nvmlReturn_t nvmlInit_v2(void) { return do_init("nvmlInit_v2"); }
nvmlReturn_t nvmlDeviceGetCount_v2(unsigned *c) { return do_count("nvmlDeviceGetCount_v2", c); }
nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned i, nvmlDevice_t *d) { return do_handle("nvmlDeviceGetHandleByIndex_v2", i, d); }
nvmlReturn_t nvmlDeviceGetPciInfo_v3(nvmlDevice_t d, nvmlPciInfo_t *p) { return do_pci("nvmlDeviceGetPciInfo_v3", d, p); }
nvmlReturn_t nvmlDeviceGetMemoryInfo_v2(nvmlDevice_t d, nvmlMemory_v2_t *m) {
  ENTER("nvmlDeviceGetMemoryInfo_v2");
  if (m->version != (sizeof(nvmlMemory_v2_t) | (2u << 24))) return 25; /* ARGUMENT_VERSION_MISMATCH */
  (void)d;
  m->total = number("memTotal", 80ULL << 30);
  m->used = number("memUsed", 1ULL << 30);
  /* As a real driver does (616 MiB on an H200): reserved memory is neither used nor free in v2. */
  m->reserved = number("memReserved", 0);
  m->free = m->total - m->used - m->reserved;
  return NVML_SUCCESS;
}
nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t d, unsigned *c, nvmlProcessInfo_t *p) { (void)d; return do_procs("nvmlDeviceGetComputeRunningProcesses_v3", "compute", c, p, 0); }
nvmlReturn_t nvmlDeviceGetGraphicsRunningProcesses_v3(nvmlDevice_t d, unsigned *c, nvmlProcessInfo_t *p) { (void)d; return do_procs("nvmlDeviceGetGraphicsRunningProcesses_v3", "graphics", c, p, 0); }
#else
nvmlReturn_t nvmlInit(void) { return do_init("nvmlInit"); }
nvmlReturn_t nvmlDeviceGetCount(unsigned *c) { return do_count("nvmlDeviceGetCount", c); }
nvmlReturn_t nvmlDeviceGetHandleByIndex(unsigned i, nvmlDevice_t *d) { return do_handle("nvmlDeviceGetHandleByIndex", i, d); }
nvmlReturn_t nvmlDeviceGetPciInfo(nvmlDevice_t d, nvmlPciInfo_t *p) { return do_pci("nvmlDeviceGetPciInfo", d, p); }
nvmlReturn_t nvmlDeviceGetComputeRunningProcesses(nvmlDevice_t d, unsigned *c, nvmlProcessInfo_v1_t *p) { (void)d; return do_procs("nvmlDeviceGetComputeRunningProcesses", "compute", c, p, 1); }
nvmlReturn_t nvmlDeviceGetGraphicsRunningProcesses(nvmlDevice_t d, unsigned *c, nvmlProcessInfo_v1_t *p) { (void)d; return do_procs("nvmlDeviceGetGraphicsRunningProcesses", "graphics", c, p, 1); }
#endif

nvmlReturn_t nvmlShutdown(void) { return enter("nvmlShutdown"); }
nvmlReturn_t nvmlSystemGetDriverVersion(char *v, unsigned len) {
  ENTER("nvmlSystemGetDriverVersion");
  snprintf(v, len, "550.54.15-fake");
  return NVML_SUCCESS;
}
nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t d, char *name, unsigned len) {
  ENTER("nvmlDeviceGetName");
  char buf[96];
  if (!lookup("name", buf, sizeof buf)) snprintf(buf, sizeof buf, "Fake GPU");
  snprintf(name, len, "%s %u", buf, dev_index(d));
  return NVML_SUCCESS;
}
nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t d, char *uuid, unsigned len) {
  ENTER("nvmlDeviceGetUUID");
  snprintf(uuid, len, "GPU-00000000-0000-0000-0000-%012u", dev_index(d));
  return NVML_SUCCESS;
}
nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t d, nvmlMemory_t *m) {
  ENTER("nvmlDeviceGetMemoryInfo");
  (void)d;
  m->total = number("memTotal", 80ULL << 30);
  m->used = number("memUsed", 1ULL << 30);
  m->free = m->total - m->used;
  return NVML_SUCCESS;
}
nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t d, nvmlUtilization_t *u) {
  ENTER("nvmlDeviceGetUtilizationRates");
  (void)d;
  u->gpu = (unsigned)number("gpuUtil", 0);
  u->memory = (unsigned)number("memUtil", 0);
  return NVML_SUCCESS;
}

#define UNSIGNED_GETTER(fn, key) \
  nvmlReturn_t fn(nvmlDevice_t d, unsigned *out) { ENTER(#fn); (void)d; *out = (unsigned)number(key, 0); return NVML_SUCCESS; }
UNSIGNED_GETTER(nvmlDeviceGetPowerUsage, "powerMw")
UNSIGNED_GETTER(nvmlDeviceGetEnforcedPowerLimit, "powerLimitMw")
UNSIGNED_GETTER(nvmlDeviceGetFanSpeed, "fan")

/* Keyed getters: the key gets the enum value appended, e.g. clock.1 for the SM clock. */
#define KEYED_GETTER(fn, key) \
  nvmlReturn_t fn(nvmlDevice_t d, int type, unsigned *out) { \
    ENTER(#fn); (void)d; char k[64]; snprintf(k, sizeof k, "%s.%d", key, type); *out = (unsigned)number(k, 0); return NVML_SUCCESS; }
KEYED_GETTER(nvmlDeviceGetTemperature, "temp")
KEYED_GETTER(nvmlDeviceGetTemperatureThreshold, "tempThreshold")
KEYED_GETTER(nvmlDeviceGetClockInfo, "clock")
KEYED_GETTER(nvmlDeviceGetMaxClockInfo, "maxClock")
KEYED_GETTER(nvmlDeviceGetPcieThroughput, "pcie")

nvmlReturn_t nvmlDeviceGetEncoderUtilization(nvmlDevice_t d, unsigned *u, unsigned *p) {
  ENTER("nvmlDeviceGetEncoderUtilization"); (void)d; *u = (unsigned)number("encoder", 0); *p = 167000; return NVML_SUCCESS;
}
nvmlReturn_t nvmlDeviceGetDecoderUtilization(nvmlDevice_t d, unsigned *u, unsigned *p) {
  ENTER("nvmlDeviceGetDecoderUtilization"); (void)d; *u = (unsigned)number("decoder", 0); *p = 167000; return NVML_SUCCESS;
}
nvmlReturn_t nvmlDeviceGetMigMode(nvmlDevice_t d, unsigned *cur, unsigned *pending) {
  ENTER("nvmlDeviceGetMigMode"); (void)d; *cur = (unsigned)number("mig", 0); *pending = *cur; return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetProcessUtilization(nvmlDevice_t d, nvmlProcessUtilizationSample_t *s, unsigned *count,
                                             unsigned long long lastSeen) {
  ENTER("nvmlDeviceGetProcessUtilization");
  (void)d;
  char buf[2048];
  nvmlProcessUtilizationSample_t all[256];
  unsigned n = 0;
  if (lookup("samples", buf, sizeof buf) && buf[0] != 0) {
    for (char *tok = strtok(buf, ","); tok != NULL && n < 256; tok = strtok(NULL, ",")) {
      nvmlProcessUtilizationSample_t x = {0};
      if (sscanf(tok, "%u:%llu:%u", &x.pid, &x.timeStamp, &x.smUtil) == 3 && x.timeStamp > lastSeen) all[n++] = x;
    }
  }
  if (n == 0) return NVML_ERROR_NOT_FOUND;
  /* Some drivers answer the sizing call (NULL buffer) with SUCCESS, others INSUFFICIENT_SIZE. */
  if (s == NULL) { *count = n; return number("sizingSucceeds", 0) ? NVML_SUCCESS : NVML_ERROR_INSUFFICIENT_SIZE; }
  if (*count < n) { *count = n; return NVML_ERROR_INSUFFICIENT_SIZE; }
  memcpy(s, all, n * sizeof all[0]);
  *count = n;
  return NVML_SUCCESS;
}
