// SPDX-License-Identifier: MIT
// Each native module (bpf, nvml, proc) registers itself here with a static registrar, so adding a
// module is adding one .cc file: addon.cc exposes every registered module as exports[name].
#pragma once
#include <napi.h>

namespace smoothtask {

using ModuleInit = void (*)(Napi::Env env, Napi::Object exports);

struct ModuleRegistrar {
  ModuleRegistrar(const char* name, ModuleInit init);
};

// Throws a JS Error carrying code, errno, syscall and message (see src/native/binding.ts).
Napi::Error MakeSysError(Napi::Env env, const char* syscall, int err, const std::string& message);

}  // namespace smoothtask

#define SMOOTHTASK_MODULE(name, init) \
  static ::smoothtask::ModuleRegistrar smoothtask_registrar_##name(#name, init)
