// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Test-only group for the addon's batch map reads (native/bpf.cc MapRead), which read in batches
 * of 1,024 entries: an array larger than a batch, and a hash that one process fills through a
 * tracepoint, an entry for each getppid() it makes (keyed by the time of the call, so each is new).
 * The syscalls/ tracepoints need tracefs, which the development VM lacks; raw_syscalls' sys_enter
 * is a BTF tracepoint, which needs nothing mounted.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#if defined(__TARGET_ARCH_arm64)
#define NR_GETPPID 173
#else
#define NR_GETPPID 110
#endif

/* The process whose getppid() calls fill wide_hash; set before load. */
const volatile __u32 target_tgid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3000);
	__type(key, __u32);
	__type(value, __u64);
} wide_array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, __u64);
	__type(value, __u64);
} wide_hash SEC(".maps");

SEC("tp_btf/sys_enter")
int BPF_PROG(on_sys_enter, struct pt_regs *regs, long id)
{
	__u64 now;

	if (id != NR_GETPPID || (bpf_get_current_pid_tgid() >> 32) != target_tgid)
		return 0;
	now = bpf_ktime_get_ns();
	bpf_map_update_elem(&wide_hash, &now, &now, BPF_NOEXIST);
	return 0;
}
