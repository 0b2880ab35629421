// SPDX-License-Identifier: MIT
// A pass's work over many processes split into contiguous shares, one thread a share, for the
// native /proc readers (procscan.cc, procfiles.cc): the kernel formats the procfs files of
// different processes in parallel, so their reads take a fraction of the time on as many CPUs
// (bench/README.md, 'Facts read ahead' and 'The stat scan on a few threads').
#pragma once
#include <sched.h>

#include <algorithm>
#include <cstddef>
#include <system_error>
#include <thread>
#include <vector>

namespace smoothtask {

// At most this many threads a pass: past it the files of one /proc are not read faster.
constexpr size_t kMaxShares = 8;

// The CPUs this process may run on (a container's share, not the host's count). A set sized for
// 16,384 CPUs: cpu_set_t holds 1,024, and sched_getaffinity refuses a set smaller than the
// kernel's.
inline size_t UsableCpus() {
  constexpr int kMaxCpus = 16384;
  cpu_set_t* set = CPU_ALLOC(kMaxCpus);
  if (set == nullptr) return 1;
  const size_t size = CPU_ALLOC_SIZE(kMaxCpus);
  const int count = sched_getaffinity(0, size, set) == 0 ? CPU_COUNT_S(size, set) : 1;
  CPU_FREE(set);
  return static_cast<size_t>(std::max(1, count));
}

// How many shares `count` items make: one per usable CPU, at most kMaxShares, each of at least
// `at_least` items (a thread's start costs more than a few dozen files), and at least one.
inline size_t ShareCount(size_t count, size_t at_least) {
  return std::max<size_t>(1, std::min({UsableCpus(), kMaxShares, count / std::max<size_t>(at_least, 1)}));
}

// Items [begin, end) of share `share` of `shares` over `count` items.
struct ShareRange {
  size_t begin;
  size_t end;
};
inline ShareRange RangeOf(size_t share, size_t shares, size_t count) {
  const size_t chunk = (count + shares - 1) / shares;
  return ShareRange{std::min(count, share * chunk), std::min(count, (share + 1) * chunk)};
}

// Run work(share) for every share: share 0 on the calling thread, the others on threads of their
// own (a thread that cannot be started, at the process's or the system's limit, leaves its share
// to the calling thread). `work` must not throw: what it meets, it keeps for the caller.
template <typename Work>
void RunShares(size_t shares, Work work) {
  std::vector<std::thread> started;
  started.reserve(shares > 0 ? shares - 1 : 0);
  for (size_t s = 1; s < shares; s++) {
    try {
      started.emplace_back(work, s);
    } catch (const std::system_error&) {
      work(s);
    }
  }
  if (shares > 0) work(0);
  for (std::thread& t : started) t.join();
}

}  // namespace smoothtask
