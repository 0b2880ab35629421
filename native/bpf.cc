// SPDX-License-Identifier: MIT
// The "bpf" native module: a thin libbpf wrapper. A program group is one .bpf.o; the loader runs
// open → set const volatile config → load → attach, then JS reads it (batch map lookups, iterator
// passes, ring buffer records) as ArrayBuffers that src/native/bpf-<group>.ts decode, and closes
// it. Exports the offsets of every record field (recordLayouts) so the decoders can be checked.
// Also holds the BPF_ENABLE_STATS fd while asked and reports per-program run time and count.
// Errors carry code, errno, syscall and libbpf's own message (captured from its print callback).
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "../bpf/dma_fence.h"
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
  // Each iterator's output buffer, kept for its next pass: a pass at 5,000 processes is 1 MB, and
  // a new ArrayBuffer a tick stayed in the C heap until a full collection (bench/README.md).
  std::unordered_map<std::string, Napi::Reference<Napi::ArrayBuffer>> iterOutput;
  std::vector<uint8_t> keys;  // batch lookup buffers, reused between reads
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
  int statsHolders = 0;  // enableStats calls not yet matched by disableStats

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

// Sets max_entries of the maps named in sizes ({ map: entries }) before load (tests use small maps).
void SetMaxEntries(Napi::Env env, bpf_object* obj, Napi::Object sizes) {
  Napi::Array names = sizes.GetPropertyNames();
  for (uint32_t i = 0; i < names.Length(); i++) {
    std::string name = names.Get(i).As<Napi::String>().Utf8Value();
    bpf_map* map = bpf_object__find_map_by_name(obj, name.c_str());
    Napi::Value value = sizes.Get(name);
    if (!map) throw Napi::Error::New(env, "no map named '" + name + "' in this program group");
    if (!value.IsNumber()) throw Napi::TypeError::New(env, "max entries of '" + name + "' must be a number");
    int err = bpf_map__set_max_entries(map, value.As<Napi::Number>().Uint32Value());
    if (err) throw BpfError(env, "open", -err, "cannot size map " + name);
  }
}

// open(path, config, maxEntries) → handle. Opens, configures, loads and attaches every program in
// the object.
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
  if (info.Length() > 2 && info[2].IsObject()) SetMaxEntries(env, group->obj, info[2].As<Napi::Object>());
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

// iterRead(handle, program) → DataView: one full pass of an iterator program, in that program's
// buffer, which the next pass of the same program overwrites (kernel-session.ts reads each once
// a tick, and the decoders copy what they keep).
Napi::Value IterRead(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Group& group = GroupArg(info, 0);
  std::string name = StringArg(info, 1, "an iterator program name");
  bpf_link* link = nullptr;
  for (auto& [prog, l] : group.links) {
    if (prog == name) link = l;
  }
  if (!link) throw Napi::Error::New(env, "no attached program named '" + name + "'");
  auto kept = group.iterOutput.find(name);
  if (kept == group.iterOutput.end()) {
    Napi::ArrayBuffer first = Napi::ArrayBuffer::New(env, 256u << 10);
    kept = group.iterOutput.emplace(name, Napi::Persistent(first)).first;
  }
  Napi::ArrayBuffer buf = kept->second.Value();
  int fd = bpf_iter_create(bpf_link__fd(link));
  if (fd < 0) throw MakeSysError(env, "bpf(BPF_ITER_CREATE)", errno, "");
  size_t used = 0;
  for (;;) {
    if (buf.ByteLength() - used < (64u << 10)) {
      // Half as much again: the output grows with the process count, by a little at a time.
      size_t size = buf.ByteLength() + buf.ByteLength() / 2;
      Napi::ArrayBuffer larger = Napi::ArrayBuffer::New(env, size);
      memcpy(larger.Data(), buf.Data(), used);
      buf = larger;
      kept->second.Reset(buf, 1);
    }
    ssize_t n = read(fd, static_cast<uint8_t*>(buf.Data()) + used, buf.ByteLength() - used);
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
  return Napi::DataView::New(env, buf, 0, used);
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
  // Batches of kBatch entries, appended, so the buffers grow with the entries there are, not with
  // the map's maximum (sock_net's 65,536 entries took 2 MB while it held a handful). A hash batch
  // returns whole buckets and fails with ENOSPC when one bucket holds more than a batch, which a
  // hash table of at least max_entries buckets does not come near.
  constexpr size_t kBatch = 1024;
  // The batch token is opaque: a bucket index for hash maps, a key for arrays.
  std::vector<uint8_t> in_token(key_size < 8 ? 8 : key_size), out_token(in_token.size());
  size_t total = 0;
  bool first = true;
  int fd = bpf_map__fd(map);
  for (;;) {
    size_t room = total + kBatch;
    if (group.keys.size() < room * key_size) group.keys.resize(room * key_size);
    if (group.values.size() < room * value_size) group.values.resize(room * value_size);
    __u32 count = static_cast<__u32>(kBatch);
    int err = bpf_map_lookup_batch(fd, first ? nullptr : in_token.data(), out_token.data(),
                                   group.keys.data() + total * key_size,
                                   group.values.data() + total * value_size, &count, nullptr);
    int saved = errno;
    total += count;
    if (err && saved == ENOENT) break;  // the last batch
    if (err) throw MakeSysError(env, "bpf(BPF_MAP_LOOKUP_BATCH)", saved, "");
    // The kernel says ENOENT after the last entry; a batch that copied nothing and said nothing
    // would loop here for ever.
    if (count == 0) break;
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

// What the kernel says of one loaded program (bpf_prog_info), or a thrown system error.
bpf_prog_info ProgramInfo(Napi::Env env, const bpf_program* prog) {
  bpf_prog_info pinfo = {};
  __u32 len = sizeof pinfo;
  if (bpf_prog_get_info_by_fd(bpf_program__fd(prog), &pinfo, &len)) {
    throw MakeSysError(env, "bpf(BPF_OBJ_GET_INFO_BY_FD)", errno, "");
  }
  return pinfo;
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
    const bpf_prog_info pinfo = ProgramInfo(env, prog);
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

// runTimeNs(handle) → the run_time_ns of every program of the group, summed, as one BigInt. The
// header's BPF CPU reads it every refresh, and there programStats' object of five values a
// program cost more than the bpf(2) calls themselves.
Napi::Value RunTimeNs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Group& group = GroupArg(info, 0);
  uint64_t total = 0;
  bpf_program* prog;
  bpf_object__for_each_program(prog, group.obj) {
    total += ProgramInfo(env, prog).run_time_ns;
  }
  return Napi::BigInt::New(env, total);
}

// enableStats(): holds a BPF_ENABLE_STATS(BPF_STATS_RUN_TIME) fd; the kernel counts run time for
// every program while any such fd is open and stops when the last closes (also on crash or kill).
// Counted: each session that enables it holds it until its own disableStats.
Napi::Value EnableStats(const Napi::CallbackInfo& info) {
  State& state = StateOf(info);
  if (state.statsFd < 0) {
    int fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
    if (fd < 0) throw MakeSysError(info.Env(), "bpf(BPF_ENABLE_STATS)", errno, "");
    state.statsFd = fd;
  }
  state.statsHolders++;
  return info.Env().Undefined();
}

// disableStats(): releases one hold; the last closes the fd, restoring what the system had.
Napi::Value DisableStats(const Napi::CallbackInfo& info) {
  State& state = StateOf(info);
  if (state.statsHolders > 0 && --state.statsHolders == 0) {
    close(state.statsFd);
    state.statsFd = -1;
  }
  return info.Env().Undefined();
}

// The layout of every record in bpf/*.h as this compiler lays it out: { struct: { size, fields:
// { field: offset } } }. The TypeScript decoders (src/native/bpf-<group>.ts) declare the same
// table and a test compares the two, field by field.
struct Layout {
  Napi::Env env;
  Napi::Object all;
  Napi::Object fields;

  Layout& Struct(const char* name, size_t size) {
    Napi::Object entry = Napi::Object::New(env);
    fields = Napi::Object::New(env);
    entry.Set("size", Napi::Number::New(env, static_cast<double>(size)));
    entry.Set("fields", fields);
    all.Set(name, entry);
    return *this;
  }
  Layout& Field(const char* name, size_t offset) {
    fields.Set(name, Napi::Number::New(env, static_cast<double>(offset)));
    return *this;
  }
};

#define ST_STRUCT(s) Struct(#s, sizeof(struct s))
#define ST_FIELD(s, f) Field(#f, offsetof(struct s, f))

Napi::Object RecordLayouts(Napi::Env env) {
  Layout l{env, Napi::Object::New(env), Napi::Object::New(env)};
  // bpf/task_iter.h
  l.ST_STRUCT(st_task_rec)
      .ST_FIELD(st_task_rec, tid).ST_FIELD(st_task_rec, tgid).ST_FIELD(st_task_rec, ppid)
      .ST_FIELD(st_task_rec, state).ST_FIELD(st_task_rec, exit_state).ST_FIELD(st_task_rec, flags)
      .ST_FIELD(st_task_rec, prio).ST_FIELD(st_task_rec, nice).ST_FIELD(st_task_rec, nr_threads)
      .ST_FIELD(st_task_rec, euid).ST_FIELD(st_task_rec, sum_exec_runtime)
      .ST_FIELD(st_task_rec, dead_exec_runtime).ST_FIELD(st_task_rec, start_boottime)
      .ST_FIELD(st_task_rec, rss_pages).ST_FIELD(st_task_rec, total_vm_pages)
      .ST_FIELD(st_task_rec, shared_pages).ST_FIELD(st_task_rec, cgroup_id).ST_FIELD(st_task_rec, comm)
      .ST_FIELD(st_task_rec, name_ext).ST_FIELD(st_task_rec, name_ext_kind)
      .ST_FIELD(st_task_rec, io_flags).ST_FIELD(st_task_rec, read_bytes).ST_FIELD(st_task_rec, write_bytes);
  // bpf/sched.h
  l.ST_STRUCT(st_sched_stats)
      .ST_FIELD(st_sched_stats, oncpu_ns).ST_FIELD(st_sched_stats, runq_wait_ns)
      .ST_FIELD(st_sched_stats, runq_max_ns).ST_FIELD(st_sched_stats, switches)
      .ST_FIELD(st_sched_stats, wakeups).ST_FIELD(st_sched_stats, hist);
  l.ST_STRUCT(st_proc_event)
      .ST_FIELD(st_proc_event, kind).ST_FIELD(st_proc_event, tgid).ST_FIELD(st_proc_event, ppid)
      .ST_FIELD(st_proc_event, exit_code).ST_FIELD(st_proc_event, time_ns)
      .ST_FIELD(st_proc_event, start_boottime).ST_FIELD(st_proc_event, oncpu_ns)
      .ST_FIELD(st_proc_event, comm).ST_FIELD(st_proc_event, uid).ST_FIELD(st_proc_event, pad);
  // bpf/net.h
  l.ST_STRUCT(st_net_drops).ST_FIELD(st_net_drops, count).ST_FIELD(st_net_drops, last_ns);
  l.ST_STRUCT(st_net_bytes)
      .ST_FIELD(st_net_bytes, tx_bytes).ST_FIELD(st_net_bytes, rx_bytes)
      .ST_FIELD(st_net_bytes, tgid).ST_FIELD(st_net_bytes, pad);
  l.ST_STRUCT(st_tcp_rec)
      .ST_FIELD(st_tcp_rec, kind).ST_FIELD(st_tcp_rec, tgid).ST_FIELD(st_tcp_rec, inode)
      .ST_FIELD(st_tcp_rec, sk).ST_FIELD(st_tcp_rec, family).ST_FIELD(st_tcp_rec, sport)
      .ST_FIELD(st_tcp_rec, dport).ST_FIELD(st_tcp_rec, state).ST_FIELD(st_tcp_rec, pad)
      .ST_FIELD(st_tcp_rec, uid).ST_FIELD(st_tcp_rec, saddr).ST_FIELD(st_tcp_rec, daddr)
      .ST_FIELD(st_tcp_rec, pad3).ST_FIELD(st_tcp_rec, tx_bytes).ST_FIELD(st_tcp_rec, rx_bytes)
      .ST_FIELD(st_tcp_rec, has_bytes).ST_FIELD(st_tcp_rec, pad2).ST_FIELD(st_tcp_rec, comm);
  l.ST_STRUCT(st_conn_event)
      .ST_FIELD(st_conn_event, kind).ST_FIELD(st_conn_event, tgid).ST_FIELD(st_conn_event, sk)
      .ST_FIELD(st_conn_event, time_ns).ST_FIELD(st_conn_event, family)
      .ST_FIELD(st_conn_event, sport).ST_FIELD(st_conn_event, dport)
      .ST_FIELD(st_conn_event, oldstate).ST_FIELD(st_conn_event, pad)
      .ST_FIELD(st_conn_event, saddr).ST_FIELD(st_conn_event, daddr)
      .ST_FIELD(st_conn_event, tx_bytes).ST_FIELD(st_conn_event, rx_bytes);
  // bpf/hw.h
  l.ST_STRUCT(st_thermal)
      .ST_FIELD(st_thermal, temp_mc).ST_FIELD(st_thermal, last_temp_mc).ST_FIELD(st_thermal, events)
      .ST_FIELD(st_thermal, time_ns).ST_FIELD(st_thermal, type).ST_FIELD(st_thermal, pad);
  l.ST_STRUCT(st_cpufreq)
      .ST_FIELD(st_cpufreq, khz).ST_FIELD(st_cpufreq, pad).ST_FIELD(st_cpufreq, events)
      .ST_FIELD(st_cpufreq, time_ns);
  // bpf/dma_fence.h
  l.ST_STRUCT(st_fence_key).ST_FIELD(st_fence_key, context).ST_FIELD(st_fence_key, seqno);
  l.ST_STRUCT(st_fence_emit)
      .ST_FIELD(st_fence_emit, emit_ns).ST_FIELD(st_fence_emit, tgid).ST_FIELD(st_fence_emit, pad);
  l.ST_STRUCT(st_fence_stats)
      .ST_FIELD(st_fence_stats, emitted).ST_FIELD(st_fence_stats, signaled).ST_FIELD(st_fence_stats, busy_ns);
  l.ST_STRUCT(st_fence_totals)
      .ST_FIELD(st_fence_totals, emits).ST_FIELD(st_fence_totals, signals).ST_FIELD(st_fence_totals, matched);
  return l.all;
}

#undef ST_STRUCT
#undef ST_FIELD

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
  add("runTimeNs", RunTimeNs);
  add("enableStats", EnableStats);
  add("disableStats", DisableStats);
  exports.Set("recordLayouts", RecordLayouts(env));
  exports.Set("libbpfVersion", Napi::String::New(env, libbpf_version_string()));
}

}  // namespace
}  // namespace smoothtask

SMOOTHTASK_MODULE(bpf, smoothtask::Init);
