// SPDX-License-Identifier: MIT
// The "proc" native module: the process-control syscalls Node has no binding for. pidfd_open(2)
// and pidfd_send_signal(2) let a signal reach exactly the process a dialog was opened for (a
// reused pid cannot receive it); ioprio_get(2)/ioprio_set(2) read and set the I/O priority
// (ionice); sched_getscheduler(2)/sched_setscheduler(2) read and set the scheduling policy (chrt).
// Arguments are validated in src/native/proc.ts; this file only makes the calls.
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "module.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

namespace smoothtask {
namespace {

// ioprio_get/ioprio_set "which": a single thread (or process, by its tgid), see ioprio_set(2).
constexpr int kIoprioWhoProcess = 1;

int32_t IntArg(const Napi::CallbackInfo& info, size_t index, const char* what) {
  if (info.Length() <= index || !info[index].IsNumber()) {
    throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a number");
  }
  return info[index].As<Napi::Number>().Int32Value();
}

// pidfdOpen(pid) → fd. The caller closes it (fs.closeSync).
Napi::Value PidfdOpen(const Napi::CallbackInfo& info) {
  int32_t pid = IntArg(info, 0, "pid");
  long fd = syscall(SYS_pidfd_open, static_cast<pid_t>(pid), 0u);
  if (fd < 0) throw MakeSysError(info.Env(), "pidfd_open", errno, "");
  return Napi::Number::New(info.Env(), static_cast<double>(fd));
}

// pidfdSendSignal(fd, signal): sends to the process the pidfd refers to, never to a reused pid.
Napi::Value PidfdSendSignal(const Napi::CallbackInfo& info) {
  int32_t fd = IntArg(info, 0, "fd");
  int32_t sig = IntArg(info, 1, "signal");
  long rc = syscall(SYS_pidfd_send_signal, fd, sig, nullptr, 0u);
  if (rc < 0) throw MakeSysError(info.Env(), "pidfd_send_signal", errno, "");
  return info.Env().Undefined();
}

// ioprioGet(pid) → the raw ioprio value (class << 13 | data), see ioprio_get(2).
Napi::Value IoprioGet(const Napi::CallbackInfo& info) {
  int32_t pid = IntArg(info, 0, "pid");
  errno = 0;
  long value = syscall(SYS_ioprio_get, kIoprioWhoProcess, pid);
  if (value < 0) throw MakeSysError(info.Env(), "ioprio_get", errno, "");
  return Napi::Number::New(info.Env(), static_cast<double>(value));
}

// ioprioSet(pid, value): value is the raw ioprio (class << 13 | data).
Napi::Value IoprioSet(const Napi::CallbackInfo& info) {
  int32_t pid = IntArg(info, 0, "pid");
  int32_t value = IntArg(info, 1, "ioprio");
  long rc = syscall(SYS_ioprio_set, kIoprioWhoProcess, pid, value);
  if (rc < 0) throw MakeSysError(info.Env(), "ioprio_set", errno, "");
  return info.Env().Undefined();
}

// schedGet(pid) → { policy, priority }: sched_getscheduler(2) (SCHED_RESET_ON_FORK may be or-ed
// in) and sched_getparam(2)'s sched_priority, for the thread whose id is `pid`.
Napi::Value SchedGet(const Napi::CallbackInfo& info) {
  int32_t pid = IntArg(info, 0, "pid");
  int policy = sched_getscheduler(pid);
  if (policy < 0) throw MakeSysError(info.Env(), "sched_getscheduler", errno, "");
  sched_param param{};
  if (sched_getparam(pid, &param) < 0) throw MakeSysError(info.Env(), "sched_getparam", errno, "");
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("policy", Napi::Number::New(info.Env(), policy));
  out.Set("priority", Napi::Number::New(info.Env(), param.sched_priority));
  return out;
}

// schedSet(pid, policy, priority): sched_setscheduler(2) on the thread whose id is `pid`; the
// kernel keeps its nice value for SCHED_OTHER, SCHED_BATCH and SCHED_IDLE.
Napi::Value SchedSet(const Napi::CallbackInfo& info) {
  int32_t pid = IntArg(info, 0, "pid");
  int32_t policy = IntArg(info, 1, "policy");
  int32_t priority = IntArg(info, 2, "priority");
  sched_param param{};
  param.sched_priority = priority;
  if (sched_setscheduler(pid, policy, &param) < 0) throw MakeSysError(info.Env(), "sched_setscheduler", errno, "");
  return info.Env().Undefined();
}

void Init(Napi::Env env, Napi::Object exports) {
  exports.Set("pidfdOpen", Napi::Function::New(env, PidfdOpen, "pidfdOpen"));
  exports.Set("pidfdSendSignal", Napi::Function::New(env, PidfdSendSignal, "pidfdSendSignal"));
  exports.Set("ioprioGet", Napi::Function::New(env, IoprioGet, "ioprioGet"));
  exports.Set("ioprioSet", Napi::Function::New(env, IoprioSet, "ioprioSet"));
  exports.Set("schedGet", Napi::Function::New(env, SchedGet, "schedGet"));
  exports.Set("schedSet", Napi::Function::New(env, SchedSet, "schedSet"));
}

}  // namespace
}  // namespace smoothtask

SMOOTHTASK_MODULE(proc, smoothtask::Init);
