// SPDX-License-Identifier: MIT
// Work run on a thread of its own and answered through a promise on the JavaScript thread, for
// the native calls that may block in the kernel or a driver (nvml.cc's queries, procfiles.cc's
// reads): `work` runs on the new thread, `toJs` on the JavaScript thread once it is done, and
// what either throws rejects the promise (thrown on the new thread, it would end the process).
#pragma once
#include <napi.h>

#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <thread>
#include <utility>

#include "module.h"

namespace smoothtask {

struct ThreadJob {
  Napi::Promise::Deferred deferred;
  std::function<void()> work;
  std::function<Napi::Value(Napi::Env)> toJs;
  // Whether `work` threw (out of memory, in practice), and what, for the JavaScript thread to
  // reject with.
  bool threw = false;
  std::string thrown;
};

inline void FinishThreadJob(Napi::Env env, Napi::Function, std::nullptr_t*, ThreadJob* job) {
  std::unique_ptr<ThreadJob> owned(job);
  if (env == nullptr) return;  // the environment is gone
  try {
    Napi::HandleScope scope(env);
    try {
      if (owned->threw) throw Napi::Error::New(env, owned->thrown);
      owned->deferred.Resolve(owned->toJs(env));
    } catch (const Napi::Error& err) {
      owned->deferred.Reject(err.Value());
    }
  } catch (...) {
    // The environment is being torn down (the process exits while a job finishes): JavaScript
    // cannot run any more and nobody waits for the answer.
  }
}

using ThreadJobTsfn = Napi::TypedThreadSafeFunction<std::nullptr_t, ThreadJob, FinishThreadJob>;

// Starts `work` on a detached thread and returns the promise `toJs` answers. `keepAlive`: whether
// the job keeps the process alive until it is answered (unref'd otherwise). Throws a system error
// when no thread can be started (resource limits); nothing has run then.
inline Napi::Promise StartThreadJob(Napi::Env env, const char* name, bool keepAlive, std::function<void()> work,
                                    std::function<Napi::Value(Napi::Env)> toJs) {
  auto deferred = Napi::Promise::Deferred::New(env);
  Napi::Promise promise = deferred.Promise();
  auto job = std::make_unique<ThreadJob>(ThreadJob{deferred, std::move(work), std::move(toJs), false, {}});
  ThreadJobTsfn tsfn = ThreadJobTsfn::New(env, name, 0, 1, nullptr);
  if (!keepAlive) tsfn.Unref(env);
  ThreadJob* raw = job.get();
  try {
    std::thread([tsfn, raw]() mutable {
      try {
        raw->work();
      } catch (const std::exception& err) {
        raw->threw = true;
        raw->thrown = err.what();
      }
      if (tsfn.BlockingCall(raw) != napi_ok) delete raw;
      tsfn.Release();
    }).detach();
  } catch (const std::system_error& err) {
    tsfn.Release();
    throw MakeSysError(env, "pthread_create", err.code().value(), err.what());
  }
  job.release();
  return promise;
}

}  // namespace smoothtask
