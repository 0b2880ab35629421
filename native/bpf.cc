// SPDX-License-Identifier: MIT
// The "bpf" native module: a thin libbpf wrapper. A program group is one .bpf.o; the loader runs
// open → set const volatile config → load → attach, then JS reads it (batch map lookups, iterator
// passes, ring buffer records) as ArrayBuffers that src/native/bpf.ts decodes, and closes it.
// Also holds the BPF_ENABLE_STATS fd while asked and reports per-program run time and count.
// Errors carry code, errno, syscall and libbpf's own message (captured from its print callback).
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "../bpf/hw.h"
#include "../bpf/net.h"
#include "../bpf/sched.h"
#include "../bpf/task_iter.h"
#include "module.h"

namespace smoothtask {
namespace {

// ---- libbpf's messages -------------------------------------------------------------------
// libbpf reports details (verifier output, which map or program failed) only through its print
// callback; keep the recent lines so an error can carry them. The callback runs on the thread
// that called into libbpf, so one buffer per thread keeps worker threads' messages apart.
std::string& LibbpfLog() {
  thread_local std::string log;
  return log;
}

int CaptureLibbpfPrint(enum libbpf_print_level level, const char* format, va_list args) {
  if (level == LIBBPF_DEBUG) return 0;
  va_list copy;
  va_copy(copy, args);
  int n = vsnprintf(nullptr, 0, format, copy);
  va_end(copy);
  if (n <= 0) return n;
  std::string line(static_cast<size_t>(n) + 1, '\0');
  vsnprintf(line.data(), line.size(), format, args);
  line.pop_back();
  std::string& log = LibbpfLog();
  log.append(line);
  constexpr size_t kKeep = 64 * 1024;
  if (log.size() > kKeep) log.erase(0, log.size() - kKeep);
  return n;
}

// The last lines of libbpf's log, for an error message.
std::string LibbpfMessage() {
  std::string log;
  const std::string& raw = LibbpfLog();
  // Drop the "libbpf: " prefix libbpf puts on each line; the error says where it came from.
  for (size_t start = 0; start < raw.size();) {
    size_t end = raw.find('\n', start);
    if (end == std::string::npos) end = raw.size();
    std::string line = raw.substr(start, end - start);
    if (line.rfind("libbpf: ", 0) == 0) line.erase(0, 8);
    if (!line.empty()) log += (log.empty() ? "" : "; ") + line;
    start = end + 1;
  }
  while (!log.empty() && (log.back() == '\n' || log.back() == ' ')) log.pop_back();
  constexpr size_t kTail = 2000;
  if (log.size() > kTail) log = "…" + log.substr(log.size() - kTail);
  return log;
}

Napi::Error BpfError(Napi::Env env, const char* syscall, int err, const std::string& what) {
  std::string detail = LibbpfMessage();
  std::string message = what + ": " + strerror(err);
  if (!detail.empty()) message += " (libbpf: " + detail + ")";
  Napi::Error error = MakeSysError(env, syscall, err, message);
  error.Set("libbpfMessage", Napi::String::New(env, detail));
  return error;
}

// Which bpf(2) command failed while loading, judged from libbpf's log (it does not say directly).
const char* LoadSyscall() {
  const std::string& log = LibbpfLog();
  if (log.find("map '") != std::string::npos &&
      (log.find("failed to create") != std::string::npos || log.find("create map") != std::string::npos)) {
    return "bpf(BPF_MAP_CREATE)";
  }
  if (log.find("BTF") != std::string::npos && log.find("load") != std::string::npos &&
      log.find("prog '") == std::string::npos) {
    return "bpf(BPF_BTF_LOAD)";
  }
  return "bpf(BPF_PROG_LOAD)";
}

// ---- state -------------------------------------------------------------------------------
struct RingBuf {
  std::string map;
  ring_buffer* rb = nullptr;
  std::vector<uint8_t> pending;
};

struct Group {
  bpf_object* obj = nullptr;
  std::vector<std::pair<std::string, bpf_link*>> links;
  std::vector<std::unique_ptr<RingBuf>> rings;
  std::vector<uint8_t> scratch;  // iterator output, reused between passes
  std::vector<uint8_t> keys;     // batch lookup buffers, reused between reads
  std::vector<uint8_t> values;

  ~Group() {
    for (auto& ring : rings) ring_buffer__free(ring->rb);
    for (auto& [name, link] : links) bpf_link__destroy(link);
    bpf_object__close(obj);
  }
};

// Per-env state, freed by the env cleanup hook (worker threads each get their own).
struct State {
  int nextId = 1;
  std::unordered_map<int, std::unique_ptr<Group>> groups;
  int statsFd = -1;

  ~State() {
    groups.clear();
    if (statsFd >= 0) close(statsFd);
  }
};

State& StateOf(const Napi::CallbackInfo& info) { return *static_cast<State*>(info.Data()); }

Group& GroupArg(const Napi::CallbackInfo& info, size_t index) {
  State& state = StateOf(info);
  if (info.Length() <= index || !info[index].IsNumber()) {
    throw Napi::TypeError::New(info.Env(), "expected a program group handle");
  }
  auto found = state.groups.find(info[index].As<Napi::Number>().Int32Value());
  if (found == state.groups.end()) throw Napi::Error::New(info.Env(), "program group is closed");
  return *found->second;
}

std::string StringArg(const Napi::CallbackInfo& info, size_t index, const char* what) {
  if (info.Length() <= index || !info[index].IsString()) {
    throw Napi::TypeError::New(info.Env(), std::string("expected ") + what);
  }
  return info[index].As<Napi::String>().Utf8Value();
}

bpf_map* FindMap(Napi::Env env, Group& group, const std::string& name) {
  bpf_map* map = bpf_object__find_map_by_name(group.obj, name.c_str());
  if (!map) throw Napi::Error::New(env, "no map named '" + name + "' in this program group");
  return map;
}

Napi::ArrayBuffer CopyOut(Napi::Env env, const uint8_t* data, size_t size) {
  Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, size);
  if (size) memcpy(buffer.Data(), data, size);
  return buffer;
}

// ---- const volatile configuration --------------------------------------------------------
// Writes config[name] into the .rodata variable of that name, found through the object's BTF.
void SetConfig(Napi::Env env, bpf_object* obj, Napi::Object config) {
  Napi::Array names = config.GetPropertyNames();
  if (names.Length() == 0) return;
  bpf_map* rodata = nullptr;
  bpf_map* map;
  bpf_object__for_each_map(map, obj) {
    const char* name = bpf_map__name(map);
    size_t len = strlen(name);
    if (bpf_map__is_internal(map) && len >= 7 && strcmp(name + len - 7, ".rodata") == 0) rodata = map;
  }
  const btf* types = bpf_object__btf(obj);
  int sec_id = types ? btf__find_by_name_kind(types, ".rodata", BTF_KIND_DATASEC) : -ENOENT;
  if (!rodata || sec_id < 0) throw Napi::Error::New(env, "this program group has no const volatile config");
  size_t size = 0;
  auto* data = static_cast<uint8_t*>(bpf_map__initial_value(rodata, &size));
  if (!data) throw Napi::Error::New(env, "cannot write const volatile config: .rodata is not writable");
  const btf_type* sec = btf__type_by_id(types, sec_id);
  for (uint32_t i = 0; i < names.Length(); i++) {
    std::string key = names.Get(i).As<Napi::String>().Utf8Value();
    Napi::Value value = config.Get(key);
    const btf_var_secinfo* var = btf_var_secinfos(sec);
    const btf_var_secinfo* found = nullptr;
    for (uint16_t v = 0; v < btf_vlen(sec); v++, var++) {
      const btf_type* t = btf__type_by_id(types, var->type);
      if (key == btf__name_by_offset(types, t->name_off)) found = var;
    }
    if (!found || found->offset + found->size > size) {
      throw Napi::Error::New(env, "no const volatile variable '" + key + "'");
    }
    uint64_t raw;
    if (value.IsBigInt()) {
      bool lossless;
      raw = value.As<Napi::BigInt>().Uint64Value(&lossless);
    } else if (value.IsBoolean()) {
      raw = value.As<Napi::Boolean>().Value() ? 1 : 0;
    } else if (value.IsNumber()) {
      raw = static_cast<uint64_t>(value.As<Napi::Number>().Int64Value());
    } else {
      throw Napi::TypeError::New(env, "config '" + key + "' must be a number, bigint or boolean");
    }
    if (found->size > sizeof raw) throw Napi::Error::New(env, "config '" + key + "' is not a scalar");
    memcpy(data + found->offset, &raw, found->size);  // little-endian: the low bytes
  }
}

// ---- exports -----------------------------------------------------------------------------
int OnRingRecord(void* ctx, void* data, size_t size) {
  auto* ring = static_cast<RingBuf*>(ctx);
  uint32_t header[2] = {static_cast<uint32_t>(size), 0};
  const auto* bytes = static_cast<const uint8_t*>(data);
  ring->pending.insert(ring->pending.end(), reinterpret_cast<uint8_t*>(header),
                       reinterpret_cast<uint8_t*>(header) + sizeof header);
  ring->pending.insert(ring->pending.end(), bytes, bytes + size);
  ring->pending.resize((ring->pending.size() + 7) & ~size_t{7});
  return 0;
}

// open(path, config) → handle. Opens, configures, loads and attaches every program in the object.
Napi::Value Open(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  State& state = StateOf(info);
  std::string path = StringArg(info, 0, "a .bpf.o path");
  LibbpfLog().clear();
  auto group = std::make_unique<Group>();
  group->obj = bpf_object__open_file(path.c_str(), nullptr);
  if (!group->obj) {
    int err = errno;
    group->obj = nullptr;
    throw BpfError(env, "open", err, "cannot open " + path);
  }
  if (info.Length() > 1 && info[1].IsObject()) SetConfig(env, group->obj, info[1].As<Napi::Object>());
  int err = bpf_object__load(group->obj);
  if (err) throw BpfError(env, LoadSyscall(), -err, "cannot load " + path);
  bpf_program* prog;
  bpf_object__for_each_program(prog, group->obj) {
    bpf_link* link = bpf_program__attach(prog);
    if (!link) {
      int attach_err = errno;
      throw BpfError(env, "bpf(BPF_LINK_CREATE)", attach_err,
                     std::string("cannot attach ") + bpf_program__name(prog));
    }
    group->links.emplace_back(bpf_program__name(prog), link);
  }
  bpf_map* map;
  bpf_object__for_each_map(map, group->obj) {
    if (bpf_map__type(map) != BPF_MAP_TYPE_RINGBUF) continue;
    auto ring = std::make_unique<RingBuf>();
    ring->map = bpf_map__name(map);
    ring->rb = ring_buffer__new(bpf_map__fd(map), OnRingRecord, ring.get(), nullptr);
    if (!ring->rb) throw BpfError(env, "epoll_ctl", errno, "cannot open ring buffer " + ring->map);
    group->rings.push_back(std::move(ring));
  }
  int id = state.nextId++;
  state.groups.emplace(id, std::move(group));
  return Napi::Number::New(env, id);
}

// close(handle): detaches and unloads everything in the group. Closing twice is harmless.
Napi::Value Close(const Napi::CallbackInfo& info) {
  State& state = StateOf(info);
  if (info.Length() > 0 && info[0].IsNumber()) state.groups.erase(info[0].As<Napi::Number>().Int32Value());
  return info.Env().Undefined();
}

// iterRead(handle, program) → ArrayBuffer: one full pass of an iterator program.
Napi::Value IterRead(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Group& group = GroupArg(info, 0);
  std::string name = StringArg(info, 1, "an iterator program name");
  bpf_link* link = nullptr;
  for (auto& [prog, l] : group.links) {
    if (prog == name) link = l;
  }
  if (!link) throw Napi::Error::New(env, "no attached program named '" + name + "'");
  int fd = bpf_iter_create(bpf_link__fd(link));
  if (fd < 0) throw MakeSysError(env, "bpf(BPF_ITER_CREATE)", errno, "");
  std::vector<uint8_t>& buf = group.scratch;
  size_t used = 0;
  if (buf.size() < (256u << 10)) buf.resize(256u << 10);
  for (;;) {
    if (buf.size() - used < (64u << 10)) buf.resize(buf.size() * 2);
    ssize_t n = read(fd, buf.data() + used, buf.size() - used);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      close(fd);
      throw MakeSysError(env, "read", err, "reading iterator " + name + ": " + strerror(err));
    }
    used += static_cast<size_t>(n);
  }
  close(fd);
  return CopyOut(env, buf.data(), used);
}

// mapRead(handle, map) → { keys, values, count, keySize, valueSize }: every entry, by batches.
// Per-CPU maps give valueSize = round_up(value_size, 8) × possible CPUs, CPU-major per entry.
Napi::Value MapRead(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Group& group = GroupArg(info, 0);
  bpf_map* map = FindMap(env, group, StringArg(info, 1, "a map name"));
  size_t key_size = bpf_map__key_size(map);
  size_t value_size = bpf_map__value_size(map);
  switch (bpf_map__type(map)) {
    case BPF_MAP_TYPE_PERCPU_HASH:
    case BPF_MAP_TYPE_PERCPU_ARRAY:
    case BPF_MAP_TYPE_LRU_PERCPU_HASH:
      value_size = ((value_size + 7) & ~size_t{7}) * static_cast<size_t>(libbpf_num_possible_cpus());
      break;
    default:
      break;
  }
  // Room for every entry plus slack: a hash batch returns whole buckets, and fails with ENOSPC
  // when the room left is smaller than the next bucket.
  size_t capacity = bpf_map__max_entries(map) + 256;
  if (group.keys.size() < capacity * key_size) group.keys.resize(capacity * key_size);
  if (group.values.size() < capacity * value_size) group.values.resize(capacity * value_size);
  // The batch token is opaque: a bucket index for hash maps, a key for arrays.
  std::vector<uint8_t> in_token(key_size < 8 ? 8 : key_size), out_token(in_token.size());
  size_t total = 0;
  bool first = true;
  int fd = bpf_map__fd(map);
  while (total < capacity) {
    __u32 count = static_cast<__u32>(capacity - total);
    int err = bpf_map_lookup_batch(fd, first ? nullptr : in_token.data(), out_token.data(),
                                   group.keys.data() + total * key_size,
                                   group.values.data() + total * value_size, &count, nullptr);
    int saved = errno;
    total += count;
    if (err && saved == ENOENT) break;  // the last batch
    if (err) throw MakeSysError(env, "bpf(BPF_MAP_LOOKUP_BATCH)", saved, "");
    in_token.swap(out_token);
    first = false;
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("keys", CopyOut(env, group.keys.data(), total * key_size));
  out.Set("values", CopyOut(env, group.values.data(), total * value_size));
  out.Set("count", Napi::Number::New(env, static_cast<double>(total)));
  out.Set("keySize", Napi::Number::New(env, static_cast<double>(key_size)));
  out.Set("valueSize", Napi::Number::New(env, static_cast<double>(value_size)));
  return out;
}

// ringConsume(handle, map) → ArrayBuffer of records, each [u32 size][u32 0][data][pad to 8].
// Never waits: it takes what the kernel has produced since the last call.
Napi::Value RingConsume(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Group& group = GroupArg(info, 0);
  std::string name = StringArg(info, 1, "a ring buffer map name");
  for (auto& ring : group.rings) {
    if (ring->map != name) continue;
    int n = ring_buffer__consume(ring->rb);
    if (n < 0) throw MakeSysError(env, "ring_buffer__consume", -n, "");
    Napi::ArrayBuffer out = CopyOut(env, ring->pending.data(), ring->pending.size());
    ring->pending.clear();
    return out;
  }
  throw Napi::Error::New(env, "no ring buffer named '" + name + "'");
}

// programStats(handle) → [{ name, id, runTimeNs, runCount, recursionMisses }] from bpf_prog_info.
// run_time_ns and run_cnt only advance while BPF stats are enabled (enableStats).
Napi::Value ProgramStats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Group& group = GroupArg(info, 0);
  Napi::Array out = Napi::Array::New(env);
  bpf_program* prog;
  uint32_t i = 0;
  bpf_object__for_each_program(prog, group.obj) {
    bpf_prog_info pinfo = {};
    __u32 len = sizeof pinfo;
    if (bpf_prog_get_info_by_fd(bpf_program__fd(prog), &pinfo, &len)) {
      throw MakeSysError(env, "bpf(BPF_OBJ_GET_INFO_BY_FD)", errno, "");
    }
    Napi::Object row = Napi::Object::New(env);
    row.Set("name", Napi::String::New(env, bpf_program__name(prog)));
    row.Set("id", Napi::Number::New(env, pinfo.id));
    row.Set("runTimeNs", Napi::BigInt::New(env, static_cast<uint64_t>(pinfo.run_time_ns)));
    row.Set("runCount", Napi::BigInt::New(env, static_cast<uint64_t>(pinfo.run_cnt)));
    row.Set("recursionMisses", Napi::BigInt::New(env, static_cast<uint64_t>(pinfo.recursion_misses)));
    out.Set(i++, row);
  }
  return out;
}

// enableStats(): holds a BPF_ENABLE_STATS(BPF_STATS_RUN_TIME) fd; the kernel counts run time for
// every program while any such fd is open and stops when the last closes (also on crash or kill).
Napi::Value EnableStats(const Napi::CallbackInfo& info) {
  State& state = StateOf(info);
  if (state.statsFd < 0) {
    int fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
    if (fd < 0) throw MakeSysError(info.Env(), "bpf(BPF_ENABLE_STATS)", errno, "");
    state.statsFd = fd;
  }
  return info.Env().Undefined();
}

// disableStats(): closes the fd, restoring whatever the system had before.
Napi::Value DisableStats(const Napi::CallbackInfo& info) {
  State& state = StateOf(info);
  if (state.statsFd >= 0) close(state.statsFd);
  state.statsFd = -1;
  return info.Env().Undefined();
}

// Record sizes compiled from the shared headers, so the TS decoders can check their layouts.
Napi::Object RecordSizes(Napi::Env env) {
  Napi::Object sizes = Napi::Object::New(env);
  sizes.Set("st_task_rec", Napi::Number::New(env, sizeof(st_task_rec)));
  sizes.Set("st_sched_stats", Napi::Number::New(env, sizeof(st_sched_stats)));
  sizes.Set("st_proc_event", Napi::Number::New(env, sizeof(st_proc_event)));
  sizes.Set("st_net_bytes", Napi::Number::New(env, sizeof(st_net_bytes)));
  sizes.Set("st_tcp_rec", Napi::Number::New(env, sizeof(st_tcp_rec)));
  sizes.Set("st_conn_event", Napi::Number::New(env, sizeof(st_conn_event)));
  sizes.Set("st_thermal", Napi::Number::New(env, sizeof(st_thermal)));
  sizes.Set("st_cpufreq", Napi::Number::New(env, sizeof(st_cpufreq)));
  return sizes;
}

void Init(Napi::Env env, Napi::Object exports) {
  libbpf_set_print(CaptureLibbpfPrint);
  auto* state = new State();
  env.AddCleanupHook([state]() { delete state; });
  auto add = [&](const char* name, Napi::Function::Callback fn) {
    exports.Set(name, Napi::Function::New(env, fn, name, state));
  };
  add("open", Open);
  add("close", Close);
  add("iterRead", IterRead);
  add("mapRead", MapRead);
  add("ringConsume", RingConsume);
  add("programStats", ProgramStats);
  add("enableStats", EnableStats);
  add("disableStats", DisableStats);
  exports.Set("recordSizes", RecordSizes(env));
  exports.Set("libbpfVersion", Napi::String::New(env, libbpf_version_string()));
}

}  // namespace
}  // namespace smoothtask

SMOOTHTASK_MODULE(bpf, smoothtask::Init);
