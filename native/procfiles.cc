// SPDX-License-Identifier: MIT
// The "procfiles" native module: a pass's slow facts files (cmdline, status, cgroup of
// /proc/PID) read ahead in one call, for the processes the read plan names, on a few threads.
// On a first pass every process is new and each needs its cmdline and status: 10,000 opens at
// 5,000 processes, which one JavaScript thread read one after another (open, read, close, each a
// call into Node with its own error object on failure) while the screen waited for its first
// frame. Here each is a plain syscall, and they are spread over the CPUs the process may run on
// (the kernel's work on procfs files of different processes runs in parallel): bench/README.md,
// 'Facts read ahead'.
//
// Only bytes come back; the parsing stays in src/collectors/processes/parse.ts. Of status, only
// the lines the facts parsers read are kept (their keys come with the call): the rest, nine
// tenths of its bytes, would only be decoded into strings on the JavaScript thread and left for
// the collector, at a first frame 5,000 of them (bench/README.md, 'Status lines kept'). The
// outcomes are src/collectors/processes/files.ts's, decided as it decides them: a file that is
// denied, or absent (or empty) while its process's folder is still there, is told apart from a
// process that is gone; any other failure is thrown, naming the file, once every thread has
// finished.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "module.h"
#include "shares.h"
#include "thread_job.h"

namespace smoothtask {
namespace {

// The files, by slot, in the order facts.ts reads them; a process's mask has bit (1 << slot) for
// each file asked of it.
constexpr int kSlotsPerProcess = 3;
constexpr const char* kFileNames[kSlotsPerProcess] = {"cmdline", "cgroup", "status"};
constexpr int kCmdline = 0;
constexpr int kStatus = 2;

// An entry's outcome (src/native/procfiles.ts FILE_OUTCOME).
enum Outcome : uint32_t { kRead = 0, kAbsent = 2, kDenied = 3, kGone = 4, kNotAsked = 6 };

struct Entry {
  uint32_t outcome;
  uint32_t offset;
  uint32_t length;
};

// The buffer starts with four u32s: processes, bytes per entry, where the file bytes start and
// how many there are. Then kSlotsPerProcess entries per process, then the bytes.
constexpr size_t kHeaderBytes = 16;
// A file larger than this is not one of these (readfile.ts readBytesSync's default cap).
constexpr size_t kMaxFileBytes = 4 * 1024 * 1024;
// Processes a thread at least (shares.h ShareCount).
constexpr size_t kPerThreadAtLeast = 128;

bool IsGone(int err) { return err == ENOENT || err == ESRCH || err == ENOTDIR; }
bool IsDenied(int err) { return err == EACCES || err == EPERM; }

// One thread's share: its bytes (offsets in its entries are into these), and the first failure
// that is neither a vanished process nor a denied file.
struct Share {
  std::string bytes;
  int err = 0;
  const char* syscall = nullptr;
  std::string path;
  // What was thrown on this thread (out of memory, in practice): thrown there, it would end the
  // process, so it is kept and thrown on the calling thread.
  std::string thrown;
};

// Read root/pid/name whole into share->bytes: up to `cap` bytes; a single-record file (status)
// stops at its first short read (readfile.ts readSingleRecordSync), the others read on to the end.
// `empty_is_read`: an empty file is an empty read (cmdline of a kernel thread or a zombie), not a
// vanished process.
Entry ReadOne(const std::string& dir, int slot, size_t cap, Share* share) {
  const std::string path = dir + "/" + kFileNames[slot];
  const bool single_record = slot == kStatus;
  const bool empty_is_read = slot == kCmdline;
  auto vanished = [&]() { return access(dir.c_str(), F_OK) == 0 ? kAbsent : kGone; };
  auto failed = [&](const char* syscall, int err) -> Entry {
    if (IsGone(err)) return Entry{vanished(), 0, 0};
    if (IsDenied(err)) return Entry{kDenied, 0, 0};
    if (share->err == 0) {
      share->err = err;
      share->syscall = syscall;
      share->path = path;
    }
    return Entry{kAbsent, 0, 0};
  };
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return failed("open", errno);
  const size_t start = share->bytes.size();
  size_t len = 0;
  for (;;) {
    if (len >= cap) break;
    const size_t room = std::min<size_t>(cap - len, std::max<size_t>(4096, len));
    share->bytes.resize(start + len + room);
    ssize_t n = pread(fd, &share->bytes[start + len], room, static_cast<off_t>(len));
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      close(fd);
      share->bytes.resize(start);
      return failed("pread", err);
    }
    len += static_cast<size_t>(n);
    if (n == 0 || (single_record && static_cast<size_t>(n) < room)) break;
  }
  close(fd);
  share->bytes.resize(start + len);
  if (len == 0 && !empty_is_read) return Entry{vanished(), 0, 0};
  return Entry{kRead, static_cast<uint32_t>(start), static_cast<uint32_t>(len)};
}

// Of the `len` bytes at `start` (a status file), keep the lines whose key (the text before their
// ':') is one of `keys`, in their order, and drop the rest. Returns the kept length.
size_t KeepKeyedLines(std::string* bytes, size_t start, size_t len, const std::vector<std::string>& keys) {
  char* text = &(*bytes)[start];
  size_t kept = 0;
  for (size_t line = 0; line < len;) {
    const void* newline = memchr(text + line, '\n', len - line);
    const size_t end = newline == nullptr ? len : static_cast<size_t>(static_cast<const char*>(newline) - text) + 1;
    const std::string_view l(text + line, end - line);
    for (const std::string& key : keys) {
      if (l.size() > key.size() && l.compare(0, key.size(), key) == 0 && l[key.size()] == ':') {
        memmove(text + kept, text + line, end - line);
        kept += end - line;
        break;
      }
    }
    line = end;
  }
  bytes->resize(start + kept);
  return kept;
}

// One call's question, copied out of its JavaScript arguments, so that a thread of its own can
// answer it while JavaScript goes on.
struct Request {
  std::string root;
  std::vector<double> pids;
  std::vector<uint8_t> masks;
  size_t cmdline_cap = 0;
  // The status lines to keep, by key.
  std::vector<std::string> status_keys;
};

// (root, pids, masks, cmdlineCap, statusKeys) from a call's arguments; throws a TypeError or
// RangeError.
Request RequestOf(const Napi::CallbackInfo& info, const char* usage) {
  Napi::Env env = info.Env();
  if (info.Length() < 5 || !info[0].IsString() || !info[1].IsTypedArray() || !info[2].IsTypedArray() || !info[3].IsNumber() || !info[4].IsArray()) {
    throw Napi::TypeError::New(env, usage);
  }
  Napi::TypedArray pids_array = info[1].As<Napi::TypedArray>();
  Napi::TypedArray masks_array = info[2].As<Napi::TypedArray>();
  if (pids_array.TypedArrayType() != napi_float64_array || masks_array.TypedArrayType() != napi_uint8_array ||
      masks_array.ElementLength() != pids_array.ElementLength()) {
    throw Napi::TypeError::New(env, "pids must be a Float64Array and masks a Uint8Array of the same length");
  }
  const double cmdline_cap = info[3].As<Napi::Number>().DoubleValue();
  if (!(cmdline_cap >= 0) || cmdline_cap > static_cast<double>(kMaxFileBytes)) throw Napi::RangeError::New(env, "cmdlineCap out of range");
  const double* pids = pids_array.As<Napi::Float64Array>().Data();
  const uint8_t* masks = masks_array.As<Napi::Uint8Array>().Data();
  const size_t count = pids_array.ElementLength();
  Napi::Array keys_array = info[4].As<Napi::Array>();
  std::vector<std::string> status_keys;
  for (uint32_t k = 0; k < keys_array.Length(); k++) {
    Napi::Value key = keys_array.Get(k);
    if (!key.IsString()) throw Napi::TypeError::New(env, "statusKeys must be strings");
    status_keys.push_back(key.As<Napi::String>().Utf8Value());
  }
  return Request{info[0].As<Napi::String>().Utf8Value(), std::vector<double>(pids, pids + count), std::vector<uint8_t>(masks, masks + count),
                 static_cast<size_t>(cmdline_cap), std::move(status_keys)};
}

// What the threads read for a Request: an entry per process and slot, and each share's bytes.
struct Reads {
  std::vector<Entry> entries;
  std::vector<Share> shares;
};

// For process i (pids[i]), the files masks[i] asks for; cmdline up to cmdline_cap bytes. Once a
// process is found gone, its files after that one are not read. Throws nothing: what a thread
// meets is kept in its share, for Answer.
Reads ReadAll(const Request& req) {
  const size_t count = req.pids.size();
  Reads reads{std::vector<Entry>(count * kSlotsPerProcess, Entry{kNotAsked, 0, 0}), std::vector<Share>(ShareCount(count, kPerThreadAtLeast))};
  const size_t threads = reads.shares.size();
  auto work = [&](size_t t) {
    const ShareRange range = RangeOf(t, threads, count);
    try {
      for (size_t i = range.begin; i < range.end; i++) {
        const std::string dir = req.root + "/" + std::to_string(static_cast<int64_t>(req.pids[i]));
        for (int slot = 0; slot < kSlotsPerProcess; slot++) {
          if ((req.masks[i] & (1u << slot)) == 0) continue;
          const size_t cap = slot == kCmdline ? req.cmdline_cap : kMaxFileBytes;
          Entry e = ReadOne(dir, slot, cap, &reads.shares[t]);
          if (slot == kStatus && e.outcome == kRead) e.length = static_cast<uint32_t>(KeepKeyedLines(&reads.shares[t].bytes, e.offset, e.length, req.status_keys));
          reads.entries[i * kSlotsPerProcess + slot] = e;
          if (e.outcome == kGone) break;
        }
      }
    } catch (const std::exception& e) {
      reads.shares[t].thrown = e.what();
    }
  };
  RunShares(threads, work);
  return reads;
}

// The ArrayBuffer (the layout above) of what was read, or the first failure thrown, naming the file.
Napi::Value Answer(Napi::Env env, const std::string& root, Reads& reads) {
  std::vector<Entry>& entries = reads.entries;
  const size_t threads = reads.shares.size();
  const size_t count = entries.size() / kSlotsPerProcess;
  size_t bytes = 0;
  for (const Share& s : reads.shares) {
    if (!s.thrown.empty()) throw Napi::Error::New(env, "readFiles: " + s.thrown + " while reading under " + root);
    if (s.err != 0) throw MakeSysError(env, s.syscall, s.err, s.path + ": " + strerror(s.err));
    bytes += s.bytes.size();
  }
  if (bytes > UINT32_MAX) throw Napi::RangeError::New(env, "the files read come to more than 4 GiB: read fewer processes a call");
  const size_t entry_bytes = entries.size() * sizeof(Entry);
  Napi::ArrayBuffer out = Napi::ArrayBuffer::New(env, kHeaderBytes + entry_bytes + bytes);
  auto* base = static_cast<uint8_t*>(out.Data());
  const uint32_t header[4] = {static_cast<uint32_t>(count), static_cast<uint32_t>(sizeof(Entry)), static_cast<uint32_t>(kHeaderBytes + entry_bytes),
                              static_cast<uint32_t>(bytes)};
  memcpy(base, header, sizeof header);
  // Each share's offsets become offsets into the one run of bytes.
  size_t share_start = 0;
  for (size_t t = 0; t < threads; t++) {
    const ShareRange range = RangeOf(t, threads, count);
    for (size_t i = range.begin; i < range.end; i++) {
      for (int slot = 0; slot < kSlotsPerProcess; slot++) {
        Entry& e = entries[i * kSlotsPerProcess + slot];
        if (e.outcome == kRead) e.offset += static_cast<uint32_t>(share_start);
      }
    }
    const std::string& share_bytes = reads.shares[t].bytes;
    if (!share_bytes.empty()) memcpy(base + kHeaderBytes + entry_bytes + share_start, share_bytes.data(), share_bytes.size());
    share_start += share_bytes.size();
  }
  if (entry_bytes > 0) memcpy(base + kHeaderBytes, entries.data(), entry_bytes);
  return out;
}

// readFiles(root, pids, masks, cmdlineCap, statusKeys) → Promise<ArrayBuffer> (the layout above),
// read on a thread of its own (not libuv's pool, which a stuck statfs or a hung disk can hold up)
// while the calling thread goes on: a first pass's other work is done while the kernel formats
// its 10,000 files (bench/README.md, 'Facts read ahead while the screen starts'), and a read that
// blocks in the kernel (a cmdline behind a process's mmap lock) holds up the sample waiting for
// it, not the thread that draws the screen. The read keeps the process alive until it is
// answered, as the call that waited for it did.
Napi::Value ReadFiles(const Napi::CallbackInfo& info) {
  auto req = std::make_shared<Request>(RequestOf(info, "readFiles(root, pids, masks, cmdlineCap, statusKeys)"));
  auto reads = std::make_shared<Reads>();
  return StartThreadJob(
      info.Env(), "smoothtask-procfiles", true, [req, reads]() { *reads = ReadAll(*req); },
      [req, reads](Napi::Env env) { return Answer(env, req->root, *reads); });
}

void Init(Napi::Env env, Napi::Object exports) {
  exports.Set("readFiles", Napi::Function::New(env, ReadFiles, "readFiles"));
}

}  // namespace
}  // namespace smoothtask

SMOOTHTASK_MODULE(procfiles, smoothtask::Init);
