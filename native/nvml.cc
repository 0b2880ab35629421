// SPDX-License-Identifier: MIT
// NVIDIA Management Library (NVML) bindings, loaded with dlopen at run time: libnvidia-ml is never
// a build or install dependency. Every NVML call runs on a thread of its own and answers through a
// Promise, because a hung driver can block an NVML call for a long time; the TypeScript side
// (src/native/nvml.ts) races each query against a timeout and sends no new query while one hangs.
//
// Only the declarations this file uses are written here, copied from NVML's public header nvml.h
// (CUDA toolkit / NVIDIA GPU Deployment Kit; API reference:
// https://docs.nvidia.com/deploy/nvml-api/). Struct layouts and enum values must match it.
#include <dlfcn.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "module.h"
#include "thread_job.h"

namespace smoothtask {
namespace {

// ---- nvml.h declarations -------------------------------------------------------------------
using nvmlReturn_t = int;
using nvmlDevice_t = struct nvmlDevice_st*;

constexpr nvmlReturn_t NVML_SUCCESS = 0;
constexpr nvmlReturn_t NVML_ERROR_INSUFFICIENT_SIZE = 7;
constexpr nvmlReturn_t NVML_ERROR_FUNCTION_NOT_FOUND = 13;
constexpr unsigned long long NVML_VALUE_NOT_AVAILABLE = ~0ULL;

constexpr unsigned NVML_DEVICE_NAME_V2_BUFFER_SIZE = 96;
constexpr unsigned NVML_DEVICE_UUID_V2_BUFFER_SIZE = 96;
constexpr unsigned NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE = 80;

// nvmlTemperatureSensors_t, nvmlTemperatureThresholds_t, nvmlClockType_t, nvmlPcieUtilCounter_t.
constexpr int NVML_TEMPERATURE_GPU = 0;
constexpr int NVML_TEMPERATURE_THRESHOLD_SLOWDOWN = 1;
constexpr int NVML_CLOCK_GRAPHICS = 0;
constexpr int NVML_CLOCK_SM = 1;
constexpr int NVML_CLOCK_MEM = 2;
constexpr int NVML_PCIE_UTIL_TX_BYTES = 0;
constexpr int NVML_PCIE_UTIL_RX_BYTES = 1;
constexpr unsigned NVML_DEVICE_MIG_ENABLE = 1;

// nvmlPciInfo_t: every version keeps domain/bus/device at the same offsets after a 16-byte bus id;
// v3 appends busId[32]. A buffer of the v3 size serves all three entry points.
struct nvmlPciInfo_t {
  char busIdLegacy[16];
  unsigned int domain;
  unsigned int bus;
  unsigned int device;
  unsigned int pciDeviceId;
  unsigned int pciSubSystemId;
  char busId[32];
};

struct nvmlUtilization_t {
  unsigned int gpu;
  unsigned int memory;
};

struct nvmlMemory_t {
  unsigned long long total;
  unsigned long long free;
  unsigned long long used;
};

struct nvmlMemory_v2_t {
  unsigned int version;
  unsigned long long total;
  unsigned long long reserved;
  unsigned long long free;
  unsigned long long used;
};
// NVML_STRUCT_VERSION(Memory, 2) = sizeof(nvmlMemory_v2_t) | (2 << 24).
constexpr unsigned int nvmlMemory_v2 = static_cast<unsigned int>(sizeof(nvmlMemory_v2_t)) | (2u << 24);

// nvmlProcessInfo_v1_t (the unversioned entry points) and nvmlProcessInfo_t (_v2 and _v3).
struct nvmlProcessInfo_v1_t {
  unsigned int pid;
  unsigned long long usedGpuMemory;
};
struct nvmlProcessInfo_t {
  unsigned int pid;
  unsigned long long usedGpuMemory;
  unsigned int gpuInstanceId;
  unsigned int computeInstanceId;
};

struct nvmlProcessUtilizationSample_t {
  unsigned int pid;
  unsigned long long timeStamp;  // CPU timestamp, microseconds
  unsigned int smUtil;
  unsigned int memUtil;
  unsigned int encUtil;
  unsigned int decUtil;
};

// ---- entry points, resolved from the newest version down -------------------------------------
struct Api {
  void* handle = nullptr;
  std::string library;
  nvmlReturn_t (*init)() = nullptr;
  nvmlReturn_t (*shutdown)() = nullptr;
  const char* (*errorString)(nvmlReturn_t) = nullptr;
  nvmlReturn_t (*systemGetDriverVersion)(char*, unsigned) = nullptr;
  nvmlReturn_t (*deviceGetCount)(unsigned*) = nullptr;
  nvmlReturn_t (*deviceGetHandleByIndex)(unsigned, nvmlDevice_t*) = nullptr;
  nvmlReturn_t (*deviceGetName)(nvmlDevice_t, char*, unsigned) = nullptr;
  nvmlReturn_t (*deviceGetUUID)(nvmlDevice_t, char*, unsigned) = nullptr;
  nvmlReturn_t (*deviceGetPciInfo)(nvmlDevice_t, nvmlPciInfo_t*) = nullptr;
  nvmlReturn_t (*deviceGetUtilizationRates)(nvmlDevice_t, nvmlUtilization_t*) = nullptr;
  nvmlReturn_t (*deviceGetMemoryInfo_v2)(nvmlDevice_t, nvmlMemory_v2_t*) = nullptr;
  nvmlReturn_t (*deviceGetMemoryInfo)(nvmlDevice_t, nvmlMemory_t*) = nullptr;
  nvmlReturn_t (*deviceGetPowerUsage)(nvmlDevice_t, unsigned*) = nullptr;
  nvmlReturn_t (*deviceGetEnforcedPowerLimit)(nvmlDevice_t, unsigned*) = nullptr;
  nvmlReturn_t (*deviceGetTemperature)(nvmlDevice_t, int, unsigned*) = nullptr;
  nvmlReturn_t (*deviceGetTemperatureThreshold)(nvmlDevice_t, int, unsigned*) = nullptr;
  nvmlReturn_t (*deviceGetClockInfo)(nvmlDevice_t, int, unsigned*) = nullptr;
  nvmlReturn_t (*deviceGetMaxClockInfo)(nvmlDevice_t, int, unsigned*) = nullptr;
  nvmlReturn_t (*deviceGetFanSpeed)(nvmlDevice_t, unsigned*) = nullptr;
  nvmlReturn_t (*deviceGetPcieThroughput)(nvmlDevice_t, int, unsigned*) = nullptr;
  nvmlReturn_t (*deviceGetEncoderUtilization)(nvmlDevice_t, unsigned*, unsigned*) = nullptr;
  nvmlReturn_t (*deviceGetDecoderUtilization)(nvmlDevice_t, unsigned*, unsigned*) = nullptr;
  nvmlReturn_t (*deviceGetMigMode)(nvmlDevice_t, unsigned*, unsigned*) = nullptr;
  // Process lists: the v1 entry point fills the shorter nvmlProcessInfo_v1_t.
  nvmlReturn_t (*computeProcesses)(nvmlDevice_t, unsigned*, void*) = nullptr;
  bool computeProcessesV1 = false;
  nvmlReturn_t (*graphicsProcesses)(nvmlDevice_t, unsigned*, void*) = nullptr;
  bool graphicsProcessesV1 = false;
  nvmlReturn_t (*deviceGetProcessUtilization)(nvmlDevice_t, nvmlProcessUtilizationSample_t*, unsigned*,
                                              unsigned long long) = nullptr;
};

Api api;
// True while a query thread runs. A hung driver keeps it true, and no new query starts.
std::atomic<bool> busy{false};

template <typename Fn>
void Resolve(Fn& fn, std::initializer_list<const char*> names, const char** found = nullptr) {
  for (const char* name : names) {
    void* sym = dlsym(api.handle, name);
    if (sym != nullptr) {
      fn = reinterpret_cast<Fn>(sym);
      if (found != nullptr) *found = name;
      return;
    }
  }
}

void ResolveAll() {
  Resolve(api.init, {"nvmlInit_v2", "nvmlInit"});
  Resolve(api.shutdown, {"nvmlShutdown"});
  Resolve(api.errorString, {"nvmlErrorString"});
  Resolve(api.systemGetDriverVersion, {"nvmlSystemGetDriverVersion"});
  Resolve(api.deviceGetCount, {"nvmlDeviceGetCount_v2", "nvmlDeviceGetCount"});
  Resolve(api.deviceGetHandleByIndex, {"nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetHandleByIndex"});
  Resolve(api.deviceGetName, {"nvmlDeviceGetName"});
  Resolve(api.deviceGetUUID, {"nvmlDeviceGetUUID"});
  Resolve(api.deviceGetPciInfo, {"nvmlDeviceGetPciInfo_v3", "nvmlDeviceGetPciInfo_v2", "nvmlDeviceGetPciInfo"});
  Resolve(api.deviceGetUtilizationRates, {"nvmlDeviceGetUtilizationRates"});
  Resolve(api.deviceGetMemoryInfo_v2, {"nvmlDeviceGetMemoryInfo_v2"});
  Resolve(api.deviceGetMemoryInfo, {"nvmlDeviceGetMemoryInfo"});
  Resolve(api.deviceGetPowerUsage, {"nvmlDeviceGetPowerUsage"});
  Resolve(api.deviceGetEnforcedPowerLimit, {"nvmlDeviceGetEnforcedPowerLimit"});
  Resolve(api.deviceGetTemperature, {"nvmlDeviceGetTemperature"});
  Resolve(api.deviceGetTemperatureThreshold, {"nvmlDeviceGetTemperatureThreshold"});
  Resolve(api.deviceGetClockInfo, {"nvmlDeviceGetClockInfo"});
  Resolve(api.deviceGetMaxClockInfo, {"nvmlDeviceGetMaxClockInfo"});
  Resolve(api.deviceGetFanSpeed, {"nvmlDeviceGetFanSpeed"});
  Resolve(api.deviceGetPcieThroughput, {"nvmlDeviceGetPcieThroughput"});
  Resolve(api.deviceGetEncoderUtilization, {"nvmlDeviceGetEncoderUtilization"});
  Resolve(api.deviceGetDecoderUtilization, {"nvmlDeviceGetDecoderUtilization"});
  Resolve(api.deviceGetMigMode, {"nvmlDeviceGetMigMode"});
  const char* name = nullptr;
  Resolve(api.computeProcesses,
          {"nvmlDeviceGetComputeRunningProcesses_v3", "nvmlDeviceGetComputeRunningProcesses_v2",
           "nvmlDeviceGetComputeRunningProcesses"},
          &name);
  api.computeProcessesV1 = name != nullptr && std::string(name) == "nvmlDeviceGetComputeRunningProcesses";
  name = nullptr;
  Resolve(api.graphicsProcesses,
          {"nvmlDeviceGetGraphicsRunningProcesses_v3", "nvmlDeviceGetGraphicsRunningProcesses_v2",
           "nvmlDeviceGetGraphicsRunningProcesses"},
          &name);
  api.graphicsProcessesV1 = name != nullptr && std::string(name) == "nvmlDeviceGetGraphicsRunningProcesses";
  Resolve(api.deviceGetProcessUtilization, {"nvmlDeviceGetProcessUtilization"});
}

std::string ErrorText(nvmlReturn_t ret) {
  const char* text = api.errorString != nullptr ? api.errorString(ret) : nullptr;
  std::string out = text != nullptr ? text : "NVML error";
  return out + " (NVML_ERROR " + std::to_string(ret) + ")";
}

const std::string kMissing = "entry point not in this libnvidia-ml (driver too old)";

// ---- results, filled on the query thread and turned into JS on the main thread ---------------
struct Field {
  std::string name;
  bool isString = false;
  double number = 0;
  std::string text;
  std::string error;  // non-empty: the field is unmeasured, and this is why
};

struct Process {
  unsigned pid;
  bool hasMem;
  unsigned long long mem;
  const char* kind;
};

struct DeviceResult {
  unsigned index = 0;
  std::string error;  // the handle itself could not be had
  std::vector<Field> fields;
  std::vector<Process> processes;
  std::map<std::string, std::string> processErrors;
  std::vector<nvmlProcessUtilizationSample_t> utilSamples;
  std::string utilError;
};

void AddNumber(DeviceResult& d, const char* name, nvmlReturn_t ret, double value) {
  Field f;
  f.name = name;
  if (ret == NVML_SUCCESS) f.number = value; else f.error = ErrorText(ret);
  d.fields.push_back(std::move(f));
}

void AddMissing(DeviceResult& d, const char* name) {
  Field f;
  f.name = name;
  f.error = kMissing;
  d.fields.push_back(std::move(f));
}

void AddString(DeviceResult& d, const char* name, nvmlReturn_t ret, const std::string& value) {
  Field f;
  f.name = name;
  f.isString = true;
  if (ret == NVML_SUCCESS) f.text = value; else f.error = ErrorText(ret);
  d.fields.push_back(std::move(f));
}

// Reads one unsigned value through fn(args..., &out) and records it scaled, or the error.
template <typename Fn, typename... Args>
void ReadUnsigned(DeviceResult& d, const char* name, Fn fn, double scale, Args... args) {
  if (fn == nullptr) return AddMissing(d, name);
  unsigned value = 0;
  nvmlReturn_t ret = fn(args..., &value);
  AddNumber(d, name, ret, value * scale);
}

// Encoder/decoder utilisation: fn(dev, &percent, &samplingPeriodUs); the period is not used.
void ReadCodecUtilization(DeviceResult& d, const char* name, nvmlReturn_t (*fn)(nvmlDevice_t, unsigned*, unsigned*),
                          nvmlDevice_t dev) {
  if (fn == nullptr) return AddMissing(d, name);
  unsigned util = 0, periodUs = 0;
  nvmlReturn_t ret = fn(dev, &util, &periodUs);
  AddNumber(d, name, ret, util);
}

// Process lists grow between the sizing call and the read: retry on INSUFFICIENT_SIZE.
void ReadProcesses(DeviceResult& d, nvmlDevice_t dev, nvmlReturn_t (*fn)(nvmlDevice_t, unsigned*, void*),
                   bool v1, const char* kind) {
  if (fn == nullptr) {
    d.processErrors[kind] = kMissing;
    return;
  }
  const size_t stride = v1 ? sizeof(nvmlProcessInfo_v1_t) : sizeof(nvmlProcessInfo_t);
  unsigned capacity = 32;
  for (int attempt = 0; attempt < 5; attempt++) {
    std::vector<unsigned char> buffer(static_cast<size_t>(capacity) * stride);
    unsigned count = capacity;
    nvmlReturn_t ret = fn(dev, &count, buffer.data());
    if (ret == NVML_ERROR_INSUFFICIENT_SIZE) {
      capacity = std::max(count, capacity) * 2;
      continue;
    }
    if (ret != NVML_SUCCESS) {
      d.processErrors[kind] = ErrorText(ret);
      return;
    }
    for (unsigned i = 0; i < count && i < capacity; i++) {
      const unsigned char* at = buffer.data() + i * stride;
      unsigned pid;
      unsigned long long mem;
      if (v1) {
        const auto* p = reinterpret_cast<const nvmlProcessInfo_v1_t*>(at);
        pid = p->pid;
        mem = p->usedGpuMemory;
      } else {
        const auto* p = reinterpret_cast<const nvmlProcessInfo_t*>(at);
        pid = p->pid;
        mem = p->usedGpuMemory;
      }
      d.processes.push_back({pid, mem != NVML_VALUE_NOT_AVAILABLE, mem, kind});
    }
    return;
  }
  d.processErrors[kind] = ErrorText(NVML_ERROR_INSUFFICIENT_SIZE);
}

void ReadProcessUtilization(DeviceResult& d, nvmlDevice_t dev, unsigned long long lastSeen) {
  if (api.deviceGetProcessUtilization == nullptr) {
    d.utilError = kMissing;
    return;
  }
  // Sizing call first. Drivers answer it with INSUFFICIENT_SIZE or with SUCCESS, both setting
  // count; NOT_FOUND means no samples since lastSeen.
  unsigned count = 0;
  nvmlReturn_t ret = api.deviceGetProcessUtilization(dev, nullptr, &count, lastSeen);
  if (ret == NVML_SUCCESS) {
    if (count == 0) return;
    ret = NVML_ERROR_INSUFFICIENT_SIZE;
  }
  for (int attempt = 0; attempt < 5 && ret == NVML_ERROR_INSUFFICIENT_SIZE; attempt++) {
    unsigned capacity = count + 8;
    std::vector<nvmlProcessUtilizationSample_t> samples(capacity);
    count = capacity;
    ret = api.deviceGetProcessUtilization(dev, samples.data(), &count, lastSeen);
    if (ret == NVML_SUCCESS) {
      samples.resize(std::min(count, capacity));
      d.utilSamples = std::move(samples);
      return;
    }
  }
  // NOT_FOUND means no samples since lastSeen: per-process SM % stays unmeasured this time.
  d.utilError = ErrorText(ret);
}

DeviceResult ReadDevice(unsigned index, unsigned long long lastSeen) {
  DeviceResult d;
  d.index = index;
  nvmlDevice_t dev = nullptr;
  nvmlReturn_t ret = api.deviceGetHandleByIndex(index, &dev);
  if (ret != NVML_SUCCESS) {
    d.error = ErrorText(ret);
    return d;
  }
  if (api.deviceGetName != nullptr) {
    char buf[NVML_DEVICE_NAME_V2_BUFFER_SIZE] = {0};
    ret = api.deviceGetName(dev, buf, sizeof buf);
    AddString(d, "name", ret, buf);
  } else {
    AddMissing(d, "name");
  }
  if (api.deviceGetUUID != nullptr) {
    char buf[NVML_DEVICE_UUID_V2_BUFFER_SIZE] = {0};
    ret = api.deviceGetUUID(dev, buf, sizeof buf);
    AddString(d, "uuid", ret, buf);
  } else {
    AddMissing(d, "uuid");
  }
  if (api.deviceGetPciInfo != nullptr) {
    nvmlPciInfo_t pci = {};
    ret = api.deviceGetPciInfo(dev, &pci);
    // The format nvidia-smi prints, e.g. 00000000:01:00.0.
    char buf[32];
    std::snprintf(buf, sizeof buf, "%08X:%02X:%02X.0", pci.domain, pci.bus, pci.device);
    AddString(d, "pciBusId", ret, buf);
  } else {
    AddMissing(d, "pciBusId");
  }
  if (api.deviceGetUtilizationRates != nullptr) {
    nvmlUtilization_t util = {};
    ret = api.deviceGetUtilizationRates(dev, &util);
    AddNumber(d, "utilPercent", ret, util.gpu);
    AddNumber(d, "memUtilPercent", ret, util.memory);
  } else {
    AddMissing(d, "utilPercent");
    AddMissing(d, "memUtilPercent");
  }
  ret = NVML_ERROR_FUNCTION_NOT_FOUND;
  if (api.deviceGetMemoryInfo_v2 != nullptr) {
    nvmlMemory_v2_t mem = {};
    mem.version = nvmlMemory_v2;
    ret = api.deviceGetMemoryInfo_v2(dev, &mem);
    if (ret == NVML_SUCCESS) {
      AddNumber(d, "memUsedBytes", ret, static_cast<double>(mem.used));
      AddNumber(d, "memTotalBytes", ret, static_cast<double>(mem.total));
      // v2's free leaves out what the driver reserves, as nvidia-smi and DCGM report it.
      AddNumber(d, "memFreeBytes", ret, static_cast<double>(mem.free));
    }
  }
  if (ret != NVML_SUCCESS) {
    if (api.deviceGetMemoryInfo != nullptr) {
      nvmlMemory_t mem = {};
      ret = api.deviceGetMemoryInfo(dev, &mem);
      AddNumber(d, "memUsedBytes", ret, static_cast<double>(mem.used));
      AddNumber(d, "memTotalBytes", ret, static_cast<double>(mem.total));
      AddNumber(d, "memFreeBytes", ret, static_cast<double>(mem.free));
    } else {
      AddMissing(d, "memUsedBytes");
      AddMissing(d, "memTotalBytes");
      AddMissing(d, "memFreeBytes");
    }
  }
  ReadUnsigned(d, "powerWatts", api.deviceGetPowerUsage, 1e-3, dev);
  ReadUnsigned(d, "powerLimitWatts", api.deviceGetEnforcedPowerLimit, 1e-3, dev);
  ReadUnsigned(d, "temperatureC", api.deviceGetTemperature, 1, dev, NVML_TEMPERATURE_GPU);
  ReadUnsigned(d, "slowdownTempC", api.deviceGetTemperatureThreshold, 1, dev, NVML_TEMPERATURE_THRESHOLD_SLOWDOWN);
  ReadUnsigned(d, "graphicsClockMHz", api.deviceGetClockInfo, 1, dev, NVML_CLOCK_GRAPHICS);
  ReadUnsigned(d, "smClockMHz", api.deviceGetClockInfo, 1, dev, NVML_CLOCK_SM);
  ReadUnsigned(d, "memClockMHz", api.deviceGetClockInfo, 1, dev, NVML_CLOCK_MEM);
  ReadUnsigned(d, "maxGraphicsClockMHz", api.deviceGetMaxClockInfo, 1, dev, NVML_CLOCK_GRAPHICS);
  ReadUnsigned(d, "maxSmClockMHz", api.deviceGetMaxClockInfo, 1, dev, NVML_CLOCK_SM);
  ReadUnsigned(d, "maxMemClockMHz", api.deviceGetMaxClockInfo, 1, dev, NVML_CLOCK_MEM);
  ReadUnsigned(d, "fanPercent", api.deviceGetFanSpeed, 1, dev);
  // NVML reports PCIe throughput in KB/s (1024 bytes, per nvml.h).
  ReadUnsigned(d, "pcieRxBytesPerSec", api.deviceGetPcieThroughput, 1024, dev, NVML_PCIE_UTIL_RX_BYTES);
  ReadUnsigned(d, "pcieTxBytesPerSec", api.deviceGetPcieThroughput, 1024, dev, NVML_PCIE_UTIL_TX_BYTES);
  ReadCodecUtilization(d, "encoderPercent", api.deviceGetEncoderUtilization, dev);
  ReadCodecUtilization(d, "decoderPercent", api.deviceGetDecoderUtilization, dev);
  if (api.deviceGetMigMode != nullptr) {
    unsigned current = 0, pending = 0;
    ret = api.deviceGetMigMode(dev, &current, &pending);
    AddNumber(d, "migMode", ret, current == NVML_DEVICE_MIG_ENABLE ? 1 : 0);
  } else {
    AddMissing(d, "migMode");
  }
  ReadProcesses(d, dev, api.computeProcesses, api.computeProcessesV1, "compute");
  ReadProcesses(d, dev, api.graphicsProcesses, api.graphicsProcessesV1, "graphics");
  ReadProcessUtilization(d, dev, lastSeen);
  return d;
}

// ---- running a query on its own thread --------------------------------------------------------
// Starts a query on a thread of its own (thread_job.h). Unref'd so that a hung driver never keeps
// the process alive; the caller's timeout timer keeps the loop running meanwhile.
Napi::Value Start(Napi::Env env, std::function<void()> work, std::function<Napi::Value(Napi::Env)> toJs) {
  if (api.handle == nullptr) {
    throw MakeSysError(env, "nvml", ENOENT, "libnvidia-ml is not open (call open first)");
  }
  bool expected = false;
  if (!busy.compare_exchange_strong(expected, true)) {
    throw MakeSysError(env, "nvml", EBUSY, "the previous NVML query is still running");
  }
  try {
    return StartThreadJob(
        env, "smoothtask-nvml", false,
        [work = std::move(work)]() {
          // Not busy once the query is over, however it ended.
          struct Done {
            ~Done() { busy = false; }
          } done;
          work();
        },
        std::move(toJs));
  } catch (const Napi::Error&) {
    // No thread could be started (resource limits): nothing runs, so nothing is busy.
    busy = false;
    throw;
  }
}

Napi::Error NvmlError(Napi::Env env, const char* call, nvmlReturn_t ret) {
  Napi::Error err = Napi::Error::New(env, std::string(call) + ": " + ErrorText(ret));
  err.Set("code", Napi::String::New(env, "ENVML"));
  err.Set("nvmlReturn", Napi::Number::New(env, ret));
  return err;
}

// ---- exported functions ------------------------------------------------------------------------

// open(libraryPath?: string): { library }. Production passes nothing and the standard names are
// searched; tests pass the path of a fake library. Cheap and synchronous: dlopen does not touch
// the driver until nvmlInit.
Napi::Value Open(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string explicitPath;
  if (info.Length() > 0 && info[0].IsString()) explicitPath = info[0].As<Napi::String>().Utf8Value();
  if (api.handle != nullptr) {
    if (!explicitPath.empty() && explicitPath != api.library) {
      throw MakeSysError(env, "dlopen", EBUSY, "libnvidia-ml is already open as " + api.library);
    }
  } else {
    std::vector<std::string> candidates;
    if (!explicitPath.empty()) candidates = {explicitPath};
    else candidates = {"libnvidia-ml.so.1", "libnvidia-ml.so"};
    std::string errors;
    for (const auto& name : candidates) {
      dlerror();
      void* handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (handle != nullptr) {
        api.handle = handle;
        api.library = name;
        break;
      }
      const char* why = dlerror();
      if (!errors.empty()) errors += "; ";
      errors += why != nullptr ? why : name;
    }
    if (api.handle == nullptr) throw MakeSysError(env, "dlopen", ENOENT, errors);
    ResolveAll();
    if (api.init == nullptr || api.deviceGetCount == nullptr || api.deviceGetHandleByIndex == nullptr) {
      dlclose(api.handle);
      api = Api();
      throw MakeSysError(env, "dlsym", ENOSYS, "library lacks nvmlInit/nvmlDeviceGetCount/nvmlDeviceGetHandleByIndex");
    }
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("library", Napi::String::New(env, api.library));
  return out;
}

// init(): Promise<{ deviceCount, driverVersion? }>.
Napi::Value Init(const Napi::CallbackInfo& info) {
  struct State {
    nvmlReturn_t initRet = 0, countRet = 0, versionRet = 0;
    unsigned count = 0;
    char version[NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE] = {0};
  };
  auto state = std::make_shared<State>();
  return Start(
      info.Env(),
      [state]() {
        state->initRet = api.init();
        if (state->initRet != NVML_SUCCESS) return;
        state->countRet = api.deviceGetCount(&state->count);
        state->versionRet = api.systemGetDriverVersion != nullptr
                                ? api.systemGetDriverVersion(state->version, sizeof state->version)
                                : NVML_ERROR_FUNCTION_NOT_FOUND;
      },
      [state](Napi::Env env) -> Napi::Value {
        if (state->initRet != NVML_SUCCESS) throw NvmlError(env, "nvmlInit", state->initRet);
        if (state->countRet != NVML_SUCCESS) throw NvmlError(env, "nvmlDeviceGetCount", state->countRet);
        Napi::Object out = Napi::Object::New(env);
        out.Set("deviceCount", Napi::Number::New(env, state->count));
        if (state->versionRet == NVML_SUCCESS) out.Set("driverVersion", Napi::String::New(env, state->version));
        return out;
      });
}

Napi::Object DeviceToJs(Napi::Env env, const DeviceResult& d) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("index", Napi::Number::New(env, d.index));
  if (!d.error.empty()) {
    out.Set("error", Napi::String::New(env, d.error));
    return out;
  }
  Napi::Object values = Napi::Object::New(env);
  Napi::Object errors = Napi::Object::New(env);
  for (const auto& f : d.fields) {
    if (!f.error.empty()) errors.Set(f.name, Napi::String::New(env, f.error));
    else if (f.isString) values.Set(f.name, Napi::String::New(env, f.text));
    else values.Set(f.name, Napi::Number::New(env, f.number));
  }
  out.Set("values", values);
  out.Set("errors", errors);
  Napi::Array procs = Napi::Array::New(env, d.processes.size());
  for (size_t i = 0; i < d.processes.size(); i++) {
    const auto& p = d.processes[i];
    Napi::Object row = Napi::Object::New(env);
    row.Set("pid", Napi::Number::New(env, p.pid));
    if (p.hasMem) row.Set("memBytes", Napi::Number::New(env, static_cast<double>(p.mem)));
    row.Set("kind", Napi::String::New(env, p.kind));
    procs.Set(i, row);
  }
  out.Set("processes", procs);
  Napi::Object processErrors = Napi::Object::New(env);
  for (const auto& [kind, text] : d.processErrors) processErrors.Set(kind, Napi::String::New(env, text));
  out.Set("processErrors", processErrors);
  Napi::Array samples = Napi::Array::New(env, d.utilSamples.size());
  for (size_t i = 0; i < d.utilSamples.size(); i++) {
    const auto& s = d.utilSamples[i];
    Napi::Object row = Napi::Object::New(env);
    row.Set("pid", Napi::Number::New(env, s.pid));
    row.Set("timestampUs", Napi::Number::New(env, static_cast<double>(s.timeStamp)));
    row.Set("smPercent", Napi::Number::New(env, s.smUtil));
    row.Set("memPercent", Napi::Number::New(env, s.memUtil));
    row.Set("encPercent", Napi::Number::New(env, s.encUtil));
    row.Set("decPercent", Napi::Number::New(env, s.decUtil));
    samples.Set(i, row);
  }
  out.Set("utilSamples", samples);
  if (!d.utilError.empty()) out.Set("utilError", Napi::String::New(env, d.utilError));
  return out;
}

// sample(lastSeenUs: number[]): Promise<Device[]>. lastSeenUs[i] is the newest process
// utilisation timestamp already seen on device i (0 at first), as nvmlDeviceGetProcessUtilization wants.
Napi::Value Sample(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::vector<unsigned long long> lastSeen;
  if (info.Length() > 0 && info[0].IsArray()) {
    Napi::Array arr = info[0].As<Napi::Array>();
    for (uint32_t i = 0; i < arr.Length(); i++) {
      Napi::Value v = arr.Get(i);
      lastSeen.push_back(v.IsNumber() ? static_cast<unsigned long long>(v.As<Napi::Number>().DoubleValue()) : 0);
    }
  }
  struct State {
    nvmlReturn_t countRet = 0;
    std::vector<DeviceResult> devices;
  };
  auto state = std::make_shared<State>();
  return Start(
      env,
      [state, lastSeen]() {
        unsigned count = 0;
        state->countRet = api.deviceGetCount(&count);
        if (state->countRet != NVML_SUCCESS) return;
        for (unsigned i = 0; i < count; i++) {
          state->devices.push_back(ReadDevice(i, i < lastSeen.size() ? lastSeen[i] : 0));
        }
      },
      [state](Napi::Env env) -> Napi::Value {
        if (state->countRet != NVML_SUCCESS) throw NvmlError(env, "nvmlDeviceGetCount", state->countRet);
        Napi::Array out = Napi::Array::New(env, state->devices.size());
        for (size_t i = 0; i < state->devices.size(); i++) out.Set(i, DeviceToJs(env, state->devices[i]));
        return out;
      });
}

Napi::Value Busy(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), busy.load());
}

// shutdown(): calls nvmlShutdown unless a query is still running (a hung call may hold the driver;
// the library then stays loaded until the process exits).
Napi::Value Shutdown(const Napi::CallbackInfo& info) {
  bool done = false;
  if (api.handle != nullptr && !busy.load() && api.shutdown != nullptr) {
    api.shutdown();
    done = true;
  }
  return Napi::Boolean::New(info.Env(), done);
}

void InitModule(Napi::Env env, Napi::Object exports) {
  exports.Set("open", Napi::Function::New(env, Open, "open"));
  exports.Set("init", Napi::Function::New(env, Init, "init"));
  exports.Set("sample", Napi::Function::New(env, Sample, "sample"));
  exports.Set("busy", Napi::Function::New(env, Busy, "busy"));
  exports.Set("shutdown", Napi::Function::New(env, Shutdown, "shutdown"));
}

}  // namespace
}  // namespace smoothtask

SMOOTHTASK_MODULE(nvml, smoothtask::InitModule);
