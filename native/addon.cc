// SPDX-License-Identifier: MIT
// Addon entry point: builds exports from the modules that registered themselves (module.h).
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "module.h"

namespace smoothtask {
namespace {

std::vector<std::pair<const char*, ModuleInit>>& Registry() {
  static std::vector<std::pair<const char*, ModuleInit>> modules;
  return modules;
}

const char* ErrnoName(int err) {
  switch (err) {
    case EPERM: return "EPERM";
    case EACCES: return "EACCES";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINVAL: return "EINVAL";
    case ENOMEM: return "ENOMEM";
    case E2BIG: return "E2BIG";
    case EBUSY: return "EBUSY";
    case EAGAIN: return "EAGAIN";
    case ENOSYS: return "ENOSYS";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case ETIMEDOUT: return "ETIMEDOUT";
    default: return "EUNKNOWN";
  }
}

}  // namespace

ModuleRegistrar::ModuleRegistrar(const char* name, ModuleInit init) {
  Registry().emplace_back(name, init);
}

Napi::Error MakeSysError(Napi::Env env, const char* syscall, int err, const std::string& message) {
  std::string text = message.empty() ? std::string(strerror(err)) : message;
  Napi::Error error = Napi::Error::New(env, std::string(syscall) + ": " + text);
  error.Set("code", Napi::String::New(env, ErrnoName(err)));
  error.Set("errno", Napi::Number::New(env, err));
  error.Set("syscall", Napi::String::New(env, syscall));
  return error;
}

}  // namespace smoothtask

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  for (auto& [name, init] : smoothtask::Registry()) {
    Napi::Object module = Napi::Object::New(env);
    init(env, module);
    exports.Set(name, module);
  }
  return exports;
}

NODE_API_MODULE(smoothtask, Init)
