// SPDX-License-Identifier: MIT
// The "cpuid" native module: the hypervisor's vendor signature, CPUID leaf 0x40000000, as lscpu
// and systemd-detect-virt read it. Without DMI (a Firecracker or cloud VM that exposes none) it is
// the only place a guest learns which hypervisor it runs on; the kernel prints it to its log
// ("Hypervisor detected") but keeps it nowhere in /proc or /sys. What the signature means is
// src/collectors/host/inventory.ts's.
#include "module.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <cstring>
#define SMOOTHTASK_HAS_CPUID 1
#endif

namespace smoothtask {
namespace {

// hypervisorSignature() → the 12 bytes of leaf 0x40000000's EBX, ECX, EDX as a string (NULs kept;
// a byte that is not UTF-8 comes as U+FFFD), or null where CPUID leaf 1 says no hypervisor (ECX bit 31: bare metal); undefined on
// a CPU without the instruction.
Napi::Value HypervisorSignature(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
#ifdef SMOOTHTASK_HAS_CPUID
  unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return env.Undefined();
  if ((ecx & (1u << 31)) == 0) return env.Null();
  __cpuid(0x40000000, eax, ebx, ecx, edx);
  char signature[12];
  std::memcpy(signature, &ebx, 4);
  std::memcpy(signature + 4, &ecx, 4);
  std::memcpy(signature + 8, &edx, 4);
  return Napi::String::New(env, std::string(signature, sizeof signature));
#else
  return env.Undefined();
#endif
}

void Init(Napi::Env env, Napi::Object exports) {
  exports.Set("hypervisorSignature", Napi::Function::New(env, HypervisorSignature, "hypervisorSignature"));
}

}  // namespace
}  // namespace smoothtask

SMOOTHTASK_MODULE(cpuid, smoothtask::Init);
