// SPDX-License-Identifier: MIT
// The "heap" native module: the C heap's free pages given back to the kernel. glibc keeps the
// blocks freed below its heap's top resident, and later blocks land above them; in the first
// seconds of `top` V8's worker threads and libbpf free megabytes of small blocks there, which
// then stayed in the RSS for the life of the process (bench/README.md, "The C heap's free pages
// given back"). The threshold and when to call are src/native/heap.ts's and the monitor's.
#include <malloc.h>

#include "module.h"

// mallinfo2 came with glibc 2.33; malloc_trim is glibc's alone.
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
#define SMOOTHTASK_HEAP_TRIM 1
#endif

namespace smoothtask {
namespace {

// releaseFree(atLeast) → the bytes free in the heap before the call, having given its free pages
// back when they were more than atLeast; undefined with a C library that cannot.
Napi::Value ReleaseFree(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsNumber()) throw Napi::TypeError::New(env, "releaseFree(atLeast)");
#ifdef SMOOTHTASK_HEAP_TRIM
  const double at_least = info[0].As<Napi::Number>().DoubleValue();
  const double free_bytes = static_cast<double>(mallinfo2().fordblks);
  if (free_bytes > at_least) malloc_trim(0);
  return Napi::Number::New(env, free_bytes);
#else
  return env.Undefined();
#endif
}

void Init(Napi::Env env, Napi::Object exports) {
  exports.Set("releaseFree", Napi::Function::New(env, ReleaseFree, "releaseFree"));
}

}  // namespace
}  // namespace smoothtask

SMOOTHTASK_MODULE(heap, smoothtask::Init);
