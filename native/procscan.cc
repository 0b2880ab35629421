// SPDX-License-Identifier: MIT
// The "procscan" native module: the /proc process scan in one call (the unprivileged path's, and
// the first pass of every path, before the BPF programs load). A Scanner lists a /proc root (the
// root passed in: the live /proc or a recorded tree), reads every process's stat through a file
// it keeps open between calls (pread at offset 0: procfs formats the record anew on each read
// from the start, and the open and close cost more than the read; a pass that opens hundreds of
// them reads on a few threads first, ReadInShares), parses the fields the processes collector
// uses, and returns one ArrayBuffer: a header, a
// fixed-layout record per process (struct ProcScanRecord) and a side table of strings (comm),
// which src/native/procscan.ts reads in place, as the task iterator's records are read.
//
// The parse is src/collectors/processes/parse.ts parseStat's, byte for byte where the text after
// comm is ASCII (the kernel writes nothing else there): the same split on single spaces, the same
// digit sums in doubles, the same rejections. Where it is not (a recorded or hostile tree), the
// record carries the whole stat text instead and the TypeScript parser reads it, so both paths
// give the same result on any input. A kept file stays bound to its process: once that process is
// gone a read fails (ESRCH), the file is closed, and the pid's stat is opened afresh.
//
// readCounters reads the counter files the read plan (src/collectors/processes/plan.ts) asks for
// one process this pass (statm, io, schedstat) and parses them as parse.ts does, on any input: it
// trims what String.prototype.trim trims and converts digits as Number() does (strtod rounds
// correctly, as Number does).
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "module.h"
#include "shares.h"

namespace smoothtask {
namespace {

// One process of a scan. Numbers are doubles, as parseStat computes them (digit sums past 2^53
// round the same way). comm (or, with kRaw, the whole stat text) is strings[comm_offset, +length).
struct ProcScanRecord {
  double pid;
  double ppid;
  double flags;
  double cpu_ticks;
  double priority;
  double nice;
  double threads;
  double start_time;
  double vsize;
  double rss_pages;
  uint32_t comm_offset;
  uint32_t comm_length;
  uint32_t state;
  uint32_t bits;
};

// ProcScanRecord.bits.
constexpr uint32_t kHasVsize = 1;
constexpr uint32_t kHasRss = 2;
// Not parsed here (bytes past 0x7f after comm): only pid (the folder's) and the text are set.
constexpr uint32_t kRaw = 4;

// The buffer scan() returns starts with these four u32s: records, sizeof(ProcScanRecord), and
// where the strings start and how long they are.
constexpr size_t kHeaderBytes = 16;

// The last stat field read (24, rss).
constexpr int kLastField = 24;
// A record larger than this is not a stat file (readfile.ts readSingleRecordSync's cap).
constexpr size_t kMaxRecordBytes = 4 * 1024 * 1024;

bool IsGone(int err) { return err == ENOENT || err == ESRCH || err == ENOTDIR; }
bool IsDenied(int err) { return err == EACCES || err == EPERM; }

// parse.ts integerIn: an optional '-' then 1 to 20 digits in text[start, end), summed in a double.
bool IntegerIn(std::string_view text, size_t start, size_t end, double* out) {
  if (start >= end) return false;
  bool negative = text[start] == '-';
  size_t i = negative ? start + 1 : start;
  if (i >= end || end - i > 20) return false;
  double n = 0;
  for (; i < end; i++) {
    int d = static_cast<unsigned char>(text[i]) - '0';
    if (d < 0 || d > 9) return false;
    n = n * 10 + d;
  }
  *out = negative ? -n : n;
  return true;
}

// parse.ts parseStat over bytes; false where it gives undefined. The caller has checked that the
// text after the last ')' is ASCII.
bool ParseStat(std::string_view text, size_t open, size_t close, ProcScanRecord* r) {
  size_t pid_start = 0;
  size_t pid_end = open;
  while (pid_start < pid_end && static_cast<unsigned char>(text[pid_start]) <= 32) pid_start++;
  while (pid_end > pid_start && static_cast<unsigned char>(text[pid_end - 1]) <= 32) pid_end--;
  double pid;
  if (!IntegerIn(text, pid_start, pid_end, &pid) || text[pid_start] == '-') return false;
  size_t start[kLastField + 1] = {};
  size_t end[kLastField + 1] = {};
  int fields = 2;
  const size_t len = text.size();
  for (size_t pos = close + 2; fields < kLastField && pos <= len;) {
    fields++;
    size_t space = text.find(' ', pos);
    start[fields] = pos;
    end[fields] = space == std::string_view::npos ? len : space;
    pos = space == std::string_view::npos ? len + 1 : space + 1;
  }
  if (fields < 23) return false;
  auto value = [&](int field, double* out) { return field <= fields && IntegerIn(text, start[field], end[field], out); };
  auto unsigned_value = [&](int field, double* out) { return value(field, out) && *out >= 0; };
  double utime, stime;
  if (end[3] - start[3] != 1 || !unsigned_value(4, &r->ppid) || !unsigned_value(9, &r->flags) || !unsigned_value(14, &utime) ||
      !unsigned_value(15, &stime) || !value(18, &r->priority) || !value(19, &r->nice) || !unsigned_value(20, &r->threads) ||
      !unsigned_value(22, &r->start_time)) {
    return false;
  }
  r->pid = pid;
  r->state = static_cast<unsigned char>(text[start[3]]);
  r->cpu_ticks = utime + stime;
  r->bits = 0;
  if (unsigned_value(23, &r->vsize)) r->bits |= kHasVsize;
  if (unsigned_value(24, &r->rss_pages)) r->bits |= kHasRss;
  return true;
}

// ---- the counter files --------------------------------------------------------------------

// readCounters' files (a mask) and its out slots, as src/native/procscan.ts names them.
constexpr uint32_t kStatm = 1;
constexpr uint32_t kIo = 2;
constexpr uint32_t kSchedstat = 4;
enum Slot { kStatmSize, kStatmResident, kStatmShared, kIoRead, kIoWrite, kWaitNs, kStatmOutcome, kIoOutcome, kSchedstatOutcome, kSlots };
// What a read of one file gave: parsed, read but not parsed, absent (the process is there),
// denied, the process gone.
enum Outcome { kParsed = 0, kUnparsed = 1, kAbsent = 2, kDenied = 3, kGone = 4 };

// The length of the whitespace or line terminator String.prototype.trim removes at text[i]
// (ECMA-262 WhiteSpace and LineTerminator, in UTF-8), or 0.
size_t SpaceAt(std::string_view text, size_t i) {
  auto c = [&](size_t k) { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0; };
  unsigned char b = c(0);
  if (b == ' ' || (b >= 9 && b <= 13)) return 1;
  if (b == 0xC2 && c(1) == 0xA0) return 2;                                    // U+00A0
  if (b == 0xE1 && c(1) == 0x9A && c(2) == 0x80) return 3;                    // U+1680
  if (b == 0xE2 && c(1) == 0x80 && (c(2) <= 0x8A || c(2) == 0xA8 || c(2) == 0xA9 || c(2) == 0xAF) && c(2) >= 0x80) return 3;  // U+2000-200A, 2028, 2029, 202F
  if (b == 0xE2 && c(1) == 0x81 && c(2) == 0x9F) return 3;                    // U+205F
  if (b == 0xE3 && c(1) == 0x80 && c(2) == 0x80) return 3;                    // U+3000
  if (b == 0xEF && c(1) == 0xBB && c(2) == 0xBF) return 3;                    // U+FEFF
  return 0;
}

// String.prototype.trim over UTF-8 bytes. A multi-byte space at the end is one only where its
// first byte starts it (a lead byte is never a continuation, so the decoder starts there too).
std::string_view Trim(std::string_view text) {
  size_t start = 0;
  for (size_t n; start < text.size() && (n = SpaceAt(text, start)) > 0;) start += n;
  size_t end = text.size();
  while (end > start) {
    if (SpaceAt(text, end - 1) == 1) {
      end--;
    } else if (end - start >= 2 && SpaceAt(text, end - 2) == 2) {
      end -= 2;
    } else if (end - start >= 3 && SpaceAt(text, end - 3) == 3) {
      end -= 3;
    } else {
      break;
    }
  }
  return text.substr(start, end - start);
}

// parse.ts UNSIGNED (1 to 20 ASCII digits) and Number() of it.
bool Unsigned(std::string_view text, double* out) {
  if (text.empty() || text.size() > 20) return false;
  char digits[21];
  for (size_t i = 0; i < text.size(); i++) {
    if (text[i] < '0' || text[i] > '9') return false;
    digits[i] = text[i];
  }
  digits[text.size()] = '\0';
  *out = strtod(digits, nullptr);
  return true;
}

// The first `want` pieces of text split on single spaces (String.prototype.split(' ')); false
// when there are fewer.
bool SplitSpaces(std::string_view text, size_t want, std::string_view* out) {
  size_t pos = 0;
  for (size_t k = 0; k < want; k++) {
    if (pos > text.size()) return false;
    size_t space = text.find(' ', pos);
    size_t end = space == std::string_view::npos ? text.size() : space;
    out[k] = text.substr(pos, end - pos);
    pos = space == std::string_view::npos ? text.size() + 1 : space + 1;
  }
  return true;
}

// parse.ts parseStatm, in pages.
bool ParseStatm(std::string_view text, double* pages) {
  std::string_view f[3];
  return SplitSpaces(Trim(text), 3, f) && Unsigned(f[0], &pages[0]) && Unsigned(f[1], &pages[1]) && Unsigned(f[2], &pages[2]);
}

// parse.ts parseSchedstatWaitNs.
bool ParseSchedstatWait(std::string_view text, double* ns) {
  std::string_view f[2];
  return SplitSpaces(Trim(text), 2, f) && Unsigned(f[1], ns);
}

// parse.ts parseIo: the last read_bytes and write_bytes lines whose value is unsigned.
bool ParseIo(std::string_view text, double* read_bytes, double* write_bytes) {
  bool have_read = false;
  bool have_write = false;
  for (size_t pos = 0; pos <= text.size();) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, (nl == std::string_view::npos ? text.size() : nl) - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    size_t colon = line.find(": ");
    if (colon == std::string_view::npos) continue;
    std::string_view key = line.substr(0, colon);
    double value;
    if (!Unsigned(Trim(line.substr(colon + 2)), &value)) continue;
    if (key == "read_bytes") {
      *read_bytes = value;
      have_read = true;
    } else if (key == "write_bytes") {
      *write_bytes = value;
      have_write = true;
    }
  }
  return have_read && have_write;
}

// Read dir/name whole into `text` (files.ts readText and readfile.ts readSingleRecordSync): the
// outcome, with kGone for an empty file or a vanished one, checked as files.ts
// readOptionalOrDenied checks it: gone only when the folder is gone too.
Outcome ReadFile(Napi::Env env, const std::string& dir, const char* name, std::string* text) {
  std::string path = dir + "/" + name;
  auto vanished = [&]() { return access(dir.c_str(), F_OK) == 0 ? kAbsent : kGone; };
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (IsGone(err)) return vanished();
    if (IsDenied(err)) return kDenied;
    throw MakeSysError(env, "open", err, path + ": " + strerror(err));
  }
  if (text->size() < 4096) text->resize(4096);
  size_t len = 0;
  for (;;) {
    if (len == text->size()) {
      if (len >= kMaxRecordBytes) break;
      text->resize(std::min(text->size() * 2, kMaxRecordBytes));
    }
    ssize_t n = pread(fd, &(*text)[len], text->size() - len, static_cast<off_t>(len));
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      close(fd);
      if (IsGone(err)) return vanished();
      if (IsDenied(err)) return kDenied;
      throw MakeSysError(env, "pread", err, path + ": " + strerror(err));
    }
    bool whole = len == 0 && static_cast<size_t>(n) < text->size();
    len += static_cast<size_t>(n);
    if (n == 0 || whole) break;
  }
  close(fd);
  text->resize(len);
  return len == 0 ? vanished() : kParsed;
}

// readCounters(dir, files, out): read and parse the files of `files` (kStatm | kIo | kSchedstat)
// of the process in `dir` into out (a Float64Array of kSlots): the numbers, and per file its
// Outcome. A file not asked for gets no outcome; the caller does not look at it.
Napi::Value ReadCounters(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[0].IsString() || !info[1].IsNumber() || !info[2].IsTypedArray()) {
    throw Napi::TypeError::New(env, "readCounters(dir, files, out)");
  }
  std::string dir = info[0].As<Napi::String>().Utf8Value();
  uint32_t files = info[1].As<Napi::Number>().Uint32Value();
  Napi::TypedArray typed = info[2].As<Napi::TypedArray>();
  if (typed.TypedArrayType() != napi_float64_array || typed.ElementLength() < kSlots) throw Napi::TypeError::New(env, "out must be a Float64Array of 9");
  double* out = typed.As<Napi::Float64Array>().Data();
  std::string text;
  if (files & kStatm) {
    Outcome o = ReadFile(env, dir, "statm", &text);
    if (o == kParsed && !ParseStatm(text, &out[kStatmSize])) o = kUnparsed;
    out[kStatmOutcome] = o;
    if (o == kGone) return env.Undefined();
  }
  if (files & kIo) {
    Outcome o = ReadFile(env, dir, "io", &text);
    if (o == kParsed && !ParseIo(text, &out[kIoRead], &out[kIoWrite])) o = kUnparsed;
    out[kIoOutcome] = o;
    if (o == kGone) return env.Undefined();
  }
  if (files & kSchedstat) {
    Outcome o = ReadFile(env, dir, "schedstat", &text);
    if (o == kParsed && !ParseSchedstatWait(text, &out[kWaitNs])) o = kUnparsed;
    out[kSchedstatOutcome] = o;
  }
  return env.Undefined();
}

// ---- the scan -----------------------------------------------------------------------------

class Scanner : public Napi::ObjectWrap<Scanner> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Scanner", {InstanceMethod("scan", &Scanner::Scan), InstanceMethod("close", &Scanner::Close)});
  }

  // new Scanner(maxKept): at most maxKept stat files are kept open (src/native/procscan.ts
  // passes a share of RLIMIT_NOFILE); past that they are opened, read and closed, and when opens
  // run out of descriptors anyway, the scanner keeps half as many.
  explicit Scanner(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Scanner>(info) {
    if (info.Length() < 1 || !info[0].IsNumber()) throw Napi::TypeError::New(info.Env(), "maxKept must be a number");
    max_kept_ = static_cast<size_t>(info[0].As<Napi::Number>().Int64Value());
  }

  ~Scanner() override { CloseAll(); }

 private:
  struct Kept {
    int fd;
    uint64_t pass;
  };

  // scan(root) → ArrayBuffer: every process root lists whose stat reads and parses (or, kRaw, is
  // left to the TypeScript parser), in listing order. A process that vanished or whose stat is
  // denied is left out, as one whose stat names another pid than its folder.
  Napi::Value Scan(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "root must be a string");
    std::string root = info[0].As<Napi::String>().Utf8Value();
    // Kept files are keyed by pid: a scan of another root starts afresh.
    if (root != root_) CloseAll();
    root_ = root;
    DIR* dir = opendir(root.c_str());
    if (dir == nullptr) throw MakeSysError(env, "opendir", errno, root + ": " + strerror(errno));
    pass_++;
    records_.clear();
    strings_.clear();
    const int dfd = dirfd(dir);
    // The whole listing first, so that the files this pass will keep are counted before any opens.
    pids_.clear();
    int err = 0;
    for (;;) {
      errno = 0;
      struct dirent* entry = readdir(dir);
      if (entry == nullptr) {
        err = errno;
        break;
      }
      double pid;
      if (FolderPid(entry->d_name, &pid)) pids_.push_back(pid);
    }
    if (err != 0) {
      closedir(dir);
      throw MakeSysError(env, "readdir", err, root + ": " + strerror(err));
    }
    const size_t to_open = NotKept();
    GrowDescriptorTable(dfd, to_open);
    // A pass that opens many files (the first; after a burst of new processes; every pass where
    // the bound keeps fewer files than there are processes) reads them on a few threads, where
    // there are CPUs for them; the others read their kept files one by one, where threads cost
    // more CPU than they save (bench/README.md, 'The stat scan on a few threads').
    if (to_open < kOpensForThreads || ShareCount(pids_.size(), kStatsAShareAtLeast) < 2) {
      ReadSerially(env, dir, dfd);
    } else {
      ReadInShares(env, dir, dfd);
    }
    closedir(dir);
    for (auto it = kept_.begin(); it != kept_.end();) {
      if (it->second.pass == pass_) {
        ++it;
        continue;
      }
      close(it->second.fd);
      it = kept_.erase(it);
    }
    return Pack(env);
  }

  // The listed processes' stat files, one by one, on the calling thread. Closes `dir` on a throw.
  void ReadSerially(Napi::Env env, DIR* dir, int dfd) {
    try {
      for (double pid : pids_) ReadProcess(env, dfd, pid);
    } catch (...) {
      closedir(dir);
      throw;
    }
  }

  // The listed processes' stat files read ahead on a few threads (ReadAhead), then parsed and
  // kept in listing order on the calling thread. Closes `dir` on a throw.
  void ReadInShares(Napi::Env env, DIR* dir, int dfd) {
    // The last pass's entries name files kept or closed since: none may be let go by this one.
    ahead_.clear();
    size_t i = 0;
    try {
      // The first files not kept yet are kept, as many as there is room for, in listing order.
      std::vector<bool> keep(pids_.size(), false);
      size_t room = max_kept_ > kept_.size() ? max_kept_ - kept_.size() : 0;
      for (size_t k = 0; k < pids_.size() && room > 0; k++) {
        if (kept_.find(static_cast<int64_t>(pids_[k])) == kept_.end()) {
          keep[k] = true;
          room--;
        }
      }
      ReadAhead(dfd, keep);
      for (; i < pids_.size(); i++) {
        const Ahead& a = ahead_[i];
        const int64_t key = static_cast<int64_t>(pids_[i]);
        if (!a.ok) {
          // Out of descriptors: the files held for the processes after this one are let go (read
          // already, they are parsed, only not kept), so that ReadProcess can open and recover as
          // the serial scan does.
          if (a.err == EMFILE || a.err == ENFILE) ReleaseAheadFrom(i + 1);
          ReadProcess(env, dfd, pids_[i]);
          continue;
        }
        if (a.opened && a.fd >= 0) {
          // Out of descriptors, ReadProcess may have lowered the bound since; a pid listed twice
          // (07 and 7 in a recorded tree) keeps its first file.
          if (kept_.size() >= max_kept_ || !kept_.emplace(key, Kept{a.fd, pass_}).second) close(a.fd);
        } else if (!a.opened) {
          // Kept and read; out of descriptors, ReadProcess may have closed them all since.
          auto kept = kept_.find(key);
          if (kept != kept_.end()) kept->second.pass = pass_;
        }
        Take(pids_[i], std::string_view(share_bytes_[a.share]).substr(a.offset, a.length));
      }
    } catch (...) {
      // The files opened ahead to be kept for the processes after the one that failed: closed.
      ReleaseAheadFrom(i + 1);
      closedir(dir);
      throw;
    }
    ReleaseShares();
  }

  // Close the files ReadAhead opened and holds for the processes from `first` on (they are not
  // kept then).
  void ReleaseAheadFrom(size_t first) {
    for (size_t j = first; j < ahead_.size(); j++) {
      if (ahead_[j].opened && ahead_[j].fd >= 0) {
        close(ahead_[j].fd);
        ahead_[j].fd = -1;
      }
    }
  }

  // close(): close the kept files and give back the buffers a scan grew. The scanner can go on
  // (it opens the files again, and its buffers grow again). The /proc backend calls it when
  // another backend's list has taken over (src/collectors/processes/proc.ts fill()): the first
  // frame's scan would otherwise hold thousands of files and megabytes of buffers for nothing.
  Napi::Value Close(const Napi::CallbackInfo& info) {
    CloseAll();
    std::vector<double>().swap(pids_);
    ReleaseShares();
    std::string().swap(text_);
    std::vector<ProcScanRecord>().swap(records_);
    std::string().swap(strings_);
    return info.Env().Undefined();
  }

  // The text a pass read on threads, given back once parsed: such a pass (the first, a burst of
  // new processes) is rare, and the others read one file at a time into text_, so the shares'
  // megabytes would stay resident until the next (bench/README.md, 'The first scan's buffers').
  // Where the bound keeps fewer files than there are processes every pass reads on threads, and
  // grows them again: a few page faults for each of the thousands of reads it makes anyway.
  void ReleaseShares() {
    std::vector<Ahead>().swap(ahead_);
    std::vector<std::string>().swap(share_bytes_);
    std::vector<std::string>().swap(share_scratch_);
  }

  void CloseAll() {
    for (auto& [pid, kept] : kept_) close(kept.fd);
    kept_.clear();
  }

  // How many listed processes have no kept file: the files this pass opens.
  size_t NotKept() const {
    size_t n = 0;
    for (double pid : pids_) {
      if (kept_.find(static_cast<int64_t>(pid)) == kept_.end()) n++;
    }
    return n;
  }

  // Make room in the process's descriptor table, at once, for the stat files this pass will open
  // and keep. The kernel grows the table by doubling as descriptors are taken, and in a process
  // with threads (Node's) each growth waits for an RCU grace period: a first pass that keeps
  // thousands of files paid for a dozen of them (bench/README.md, 'The descriptor table grown
  // once'). Taking one descriptor past the highest the pass can reach grows it once; closing it
  // leaves the table as large. A failure (the limit is lower) leaves the growth to the opens.
  void GrowDescriptorTable(int dfd, size_t to_open) {
    const size_t room = max_kept_ > kept_.size() ? max_kept_ - kept_.size() : 0;
    const size_t to_keep = std::min(to_open, room);
    if (to_keep < kGrowAtLeast) return;
    // New descriptors take the lowest free numbers, and every number below dfd was taken when
    // opendir took the lowest: this pass's fall below dfd + to_keep, or among numbers the table
    // covers already, unless other threads open files meanwhile (then the opens grow it again,
    // once or twice at most).
    const int probe = fcntl(dfd, F_DUPFD_CLOEXEC, static_cast<int>(static_cast<size_t>(dfd) + to_keep));
    if (probe >= 0) close(probe);
  }

  // A /proc entry that names a process: digits only (the TypeScript scanner takes a name that
  // starts with a digit and reads the folder its Number names; a non-numeric one is not there).
  static bool FolderPid(const char* name, double* pid) {
    size_t n = strlen(name);
    if (n == 0 || n > 10) return false;
    double v = 0;
    for (size_t i = 0; i < n; i++) {
      if (name[i] < '0' || name[i] > '9') return false;
      v = v * 10 + (name[i] - '0');
    }
    *pid = v;
    return true;
  }

  // Read the whole record open as `fd` from offset 0 into `scratch` (readfile.ts
  // readRecordSync): one pread where it fits, else on to the end; its length in `len`. -1 with
  // errno on failure. `scratch` only grows (a resize writes zeros), so a pass of reads into one
  // costs no more than the reads.
  static int ReadInto(int fd, std::string* scratch, size_t* len) {
    if (scratch->size() < 4096) scratch->resize(4096);
    size_t got = 0;
    for (;;) {
      if (got == scratch->size()) {
        if (got >= kMaxRecordBytes) break;
        scratch->resize(std::min(scratch->size() * 2, kMaxRecordBytes));
      }
      ssize_t n = pread(fd, &(*scratch)[got], scratch->size() - got, static_cast<off_t>(got));
      if (n < 0) {
        if (errno == EINTR) continue;
        return -1;
      }
      bool whole = got == 0 && static_cast<size_t>(n) < scratch->size();
      got += static_cast<size_t>(n);
      // A single-record seq_file gives the whole record to a first read that leaves room.
      if (n == 0 || whole) break;
    }
    *len = got;
    return 0;
  }

  // ReadInto text_ (the serial path).
  int ReadRecord(int fd) { return ReadInto(fd, &text_, &record_len_); }

  // The stat files of the listed processes read on a few threads (shares.h): each through its
  // kept file, or opened for it (and kept open when `keep[i]`, else closed at once). Only what
  // went well is read here; anything else (an open or a read that failed, out of descriptors, a
  // kept file whose process is gone) is left to ReadProcess, one by one, as the serial scan did.
  // The kernel formats the stat of different processes in parallel (bench/README.md, 'The stat
  // scan on a few threads').
  struct Ahead {
    bool ok = false;
    bool opened = false;
    int fd = -1;
    // Why the open or the read failed (errno), when it did.
    int err = 0;
    uint32_t share = 0;
    size_t offset = 0;
    size_t length = 0;
  };
  void ReadAhead(int dfd, const std::vector<bool>& keep) {
    const size_t count = pids_.size();
    ahead_.assign(count, Ahead{});
    const size_t shares = ShareCount(count, kStatsAShareAtLeast);
    share_bytes_.resize(shares);
    share_scratch_.resize(shares);
    RunShares(shares, [&](size_t share) {
      std::string& bytes = share_bytes_[share];
      std::string& scratch = share_scratch_[share];
      bytes.clear();
      const ShareRange range = RangeOf(share, shares, count);
      for (size_t i = range.begin; i < range.end; i++) {
        const int64_t key = static_cast<int64_t>(pids_[i]);
        // The kept files are only looked up here; ReadProcess changes them, after.
        auto kept = kept_.find(key);
        Ahead& a = ahead_[i];
        a.opened = kept == kept_.end();
        if (a.opened) {
          char path[32];
          snprintf(path, sizeof path, "%lld/stat", static_cast<long long>(key));
          a.fd = openat(dfd, path, O_RDONLY | O_CLOEXEC);
          if (a.fd < 0) {
            a.err = errno;
            continue;
          }
        } else {
          a.fd = kept->second.fd;
        }
        a.share = static_cast<uint32_t>(share);
        a.offset = bytes.size();
        // An allocation that fails here must not end the process (a thread's exception does):
        // the process is left to ReadProcess, which throws it where Node can catch it.
        try {
          a.ok = ReadInto(a.fd, &scratch, &a.length) == 0;
          if (!a.ok) a.err = errno;
          if (a.ok) bytes.append(scratch, 0, a.length);
        } catch (const std::exception&) {
          a.ok = false;
        }
        if (a.opened && (!a.ok || !keep[i])) {
          close(a.fd);
          a.fd = -1;
        }
      }
    });
  }

  void ReadProcess(Napi::Env env, int dfd, double pid) {
    const int64_t key = static_cast<int64_t>(pid);
    auto kept = kept_.find(key);
    if (kept != kept_.end()) {
      if (ReadRecord(kept->second.fd) == 0) {
        kept->second.pass = pass_;
        Take(pid, std::string_view(text_.data(), record_len_));
        return;
      }
      int err = errno;
      close(kept->second.fd);
      kept_.erase(kept);
      // Its process is gone; the pid may name a new one now: opened afresh below.
      if (!IsGone(err)) throw MakeSysError(env, "pread", err, "");
    }
    char path[32];
    snprintf(path, sizeof path, "%lld/stat", static_cast<long long>(key));
    int fd = openat(dfd, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && (errno == EMFILE || errno == ENFILE) && !kept_.empty()) {
      // Out of descriptors (the process's other files took more than the budget left): keep half
      // as many from now on, and go on.
      max_kept_ = kept_.size() / 2;
      CloseAll();
      fd = openat(dfd, path, O_RDONLY | O_CLOEXEC);
    }
    if (fd < 0) {
      int err = errno;
      if (IsGone(err) || IsDenied(err)) return;
      throw MakeSysError(env, "open", err, root_ + "/" + path + ": " + strerror(err));
    }
    if (ReadRecord(fd) != 0) {
      int err = errno;
      close(fd);
      if (IsGone(err) || IsDenied(err)) return;
      throw MakeSysError(env, "pread", err, root_ + "/" + path + ": " + strerror(err));
    }
    if (kept_.size() < max_kept_) {
      kept_.emplace(key, Kept{fd, pass_});
    } else {
      close(fd);
    }
    Take(pid, std::string_view(text_.data(), record_len_));
  }

  // Parse `text`, the stat of the process in folder `pid`, and add it to the output.
  void Take(double pid, std::string_view text) {
    // An empty stat: the process is exiting.
    if (text.empty()) return;
    size_t open = text.find('(');
    size_t close = text.rfind(')');
    if (open == std::string_view::npos || open < 1 || close == std::string_view::npos || close < open) return;
    bool ascii_after = true;
    for (size_t i = close; i < text.size(); i++) {
      if (static_cast<unsigned char>(text[i]) > 0x7f) {
        ascii_after = false;
        break;
      }
    }
    ProcScanRecord r{};
    if (!ascii_after) {
      r.pid = pid;
      r.bits = kRaw;
      AddString(&r, text.data(), text.size());
      records_.push_back(r);
      return;
    }
    if (!ParseStat(text, open, close, &r) || r.pid != pid) return;
    AddString(&r, text.data() + open + 1, close - open - 1);
    records_.push_back(r);
  }

  void AddString(ProcScanRecord* r, const char* bytes, size_t len) {
    r->comm_offset = static_cast<uint32_t>(strings_.size());
    r->comm_length = static_cast<uint32_t>(len);
    strings_.append(bytes, len);
  }

  Napi::ArrayBuffer Pack(Napi::Env env) {
    const size_t records_bytes = records_.size() * sizeof(ProcScanRecord);
    Napi::ArrayBuffer out = Napi::ArrayBuffer::New(env, kHeaderBytes + records_bytes + strings_.size());
    auto* base = static_cast<uint8_t*>(out.Data());
    uint32_t header[4] = {static_cast<uint32_t>(records_.size()), static_cast<uint32_t>(sizeof(ProcScanRecord)),
                          static_cast<uint32_t>(kHeaderBytes + records_bytes), static_cast<uint32_t>(strings_.size())};
    memcpy(base, header, sizeof header);
    if (records_bytes > 0) memcpy(base + kHeaderBytes, records_.data(), records_bytes);
    if (!strings_.empty()) memcpy(base + kHeaderBytes + records_bytes, strings_.data(), strings_.size());
    return out;
  }

  size_t max_kept_ = 0;
  std::string root_;
  uint64_t pass_ = 0;
  std::unordered_map<int64_t, Kept> kept_;
  // Below this many files to keep, the table's own growth costs too little to matter.
  static constexpr size_t kGrowAtLeast = 256;
  // Processes a thread at least when stat files are read ahead (shares.h ShareCount).
  static constexpr size_t kStatsAShareAtLeast = 128;
  // A pass that opens at least this many files reads on threads (ReadInShares).
  static constexpr size_t kOpensForThreads = 256;
  // Per scan, kept for their capacity until close(); those of the reads on threads (ahead_ and
  // the shares'), until that pass is parsed.
  std::vector<double> pids_;
  std::vector<Ahead> ahead_;
  std::vector<std::string> share_bytes_;
  std::vector<std::string> share_scratch_;
  std::string text_;
  size_t record_len_ = 0;
  std::vector<ProcScanRecord> records_;
  std::string strings_;
};

#define PS_FIELD(f) fields.Set(#f, Napi::Number::New(env, static_cast<double>(offsetof(ProcScanRecord, f))))

// The record's sizeof and offsetof of every field, for the decoder's test.
Napi::Object RecordLayout(Napi::Env env) {
  Napi::Object fields = Napi::Object::New(env);
  PS_FIELD(pid);
  PS_FIELD(ppid);
  PS_FIELD(flags);
  PS_FIELD(cpu_ticks);
  PS_FIELD(priority);
  PS_FIELD(nice);
  PS_FIELD(threads);
  PS_FIELD(start_time);
  PS_FIELD(vsize);
  PS_FIELD(rss_pages);
  PS_FIELD(comm_offset);
  PS_FIELD(comm_length);
  PS_FIELD(state);
  PS_FIELD(bits);
  Napi::Object layout = Napi::Object::New(env);
  layout.Set("size", Napi::Number::New(env, static_cast<double>(sizeof(ProcScanRecord))));
  layout.Set("fields", fields);
  return layout;
}

#undef PS_FIELD

void Init(Napi::Env env, Napi::Object exports) {
  exports.Set("Scanner", Scanner::Define(env));
  exports.Set("recordLayout", RecordLayout(env));
  exports.Set("readCounters", Napi::Function::New(env, ReadCounters, "readCounters"));
}

}  // namespace
}  // namespace smoothtask

SMOOTHTASK_MODULE(procscan, smoothtask::Init);
